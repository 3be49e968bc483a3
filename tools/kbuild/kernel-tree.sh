#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-tree.sh - make $KDIR/linux a git tree of Debian's linux-source-6.12
# with kernel-patches/ applied as commits.
#
# The tree is generated, but it is also where kernel work is edited and
# committed (then exported with kernel-patches.sh). So this script:
#   - creates the tree from the tarball when missing or when the tarball
#     changed (tag vswap-base marks the unpatched base);
#   - does nothing when the series is what was last applied;
#   - re-applies a changed series, restoring the old mtime of every file
#     whose content ended up identical, so kbuild recompiles only files
#     whose content really changed;
#   - never throws local work away: before re-applying, uncommitted edits
#     and commits that were never exported are kept on saved/* branches.
#     (A CI run or a `git pull` in another clone must not fail, nor lose
#     what a developer left in the shared tree.)
set -euo pipefail
. "$(dirname "$0")/common.sh"

[ -r "$KTARBALL" ] || die "$KTARBALL not found: run 'make deps' (apt install linux-source-6.12)"

create_tree() {
	local new="$KDIR/linux.new"

	info "KTREE   unpacking $(basename "$KTARBALL") into $KTREE"
	rm -rf "$new"
	mkdir -p "$new"
	tar -xf "$KTARBALL" --strip-components=1 -C "$new"
	# Debian's top-level .gitignore ends with "/*": it would hide every new
	# file (mm/vswap.c, ...) from git add. Drop that packaging-only block.
	sed -i '/^# Debian packaging: ignore everything/,$d' "$new/.gitignore"
	sed -i '${/^#$/d}' "$new/.gitignore"
	git -C "$new" init -q
	# The base commit holds about 90,000 files: the next git command would
	# start a background `git gc --auto` that competes with the first kernel
	# build for minutes and can hold locks while `git am` applies the series.
	git -C "$new" config gc.auto 0
	git -C "$new" config maintenance.auto false
	# A fixed identity and date make the base commit (and so every patch
	# commit on top) hash the same on every machine.
	git -C "$new" config feature.manyFiles true
	git -C "$new" add -A --force
	GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
	git -C "$new" -c user.name="Debian linux-source" -c user.email="debian-kernel@lists.debian.org" \
		commit -q -m "base: $(basename "$KTARBALL") ($(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo unknown))" \
		-m "Unpacked as shipped, except Debian's top-level .gitignore rule that ignores every file."
	git -C "$new" tag "$BASE_TAG"
	tarball_id >"$new/.git/vswap-tarball"
	rm -rf "$KTREE"
	mv "$new" "$KTREE"
}

# Record "path mtime" for every file the current series touches.
save_mtimes() {
	ktree_git diff --name-only -z "$BASE_TAG" HEAD |
		(cd "$KTREE" && xargs -0r stat -c '%.9Y %n' 2>/dev/null) || true
}

# Give back the old mtime to each file whose blob is unchanged.
restore_mtimes() {
	local old_head=$1 mtimes=$2 mtime path
	while read -r mtime path; do
		[ -e "$KTREE/$path" ] || continue
		if [ "$(ktree_git rev-parse -q --verify "$old_head:$path" 2>/dev/null)" = \
		     "$(ktree_git rev-parse -q --verify "HEAD:$path" 2>/dev/null)" ]; then
			touch -m -d "@$mtime" "$KTREE/$path"
		fi
	done <<<"$mtimes"
}

apply_series() {
	local old_head mtimes patches
	old_head=$(ktree_git rev-parse HEAD)
	mtimes=$(save_mtimes)
	mapfile -t patches < <(patch_files)

	info "KTREE   applying ${#patches[@]} patch(es) from kernel-patches/"
	ktree_git am --abort >/dev/null 2>&1 || true
	ktree_git reset -q --hard "$BASE_TAG"
	if [ ${#patches[@]} -gt 0 ] &&
	   ! ktree_git am -q --committer-date-is-author-date "${patches[@]}"; then
		ktree_git am --abort >/dev/null 2>&1 || true
		ktree_git reset -q --hard "$BASE_TAG"
		die "the series does not apply to $(ktree_git log -1 --format=%s "$BASE_TAG")"
	fi
	restore_mtimes "$old_head" "$mtimes"
	cover_letter_to_description
}

# Keep what re-applying the series would discard: uncommitted edits (as a
# stash-like commit) and commits that were never exported.
save_local_work() {
	local stamp dirty=0 unexported=0 wip
	stamp=$(date +%Y%m%d-%H%M%S)
	[ -n "$(ktree_git status --porcelain --untracked-files=no)" ] && dirty=1
	ktree_git rev-parse -q --verify "$APPLIED_REF" >/dev/null &&
		[ "$(ktree_git rev-parse HEAD)" != "$(ktree_git rev-parse "$APPLIED_REF")" ] && unexported=1
	[ $dirty = 1 ] || [ $unexported = 1 ] || return 0

	ktree_git branch "saved/$stamp" HEAD
	if [ $dirty = 1 ]; then
		wip=$(ktree_git stash create "uncommitted edits, saved by kernel-tree.sh $stamp")
		ktree_git branch "saved/$stamp-wip" "$wip"
		info "KTREE   kept your work: git -C $KTREE checkout saved/$stamp && git -C $KTREE stash apply saved/$stamp-wip"
	else
		info "KTREE   kept your unexported commits: branch saved/$stamp in $KTREE"
	fi
}

tree_matches_series() {
	local tmp f rc=0
	tmp=$(mktemp -d)
	export_series "$tmp"
	if [ "$(cd "$tmp" && ls)" != "$(series_files | xargs -rn1 basename)" ]; then
		rc=1
	else
		for f in $(series_files); do
			cmp -s "$f" "$tmp/$(basename "$f")" || { rc=1; break; }
		done
	fi
	rm -rf "$tmp"
	return $rc
}

start=$SECONDS
trap '[ $? = 0 ] && [ $((SECONDS - start)) -gt 1 ] && info "KTREE   done in $((SECONDS - start))s"' EXIT
mkdir -p "$KDIR"
if [ ! -d "$KTREE/.git" ] || [ "$(cat "$KTREE/.git/vswap-tarball" 2>/dev/null)" != "$(tarball_id)" ]; then
	create_tree
fi
# Trees made before auto-gc was switched off get the same setting.
git -C "$KTREE" config gc.auto 0

if [ "$(cat "$KTREE/.git/vswap-series" 2>/dev/null)" = "$(series_hash)" ]; then
	if [ "$(ktree_git rev-parse HEAD)" != "$(ktree_git rev-parse -q --verify "$APPLIED_REF")" ]; then
		info "KTREE   note: $KTREE has commits not in kernel-patches/ (run 'make kernel-patches')"
	fi
	exit 0
fi

# The series changed. If the tree already holds exactly this series (for
# example kernel-patches/ was just exported from it), only record that.
cover_letter_to_description
if tree_matches_series; then
	mark_applied
	exit 0
fi

save_local_work
apply_series
mark_applied
