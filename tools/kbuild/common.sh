# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the tools/kbuild scripts. Source it; do not run it.
#
# Environment (set by the top-level Makefile, defaults for manual use):
#   KDIR      persistent kernel work area, outside the clone
#   KTARBALL  Debian's linux-source-6.12 tarball
#   PATCHES   the series directory (kernel-patches/)

: "${KDIR:=/var/tmp/vswap-kernel}"
: "${KTARBALL:=/usr/src/linux-source-6.12.tar.xz}"
: "${PATCHES:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../kernel-patches" && pwd)}"

KTREE="$KDIR/linux"
BASE_TAG="vswap-base"
APPLIED_REF="refs/vswap/applied"

die() { echo "error: $*" >&2; exit 1; }
info() { echo "  $*"; }

# git in the kernel tree, with an identity even on a machine that has none
# configured (a fresh CI clone): the base commit and `git am` need one.
ktree_git() {
	git -C "$KTREE" \
		-c user.name="${GIT_AUTHOR_NAME:-$(git config user.name || echo vswap)}" \
		-c user.email="${GIT_AUTHOR_EMAIL:-$(git config user.email || echo vswap@localhost)}" \
		"$@"
}

# Every file of the series: the cover letter (0000-cover-letter.patch)
# and the patches.
series_files() {
	find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' | sort
}

# The patches alone, what `git am` applies.
patch_files() {
	series_files | grep -v '/0000-cover-letter\.patch$'
}

COVER_LETTER="$PATCHES/0000-cover-letter.patch"

# The cover letter's text is the kernel tree's branch description (edit it
# with `git -C $KTREE branch --edit-description`): its first line is the
# subject. format-patch adds the shortlog and the diffstat.
cover_letter_to_description() {
	[ -r "$COVER_LETTER" ] || return 0
	awk '
	/^Subject: / && !subject { sub(/^Subject: (\[PATCH[^]]*\] )?/, ""); subject = $0; next }
	subject && !body && /^$/ { body = 1; next }
	body && /^[^ ].* \([0-9]+\):$/ { exit }
	body { lines[++n] = $0 }
	END {
		while (n > 0 && lines[n] == "") n--
		print subject; print ""
		for (i = 1; i <= n; i++) print lines[i]
	}' "$COVER_LETTER" >"$KTREE/.git/vswap-cover"
	ktree_git config "branch.$(ktree_git symbolic-ref --short HEAD).description" \
		"$(cat "$KTREE/.git/vswap-cover")"
}

# Record that the tree holds exactly the series in kernel-patches/.
mark_applied() {
	ktree_git update-ref "$APPLIED_REF" HEAD
	series_hash >"$KTREE/.git/vswap-series"
}

# Hash of the series content; names matter too (they carry the order).
series_hash() {
	local f
	for f in $(series_files); do
		basename "$f"
		cat "$f"
	done | sha256sum | cut -d' ' -f1
}

# The tarball identity: a newer linux-source-6.12 means a new base.
tarball_id() {
	stat -c '%n %s %Y' "$KTARBALL"
}

# Write base..HEAD of the kernel tree as a format-patch series into $1.
# --zero-commit, no signature (instead of the git version) and a fixed
# abbreviation length (git's default depends on how the repository happens
# to be packed) keep the files byte-identical for the same commits on any
# machine, so "did the series change" is a plain content comparison. -N leaves "[PATCH n/m]" out
# of the subjects, so adding a patch does not rewrite every other file.
# Empty context lines are written as empty lines, not as a single space
# (git am accepts both): checkpatch run on a .patch tracked in this
# repository treats it as a source file and flags trailing whitespace.
#
# The cover letter (written when the branch has a description) gets the
# author and date of the last patch, not who exported it and when.
export_series() {
	local f cover=() author date

	ktree_git config "branch.$(ktree_git symbolic-ref --short HEAD).description" >/dev/null &&
		cover=(--cover-letter --cover-from-description=subject)
	ktree_git -c core.abbrev=9 format-patch -q -N --zero-commit --no-signature "${cover[@]}" \
		--output-directory "$1" "$BASE_TAG..HEAD" >/dev/null
	for f in "$1"/*.patch; do
		[ -e "$f" ] && sed -i 's/^ $//' "$f"
	done
	f=$1/0000-cover-letter.patch
	if [ -e "$f" ]; then
		awk -v name="$(ktree_git log -1 --format=%an)" \
		    -v email="$(ktree_git log -1 --format=%ae)" \
		    -v date="$(ktree_git log -1 --format=%aD)" '
		/^Subject:/ { headers_done = 1 }
		!headers_done && /^From: / { print "From: " name; print " <" email ">"; skip = 1; next }
		!headers_done && skip && /^ / { next }
		{ skip = 0 }
		!headers_done && /^Date: / { print "Date: " date; next }
		{ print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
	fi
	return 0
}
