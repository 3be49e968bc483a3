#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# swapoff-bench.sh [RUNS] - time swapoff of a swap disk that holds 256 MiB
# swapped out by 16 processes: without vswap (legacy-disk), where swapoff
# walks the page tables of every process, and with vswap (vswap-disk), where
# it follows the reverse map from the disk's slots. RUNS (default 5) runs of
# each, alternating, in one boot, inside the VM (bench-guest.sh runs it).
#
# Each process is a swap_roundtrip run, held once its 16 MiB are evicted
# (tools/lib/hold.h) while swapoff runs; then it checks every byte. A run
# with a bad byte fails.

set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/swaplab.sh"
roundtrip=$LAB_BUILD/bench/swap_roundtrip
runs=${1:-5}
workers=16
mib=16
work=/tmp/swapoff-bench

# Prints the seconds swapoff took, with CONFIG's swap setup.
one_run() { # CONFIG
	local config=$1 i pids=() t0 t1 rc=0

	swap_setup "$config" || return 1
	rm -rf "$work"
	for i in $(seq "$workers"); do
		mkdir -p "$work/$i"
		"$roundtrip" -p incompressible -s "$mib" -e pageout -m 90 -S "$i" \
			--hold "$work/$i" >"$work/log.$i" 2>&1 &
		pids+=($!)
	done
	for i in $(seq "$workers"); do
		hold_wait "$work/$i" evicted "${pids[$((i - 1))]}" && continue
		echo "swapoff-bench: process $i did not swap out" >&2
		rc=1
	done
	if [ "$rc" = 0 ]; then
		t0=$(date +%s.%N)
		swapoff "$SWAP_DISK" || rc=1
		t1=$(date +%s.%N)
	fi
	for i in $(seq "$workers"); do
		hold_release "$work/$i" evicted
		hold_wait "$work/$i" verified "${pids[$((i - 1))]}" && hold_release "$work/$i" verified
	done
	for i in "${!pids[@]}"; do
		wait "${pids[$i]}" && continue
		echo "swapoff-bench: $config process $((i + 1)) failed:" >&2
		cat "$work/log.$((i + 1))" >&2
		rc=1
	done
	[ "$rc" = 0 ] && awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

: >/tmp/swapoff-legacy.log
: >/tmp/swapoff-vswap.log
for i in $(seq "$runs"); do
	for config in legacy-disk vswap-disk; do
		s=$(one_run "$config") || { echo "swapoff-bench: run $i ($config) failed" >&2; exit 1; }
		echo "#   run $i $config: swapoff took $s s" >&2
		if [ "$config" = legacy-disk ]; then
			echo "$s" >>/tmp/swapoff-legacy.log
		else
			echo "$s" >>/tmp/swapoff-vswap.log
		fi
	done
done
swap_off_all

read -r lm llo lhi < <(median_spread %.3f </tmp/swapoff-legacy.log)
read -r vm vlo vhi < <(median_spread %.3f </tmp/swapoff-vswap.log)
echo
echo "# swapoff of a disk holding $((workers * mib)) MiB of $workers processes, $runs runs each"
echo "# seconds: median (min..max)"
printf 'swapoff legacy-disk (page-table walk)  %7s (%s..%s)\n' "$lm" "$llo" "$lhi"
printf 'swapoff vswap-disk (reverse map)       %7s (%s..%s)\n' "$vm" "$vlo" "$vhi"
awk -v l="$lm" -v v="$vm" 'BEGIN { printf "speedup swapoff legacy/vswap          %7.2f\n", l / v }'
