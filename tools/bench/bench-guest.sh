#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-guest.sh [RUNS] - the benchmarks, run inside the VM by bench.sh.
#
# Times the page-out + page-in round trip of 256 MiB (swap_roundtrip) for
# each case below, RUNS (default 5) times, alternating the cases so that
# drift hits them all alike, all in one boot. Reports the median and the
# spread (min..max) of page-out, page-in and round-trip throughput, the
# vswap/legacy ratios, and the vswap metadata per swapped page.
#
# Mixed data is a third each compressible, incompressible and zero pages.
# With vswap and no physical device the incompressible third stays resident
# (so at least 60% is evicted, not 95%); the compressible runs evict
# everything in both configurations and so isolate vswap's own cost.

set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../selftests/lib/harness.sh"
bin=${VSWAP_BUILD:-$here/../../build}/bench
runs=${1:-5}
results=${VSWAP_OUT:-/tmp}/bench.txt
log=/tmp/bench-runs.log

# config pattern min-evicted-% ; "vswap-zswap" is vswap with no disk
cases=("disk mixed 95" "zswap+disk mixed 95")
have_vswap && cases+=("vswap-zswap mixed 60" "zswap+disk compressible 95"
		      "vswap-zswap compressible 95")

setup_for() { # CONFIG
	if [ "$1" = vswap-zswap ]; then swap_setup zswap; else swap_setup "$1"; fi
}

# median, min and max of the numbers on stdin
stats() { sort -g | awk '{ v[NR] = $1 } END {
	m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	printf "%.1f %.1f %.1f", m, v[1], v[NR] }'; }

# The runs of one case, one key=value line each.
runs_of() { grep "^$1 $2 " "$log"; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

# MiB/s of out, in or the round trip, one number per run.
throughput() { # CONFIG PATTERN out|in|rt
	runs_of "$1" "$2" | awk -v what="$3" '{
		for (i = 3; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		t = what == "out" ? f["out_s"] : what == "in" ? f["in_s"] : f["out_s"] + f["in_s"]
		print f["mib"] / t }'
}

median() { throughput "$@" | stats | cut -d' ' -f1; }

: >"$log"
for i in $(seq "$runs"); do
	for c in "${cases[@]}"; do
		read -r config pattern min <<<"$c"
		setup_for "$config" || { echo "cannot set up $config" >&2; exit 1; }
		line=$("$bin/swap_roundtrip" -s 256 -p "$pattern" -m "$min") ||
			{ echo "$config/$pattern run $i failed: $line" >&2; exit 1; }
		echo "$config $pattern $line" >>"$log"
		echo "#   run $i $config/$pattern: $line" >&2
	done
done
swap_off_all

{
	echo "# swap round trip of 256 MiB, $runs runs per case, alternating, one boot"
	echo "# kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%d MiB", $2 / 1024}' /proc/meminfo), QEMU TCG"
	echo "# MiB/s: median (min..max)"
	printf '%-12s %-14s %-21s %-21s %-21s\n' config pattern page-out page-in round-trip
	for c in "${cases[@]}"; do
		read -r config pattern _ <<<"$c"
		printf '%-12s %-14s' "$config" "$pattern"
		for what in out in rt; do
			read -r m lo hi < <(throughput "$config" "$pattern" "$what" | stats)
			printf ' %7s %-13s' "$m" "($lo..$hi)"
		done
		echo
	done
	if have_vswap; then
		echo
		echo "# vswap (zswap, no disk) / legacy (zswap over a swap disk), round trip, ratio of medians"
		for pattern in mixed compressible; do
			awk -v p="$pattern" -v v="$(median vswap-zswap "$pattern" rt)" \
			    -v l="$(median zswap+disk "$pattern" rt)" \
			    'BEGIN { printf "ratio %-14s %.2f\n", p, v / l }'
		done
		echo
		echo "# vswap metadata per swapped page while the data is out (bytes)"
		for pattern in mixed compressible; do
			runs_of vswap-zswap "$pattern" | awk -v p="$pattern" '{
				for (i = 3; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
				printf "%s %.2f\n", p, f["vswap_meta_bytes"] / f["vswap_used"] }' |
				sort -k2 -g | awk '{ v[NR] = $2; p = $1 } END {
				printf "meta-per-page %-14s %.2f (%.2f..%.2f)\n", p, v[int((NR + 1) / 2)], v[1], v[NR] }'
		done
	fi
} | tee "$results"
