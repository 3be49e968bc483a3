# SPDX-License-Identifier: GPL-2.0
# TAP helpers and swap setup for the in-guest selftests. Source it.
#
# Each test prints one TAP line. A test's own output is kept as "# "
# diagnostics: shown for failures, or always with VERBOSE=1. The summary
# line "N passed, N failed" is always the last line printed.

TAP_N=0
TAP_PASS=0
TAP_FAIL=0
TAP_SKIP=0
TAP_XFAIL=0
TAP_FILTER=${TAP_FILTER:-}

# Known failures, one per line: "NAME<TAB>reason". The test still runs; a
# failure is reported as "not ok ... # TODO reason" and counted apart.
declare -A TAP_XFAILS=()

tap_xfail() { TAP_XFAILS[$1]=$2; }

tap_selected() { [ -z "$TAP_FILTER" ] || [[ $1 =~ $TAP_FILTER ]]; }

# tap_result NAME RC OUTPUT: print the TAP line for a finished test.
# RC 0 passes, 4 skips (kselftest's KSFT_SKIP), anything else fails.
tap_result() {
	local name=$1 rc=$2 output=$3 xfail=${TAP_XFAILS[$1]:-}

	TAP_N=$((TAP_N + 1))
	if [ "$rc" = 0 ]; then
		[ -n "$xfail" ] && echo "# $name passed although listed as known to fail: $xfail"
		[ "${VERBOSE:-0}" = 1 ] && [ -n "$output" ] && sed 's/^/# /' <<<"$output"
		echo "ok $TAP_N $name"
		TAP_PASS=$((TAP_PASS + 1))
	elif [ "$rc" = 4 ]; then
		echo "ok $TAP_N $name # SKIP $(grep -m1 -io 'skip.*' <<<"$output")"
		TAP_SKIP=$((TAP_SKIP + 1))
	elif [ -n "$xfail" ]; then
		echo "not ok $TAP_N $name # TODO known failure: $xfail"
		TAP_XFAIL=$((TAP_XFAIL + 1))
	else
		[ -n "$output" ] && sed 's/^\(# \)\?/# /' <<<"$output"
		echo "not ok $TAP_N $name (exit $rc)"
		TAP_FAIL=$((TAP_FAIL + 1))
	fi
}

# tap_run NAME CMD...: run CMD as one test.
tap_run() {
	local name=$1 output rc
	shift
	tap_selected "$name" || return 0
	output=$("$@" 2>&1)
	rc=$?
	tap_result "$name" "$rc" "$output"
}

# Ends the run. In the VM, the counts also go to $VSWAP_OUT/summary for the
# host (selftests/check.sh), which adds its own tests to the total.
tap_summary() {
	echo "1..$TAP_N"
	[ "$TAP_SKIP" -gt 0 ] && echo "# $TAP_SKIP skipped"
	[ "$TAP_XFAIL" -gt 0 ] && echo "# $TAP_XFAIL known failure(s), not counted"
	[ -n "${VSWAP_OUT:-}" ] && echo "$TAP_PASS $TAP_FAIL" >"$VSWAP_OUT/summary"
	echo "$TAP_PASS passed, $TAP_FAIL failed"
	[ "$TAP_FAIL" = 0 ]
}

# --- swap configurations -------------------------------------------------

SWAP_DISK=${SWAP_DISK:-/dev/vda}
ZSWAP_PARAMS=/sys/module/zswap/parameters
VSWAP=/sys/kernel/mm/vswap
VSWAP_DEBUG=/sys/kernel/debug/vswap

have_vswap() { [ -d "$VSWAP" ]; }

# vswap_set 0|1: steer new swap-outs; "off" is trivially true without vswap.
vswap_set() {
	if have_vswap; then
		echo "$1" >"$VSWAP/enabled"
	else
		[ "$1" = 0 ]
	fi
}

swap_off_all() {
	swapoff -a 2>/dev/null
	echo 0 >"$ZSWAP_PARAMS/enabled"
}

# swap_on_disk: a freshly made swap disk. It is marked non-rotational, as
# an SSD would be: that gives it the cluster allocator, which THP swap-out
# needs.
swap_on_disk() {
	echo 0 >"/sys/block/${SWAP_DISK#/dev/}/queue/rotational"
	mkswap -q "$SWAP_DISK" >/dev/null && swapon "$SWAP_DISK"
}

# swap_setup CONFIG:
#   disk              physical swap disk alone, vswap off
#   zswap+disk        zswap in front of the disk, vswap off
#   zswap             the virtual swap device with zswap, and no physical device
#   vswap-disk        the virtual swap device backed by the disk alone
#   vswap-zswap+disk  the virtual swap device with zswap, backed by the disk
# swap_integrity's -c takes the backends: ${CONFIG#vswap-}.
swap_setup() {
	swap_off_all
	case "$1" in
	disk) vswap_set 0 && swap_on_disk ;;
	zswap+disk) vswap_set 0 && swap_on_disk && echo 1 >"$ZSWAP_PARAMS/enabled" ;;
	zswap) vswap_set 1 && echo 1 >"$ZSWAP_PARAMS/enabled" ;;
	vswap-disk) vswap_set 1 && swap_on_disk ;;
	vswap-zswap+disk) vswap_set 1 && swap_on_disk && echo 1 >"$ZSWAP_PARAMS/enabled" ;;
	*) echo "swap_setup: unknown configuration '$1'" >&2; return 1 ;;
	esac
}

# swap_used_kib: KiB in use on all physical swap devices (/proc/swaps).
swap_used_kib() { awk 'NR > 1 { used += $4 } END { print used + 0 }' /proc/swaps; }

# vswap_settled: wait until no virtual slot is in use. Slots whose folio is
# still in the swap cache are freed when the cache is reclaimed, so push
# the root cgroup's reclaim once if waiting alone does not do it.
vswap_settled() {
	local i
	for i in $(seq 50); do
		[ "$(cat "$VSWAP_DEBUG/used")" = 0 ] && return 0
		[ "$i" = 25 ] && echo 1G >/sys/fs/cgroup/memory.reclaim 2>/dev/null
		sleep 0.1
	done
	return 1
}
