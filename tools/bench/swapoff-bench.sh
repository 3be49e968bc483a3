#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# swapoff-bench.sh [RUNS] - time swapoff of a swap disk that holds 256 MiB
# swapped out by 16 processes: without vswap (legacy-disk), where swapoff
# walks the page tables of every process, and with vswap (vswap-disk), where
# it follows the reverse map from the disk's slots. RUNS (default 5) runs of
# each, alternating, in one boot, inside the VM (bench-guest.sh runs it).
#
# tools/bench/swap_workers pages the 16 processes out in a chosen layout
# (process_madvise): interleaved, a chunk of each in turn, as when they
# swap out at the same time, or contiguous, one after the other, which is
# what legacy swap readahead is made for. Both are measured. The processes
# hold their memory out while swapoff runs (tools/lib/hold.h), then check
# every byte; a run with a bad byte fails.

set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/swaplab.sh"
runs=${1:-5}
workers=16
mib=16
results=/tmp/swapoff-bench

timed_swapoff() {
	local t0 t1
	t0=$(date +%s.%N)
	swapoff "$SWAP_DISK" || return 1
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >"$results/last"
}

# Prints the seconds swapoff took, with CONFIG's swap setup and LAYOUT.
one_run() { # CONFIG LAYOUT
	swap_setup "$1" || return 1
	held_run timed_swapoff "" "$LAB_BUILD/bench/swap_workers" -n "$workers" -s "$mib" \
		-l "$2" >"$results/log" 2>&1 || { cat "$results/log" >&2; return 1; }
	cat "$results/last"
}

mkdir -p "$results"
rm -f "$results"/*.times
for i in $(seq "$runs"); do
	for layout in interleaved contiguous; do
		for config in legacy-disk vswap-disk; do
			s=$(one_run "$config" "$layout") ||
				{ echo "swapoff-bench: run $i ($config, $layout) failed" >&2; exit 1; }
			echo "#   run $i $config $layout: swapoff took $s s" >&2
			echo "$s" >>"$results/$config-$layout.times"
		done
	done
done
swap_off_all

echo
echo "# swapoff of a disk holding $((workers * mib)) MiB of $workers processes, $runs runs each"
echo "# seconds: median (min..max)"
for layout in interleaved contiguous; do
	read -r lm llo lhi < <(median_spread %.3f <"$results/legacy-disk-$layout.times")
	read -r vm vlo vhi < <(median_spread %.3f <"$results/vswap-disk-$layout.times")
	printf 'swapoff %-11s legacy-disk (page-table walk) %7s (%s..%s)\n' "$layout" "$lm" "$llo" "$lhi"
	printf 'swapoff %-11s vswap-disk (reverse map)      %7s (%s..%s)\n' "$layout" "$vm" "$vlo" "$vhi"
	awk -v l="$lm" -v v="$vm" -v k="$layout" \
		'BEGIN { printf "speedup swapoff %-11s legacy/vswap             %7.2f\n", k, l / v }'
done
