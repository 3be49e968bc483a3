#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [REGEX] - the selftests, run inside the VM as root (make check).
#
# Prints one TAP line per test and ends with "N passed, N failed".
# REGEX selects tests by name, e.g. run.sh 'integrity/disk'.
# VERBOSE=1 shows every test's diagnostics, not only the failures'.

set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/harness.sh"
TAP_FILTER=${1:-}
bin=${VSWAP_BUILD:-$here/../build}/selftests
kselftests=${VSWAP_BUILD:-$here/../build}/kselftests
THP=/sys/kernel/mm/transparent_hugepage

[ "$(id -u)" = 0 ] || { echo "run.sh: must run as root, inside the test VM" >&2; exit 2; }
[ -x "$bin/swap_integrity" ] || { echo "run.sh: $bin/swap_integrity missing: run 'make tools'" >&2; exit 2; }

echo "TAP version 13"
echo "# kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {print $2 / 1024 " MiB"}' /proc/meminfo)"

# (a) Every pattern, both eviction paths, with and without zswap.
for config in disk zswap+disk; do
	swap_setup "$config" || { echo "Bail out! cannot set up $config swap"; exit 1; }
	for pattern in compressible incompressible zero mixed; do
		for evict in pageout reclaim; do
			tap_run "integrity/$config/$pattern/$evict" \
				"$bin/swap_integrity" -c "$config" -p "$pattern" -e "$evict" -s 64M
		done
	done
done

# The integrity check must be able to fail: overwrite one evicted page's
# slot on the swap disk (through /dev/vdd, which run-vm.sh attaches as an
# alias of /dev/vda) and expect swap_integrity to report exactly that page.
corrupted_page_is_caught() {
	local out rc
	swap_setup disk || return 1
	out=$("$bin/swap_integrity" -c disk -p incompressible -s 16M -C /dev/vdd 2>&1)
	rc=$?
	echo "$out"
	[ "$rc" = 1 ] && grep -q 'FAIL: 1 bad page(s)' <<<"$out"
}
tap_run "integrity/detects-corrupted-page" corrupted_page_is_caught

# (c) Large folios: PMD THPs, then 64K mTHPs, swapped out whole.
thp_round_trip() { # CONFIG SIZE
	local pmd_enabled rc
	swap_setup "$1" || return 1
	pmd_enabled=$(sed 's/.*\[\(.*\)\].*/\1/' "$THP/hugepages-2048kB/enabled")
	if [ "$2" = 2M ]; then
		echo madvise >"$THP/enabled"
	else
		echo never >"$THP/hugepages-2048kB/enabled"
		echo madvise >"$THP/hugepages-64kB/enabled"
	fi
	"$bin/swap_integrity" -c "$1" -p mixed -s 64M -t "$2"
	rc=$?
	echo never >"$THP/hugepages-64kB/enabled"
	echo "$pmd_enabled" >"$THP/hugepages-2048kB/enabled"
	return $rc
}
for config in disk zswap+disk; do
	tap_run "thp/$config/pmd-2M" thp_round_trip "$config" 2M
	tap_run "thp/$config/mthp-64K" thp_round_trip "$config" 64K
done

# (b) The kernel's own cgroup/test_zswap, one TAP line per subtest.
tap_xfail kselftest/test_zswap/test_no_invasive_cgroup_shrink \
	"fails on stock 6.12 too (shared/ENVIRONMENT.md baseline)"
run_kselftest() { # GROUP BINARY SETUP
	local out line name
	tap_selected "kselftest/$2" || return 0
	$3 || { tap_result "kselftest/$2" 1 "cannot set up swap"; return; }
	# Line-buffered: the tests fork, and children would flush copies of a
	# fully buffered stdout again.
	out=$(cd "$kselftests/$1" && stdbuf -oL -eL "./$2" 2>&1)
	while IFS= read -r line; do
		case "$line" in
		"ok "*"# SKIP "*) name=${line##*# SKIP }; tap_result "kselftest/$2/$name" 4 "SKIP" ;;
		"ok "*) name=${line#ok * }; tap_result "kselftest/$2/$name" 0 "" ;;
		"not ok "*) name=${line#not ok * }
			tap_result "kselftest/$2/$name" 1 "$(grep '^#' <<<"$out")" ;;
		esac
	done <<<"$out"
}
run_kselftest cgroup test_zswap "swap_setup zswap+disk"

swap_off_all
tap_summary
