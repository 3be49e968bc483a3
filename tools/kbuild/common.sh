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

series_files() {
	find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' | sort
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
# --zero-commit and no signature (instead of the git version) keep the
# files byte-identical for the same commits on any machine, so "did the
# series change" is a plain content comparison. -N leaves "[PATCH n/m]" out
# of the subjects, so adding a patch does not rewrite every other file.
# Empty context lines are written as empty lines, not as a single space
# (git am accepts both): checkpatch run on a .patch tracked in this
# repository treats it as a source file and flags trailing whitespace.
export_series() {
	local f

	ktree_git format-patch -q -N --zero-commit --no-signature \
		--output-directory "$1" "$BASE_TAG..HEAD" >/dev/null
	for f in "$1"/*.patch; do
		[ -e "$f" ] && sed -i 's/^ $//' "$f"
	done
	return 0
}
