#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-patches.sh - export the commits of $KDIR/linux (vswap-base..HEAD)
# as the series in kernel-patches/, replacing the old patch files.
# This is the only way patches should change: never hand-edit a .patch.
set -euo pipefail
. "$(dirname "$0")/common.sh"

[ -d "$KTREE/.git" ] || die "no kernel tree at $KTREE: run 'make kernel-tree' first"
if [ -n "$(ktree_git status --porcelain --untracked-files=no)" ]; then
	die "$KTREE has uncommitted changes: commit them first (git -C $KTREE commit)"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export_series "$tmp"

changed=0
for f in $(series_files); do
	if [ ! -e "$tmp/$(basename "$f")" ]; then
		rm -f "$f"
		changed=1
	fi
done
for f in "$tmp"/*.patch; do
	[ -e "$f" ] || continue
	if ! cmp -s "$f" "$PATCHES/$(basename "$f")"; then
		cp "$f" "$PATCHES/"
		changed=1
	fi
done

mark_applied
if [ "$changed" = 1 ]; then
	info "PATCHES kernel-patches/ now holds $(series_files | wc -l) patch(es); review with git diff"
else
	info "PATCHES kernel-patches/ already matches $KTREE"
fi
