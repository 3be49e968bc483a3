#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scaling-bench.sh [RUNS] - the disk-only swap round trip with 1, 2 and 4
# processes swapping at once, vswap off (legacy-disk) and on (vswap-disk),
# RUNS (default 5) runs of each, alternating, in one boot, inside the VM
# (bench-guest.sh runs it).
#
# N swap_roundtrip processes, each in its own cgroup, share 256 MiB of
# incompressible data (256/N MiB each), so every page goes to the disk.
# Their hold points (tools/lib/hold.h) line them up: all fill, then all
# page out at once, then all read back at once. The times are those of
# the group, from the release to the last one done. Goal: vswap/legacy
# round-trip throughput >= 0.97 for each N.

set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/swaplab.sh"
runs=${1:-5}
mib=256
results=/tmp/scaling-bench

# Wait until every held program in DIRS stops at POINT.
all_at() { # POINT DIR...
	local point=$1 dir
	shift
	for dir in "$@"; do
		while [ ! -e "$dir/$point.ready" ]; do
			jobs -r | grep -q . || return 1
			sleep 0.02
		done
	done
}

release_all() { # POINT DIR...
	local point=$1 dir
	shift
	for dir in "$@"; do hold_release "$dir" "$point"; done
}

# "out_s in_s" of one run: N processes with CONFIG.
one_run() { # CONFIG N
	local dirs=() i t0 t1 t2 rc=0 pid
	swap_setup "$1" || return 1
	for i in $(seq "$2"); do
		dirs+=("$(mktemp -d /tmp/scaling.XXXXXX)")
		"$LAB_BUILD/bench/swap_roundtrip" -p incompressible -s $((mib / $2))M -m 95 \
			--hold "${dirs[-1]}" >"${dirs[-1]}/out" 2>&1 &
	done
	all_at filled "${dirs[@]}" || rc=1
	t0=$(date +%s.%N)
	release_all filled "${dirs[@]}"
	all_at evicted "${dirs[@]}" || rc=1
	t1=$(date +%s.%N)
	release_all evicted "${dirs[@]}"
	all_at verified "${dirs[@]}" || rc=1
	t2=$(date +%s.%N)
	release_all verified "${dirs[@]}"
	for pid in $(jobs -p); do
		wait "$pid" || rc=1
	done
	[ $rc = 0 ] || cat "${dirs[@]/%//out}" >&2
	rm -rf "${dirs[@]}"
	[ $rc = 0 ] && awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "%.3f %.3f\n", b - a, c - b }'
}

mkdir -p "$results"
rm -f "$results"/*.runs
for i in $(seq "$runs"); do
	for n in 1 2 4; do
		for config in legacy-disk vswap-disk; do
			line=$(one_run "$config" "$n") ||
				{ echo "scaling-bench: run $i ($config, $n processes) failed" >&2; exit 1; }
			echo "#   run $i $config x$n: out_s in_s $line" >&2
			echo "$line" >>"$results/$config-$n.runs"
		done
	done
done
swap_off_all

# MiB/s of out, in or the round trip, one number per run
tput() { # CONFIG N out|in|rt
	awk -v m=$mib -v w="$3" '{ t = w == "out" ? $1 : w == "in" ? $2 : $1 + $2; print m / t }' \
		"$results/$1-$2.runs"
}

echo
echo "# disk-only round trip of $mib MiB of random data split over N processes"
echo "# swapping at once, $runs runs each; MiB/s: median (min..max)"
printf '%-12s %-3s %-21s %-21s %-21s\n' config N page-out page-in round-trip
for n in 1 2 4; do
	for config in legacy-disk vswap-disk; do
		printf '%-12s %-3s' "$config" "$n"
		median_cells tput "$config" "$n"
	done
done
for n in 1 2 4; do
	paired=$(paste <(tput vswap-disk "$n" rt) <(tput legacy-disk "$n" rt) |
		awk '{ print $1 / $2 }' | median_spread %.3f)
	awk -v n="$n" -v v="$(tput vswap-disk "$n" rt | median_spread | cut -d' ' -f1)" \
	    -v l="$(tput legacy-disk "$n" rt | median_spread | cut -d' ' -f1)" -v p="$paired" \
	    'BEGIN { split(p, r, " ")
		printf "ratio vswap-disk / legacy-disk, %d process(es)       %.2f  paired %.2f (%.2f..%.2f)\n",
			n, v / l, r[1], r[2], r[3] }'
done
