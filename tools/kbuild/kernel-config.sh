#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-config.sh OBJDIR FRAGMENT... - write OBJDIR/.config for the lean
# QEMU guest: tinyconfig + kvm_guest.config + our fragments.
#
# Two properties matter:
#   - every line of our fragments must survive Kconfig (a symbol whose
#     dependencies are missing is silently dropped otherwise, and a test
#     then fails in a confusing way, e.g. madvise() returning ENOSYS);
#   - OBJDIR/.config is rewritten only when its content changes, so an
#     unchanged configuration never triggers a rebuild.
set -euo pipefail
. "$(dirname "$0")/common.sh"

obj=$1
shift
[ $# -gt 0 ] || die "usage: $0 OBJDIR FRAGMENT..."
mkdir -p "$obj"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# tinyconfig = allnoconfig with the tiny fragments; ours come last and win.
"$KTREE/scripts/kconfig/merge_config.sh" -m -O "$tmp" \
	"$KTREE/kernel/configs/tiny-base.config" \
	"$KTREE/kernel/configs/tiny.config" \
	"$KTREE/arch/x86/configs/tiny.config" \
	"$KTREE/kernel/configs/kvm_guest.config" \
	"$@" >"$tmp/merge.log" 2>&1 || { cat "$tmp/merge.log" >&2; exit 1; }

make -s -C "$KTREE" O="$obj" \
	KCONFIG_CONFIG="$tmp/config" KCONFIG_ALLCONFIG="$tmp/.config" \
	allnoconfig >"$tmp/conf.log" 2>&1 || { cat "$tmp/conf.log" >&2; exit 1; }

# Check each requested value against the result. A later fragment
# overrides an earlier one's line for the same symbol (a variant turning
# off what the base config turns on).
requested() {
	awk 'match($0, /^CONFIG_[A-Za-z0-9_]+=/) { sym = substr($0, 1, RLENGTH - 1) }
	     /^# CONFIG_[A-Za-z0-9_]+ is not set$/ { sym = $2 }
	     sym != "" { if (!(sym in line)) order[++n] = sym; line[sym] = $0; sym = "" }
	     END { for (i = 1; i <= n; i++) print line[order[i]] }' "$@"
}
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$tmp/config" && continue ;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }
		sym=${sym%% *}
		grep -q "^$sym=" "$tmp/config" || continue ;;
	esac
	echo "error: '$line' did not survive Kconfig" >&2
	bad=1
done < <(requested "$@")
[ "$bad" = 0 ] || die "fix the fragment (a dependency is probably missing)"

if ! cmp -s "$tmp/config" "$obj/.config"; then
	cp "$tmp/config" "$obj/.config"
	info "KCONFIG $obj/.config updated"
fi
