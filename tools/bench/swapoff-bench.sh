#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# swapoff-bench.sh [RUNS] - time swapoff of a swap disk that holds 256 MiB
# swapped out by 16 processes: without vswap, where swapoff walks the page
# tables of every process, and with vswap, where it follows the reverse map
# from the disk's slots. RUNS (default 5) runs of each, alternating, in one
# boot, inside the VM (bench-guest.sh runs it).
#
# Each process is a swap_integrity run: it evicts its 16 MiB, waits while
# swapoff runs, then checks every byte. A run with a bad byte fails.

set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../selftests/lib/harness.sh"
integrity=${VSWAP_BUILD:-$here/../../build}/selftests/swap_integrity
runs=${1:-5}
workers=16
mib=16
sync=/tmp/swapoff-bench

# Prints the seconds swapoff took, with CONFIG's swap setup.
one_run() { # CONFIG
	local config=$1 i n pids=() t0 t1 rc=0

	swap_setup "$config" || return 1
	rm -rf "$sync"
	mkdir -p "$sync"
	for i in $(seq "$workers"); do
		"$integrity" -c disk -p incompressible -s "${mib}M" -e pageout -S "$i" \
			-x "touch $sync/ready.$i; while [ ! -e $sync/go ]; do sleep 0.05; done" \
			>"$sync/log.$i" 2>&1 &
		pids+=($!)
	done
	for i in $(seq 3000); do
		n=$(find "$sync" -name 'ready.*' | wc -l)
		[ "$n" = "$workers" ] && break
		sleep 0.1
	done
	if [ "$n" != "$workers" ]; then
		echo "swapoff-bench: only $n of $workers processes swapped out" >&2
		rc=1
	else
		t0=$(date +%s.%N)
		swapoff "$SWAP_DISK" || rc=1
		t1=$(date +%s.%N)
	fi
	touch "$sync/go"
	for i in "${!pids[@]}"; do
		wait "${pids[$i]}" && continue
		echo "swapoff-bench: $config process $((i + 1)) failed:" >&2
		cat "$sync/log.$((i + 1))" >&2
		rc=1
	done
	[ "$rc" = 0 ] && awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

stats() { sort -g | awk '{ v[NR] = $1 } END {
	m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	printf "%.3f %.3f %.3f", m, v[1], v[NR] }'; }

: >/tmp/swapoff-legacy.log
: >/tmp/swapoff-vswap.log
for i in $(seq "$runs"); do
	for config in disk vswap-disk; do
		s=$(one_run "$config") || { echo "swapoff-bench: run $i ($config) failed" >&2; exit 1; }
		echo "#   run $i $config: swapoff took $s s" >&2
		if [ "$config" = disk ]; then echo "$s" >>/tmp/swapoff-legacy.log; else echo "$s" >>/tmp/swapoff-vswap.log; fi
	done
done
swap_off_all

read -r lm llo lhi < <(stats </tmp/swapoff-legacy.log)
read -r vm vlo vhi < <(stats </tmp/swapoff-vswap.log)
echo
echo "# swapoff of a disk holding $((workers * mib)) MiB of $workers processes, $runs runs each"
echo "# seconds: median (min..max)"
printf 'swapoff legacy (page-table walk)  %7s (%s..%s)\n' "$lm" "$llo" "$lhi"
printf 'swapoff vswap (reverse map)       %7s (%s..%s)\n' "$vm" "$vlo" "$vhi"
awk -v l="$lm" -v v="$vm" 'BEGIN { printf "speedup swapoff legacy/vswap     %7.2f\n", l / v }'
