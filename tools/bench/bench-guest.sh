#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-guest.sh [RUNS] - the benchmarks, run inside the VM by bench.sh.
#
# For each swap configuration: RUNS (default 5) timed round trips of 256 MiB
# of mixed data (a third each compressible, incompressible and zero pages),
# then the median and spread (min..max) of the page-out, page-in and
# round-trip throughput. Every configuration is measured in the same boot.

set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../selftests/lib/harness.sh"
bin=${VSWAP_BUILD:-$here/../../build}/bench
runs=${1:-5}
results=${VSWAP_OUT:-/tmp}/bench.txt

# median, min and max of the numbers on stdin
stats() { sort -g | awk '{ v[NR] = $1 } END {
	m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	printf "%.1f %.1f %.1f", m, v[1], v[NR] }'; }

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p; s/^$1=\([^ ]*\).*/\1/p"; }

bench_config() { # CONFIG
	local config=$1 i line log=/tmp/bench-$1.log mib
	: >"$log"
	swap_setup "$config" || { echo "cannot set up $config" >&2; return 1; }
	for i in $(seq "$runs"); do
		line=$("$bin/swap_roundtrip" -s 256) || { echo "run $i failed: $line" >&2; return 1; }
		echo "$line" >>"$log"
		echo "#   $config run $i: $line" >&2
	done
	mib=$(head -1 "$log" | field mib)
	read -r out_m out_lo out_hi < <(field out_s <"$log" | awk -v m="$mib" '{ print m / $1 }' | stats)
	read -r in_m in_lo in_hi < <(field in_s <"$log" | awk -v m="$mib" '{ print m / $1 }' | stats)
	read -r rt_m rt_lo rt_hi < <(paste -d' ' <(field out_s <"$log") <(field in_s <"$log") |
		awk -v m="$mib" '{ print m / ($1 + $2) }' | stats)
	printf '%-11s %4s  %7s %-15s %7s %-15s %7s %-15s\n' "$config" "$runs" \
		"$out_m" "($out_lo..$out_hi)" "$in_m" "($in_lo..$in_hi)" "$rt_m" "($rt_lo..$rt_hi)"
}

{
	echo "# swap round trip of 256 MiB mixed data, $runs runs each, MiB/s: median (min..max)"
	echo "# kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%d MiB", $2 / 1024}' /proc/meminfo), QEMU TCG"
	printf '%-11s %4s  %-23s %-23s %-23s\n' config runs page-out page-in round-trip
	bench_config disk && bench_config zswap+disk
} | tee "$results"
status=$?
swap_off_all
exit $status
