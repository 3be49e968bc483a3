#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo-policies.sh - part 2 of the demo, run inside the VM by demo-guest.sh:
# BPF placement policies.
#
# Two cgroups swap out and back at the same time: demo-text fills its
# memory with compressible pages, demo-random with incompressible ones
# (tools/bench/two-cgroups.sh). This runs twice, with the kernel's default
# placement and with the adaptive policy (bpf/adaptive.bpf.c), showing
# vswapstat live and the bpftrace script vswapplace.bt, then a report:
# where each cgroup's pages went and the CPU zswap spent compressing them,
# as a table, an ASCII chart, and an SVG chart in $VSWAP_OUT/report.svg.

set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$repo/tools/lib/swaplab.sh"
out=${VSWAP_OUT:-/tmp}
size=${DEMO_SIZE:-48M}

phase() { # NAME TITLE POLICY
	local name=$1 title=$2 policy=$3 bt live result
	echo
	echo "== $title =="
	bpftrace "$repo/tools/bpftrace/vswapplace.bt" >"$out/$name-vswapplace.txt" 2>&1 &
	bt=$!
	wait_banner "$out/$name-vswapplace.txt" 90 $bt || echo "(bpftrace did not start)"
	echo "-- vswapstat -H 3, live (intervals with no placement left out) --"
	"$LAB_BUILD/tools/vswapstat" -H 3 > >(awk -v RS= '!/no placements/ { print; print ""; fflush() }') &
	live=$!
	sleep 1
	result=$("$repo/tools/bench/two-cgroups.sh" "$policy" "$size" "$out/$name-summary.csv")
	sleep 2
	kill -INT $live $bt
	wait $live $bt 2>/dev/null
	echo "-- bpftrace vswapplace.bt: pages by (cgroup id, placement, backend) --"
	echo "   (the vswapstat table above names the cgroups)"
	# Sum the intervals the script printed.
	awk -F': ' '/^@pages/ { pages[$1] += $2 } END { for (k in pages) print k ": " pages[k] }' \
		"$out/$name-vswapplace.txt" | sort
	echo "-- result: $result"
	case $result in
	*intact=1*) echo "=> both cgroups read every byte back intact" ;;
	*) echo "=> FAILED: a cgroup read back wrong data"; return 1 ;;
	esac
}

swap_setup vswap-zswap+disk || { echo "cannot set up vswap-zswap+disk"; exit 1; }
echo
echo "Part 2: placement policies. demo-text swaps $size of compressible pages,"
echo "demo-random $size of incompressible ones, at the same time, twice."
phase default "2.1 default placement: zswap compresses every page, and rejects the random ones" none &&
phase adaptive "2.2 adaptive policy: it learns that zswap rejects demo-random, and sends it to disk" adaptive
status=$?
if [ $status = 0 ]; then
	"$here/demo-report.sh" "$out/default-summary.csv" "$out/adaptive-summary.csv" \
		"$out/report.svg"
	status=$?
fi
swap_off_all
exit $status
