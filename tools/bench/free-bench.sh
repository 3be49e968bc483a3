#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# free-bench.sh [RUNS] - the time to free swapped-out memory: a process
# munmap()s MIB (default 256) MiB of mixed data that it swapped out, and
# the kernel frees every swap slot with its backend (zswap entry, disk
# slot, zero marker; with vswap, the virtual slot as well). Each
# configuration with vswap off and on, RUNS (default 5) runs of each,
# alternating, in one boot, inside the VM (bench-guest.sh runs it).
# Upstream's vswap series reports this as "free time".

set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/swaplab.sh"
runs=${1:-5}
mib=${MIB:-256}
results=/tmp/free-bench

# legacy config, then its vswap twin
pairs=("legacy-disk vswap-disk" "legacy-zswap+disk vswap-zswap+disk")
swap_configs | grep -qx vswap-zram && pairs+=("legacy-zram vswap-zram")

# free_s of one run
one_run() { # CONFIG
	local line
	swap_setup "$1" || return 1
	line=$("$LAB_BUILD/bench/swap_roundtrip" --free -s "$mib" -p mixed -m 95) || return 1
	sed -n 's/.* free_s=\([^ ]*\).*/\1/p' <<<"$line"
}

mkdir -p "$results"
rm -f "$results"/*.runs
for i in $(seq "$runs"); do
	for pair in "${pairs[@]}"; do
		for config in $pair; do
			t=$(one_run "$config") && [ -n "$t" ] ||
				{ echo "free-bench: run $i ($config) failed" >&2; exit 1; }
			echo "#   run $i $config: free_s $t" >&2
			echo "$t" >>"$results/$config.runs"
		done
	done
done
swap_off_all

echo
echo "# free time: munmap() of $mib MiB of mixed data, all swapped out,"
echo "# $runs runs each; seconds: median (min..max); ratio: legacy / vswap"
echo "# time (above 1: vswap frees faster), and the paired median (min..max)"
printf '%-18s %-21s %-18s %-21s %s\n' legacy seconds vswap seconds ratio
for pair in "${pairs[@]}"; do
	read -r legacy vswap <<<"$pair"
	read -r lm llo lhi < <(median_spread %.3f <"$results/$legacy.runs")
	read -r vm vlo vhi < <(median_spread %.3f <"$results/$vswap.runs")
	paired=$(paste "$results/$legacy.runs" "$results/$vswap.runs" |
		awk '$2 > 0 { print $1 / $2 }' | median_spread %.2f)
	read -r pm plo phi <<<"$paired"
	printf '%-18s %-21s %-18s %-21s %.2f  paired %s (%s..%s)\n' \
		"$legacy" "$lm ($llo..$lhi)" "$vswap" "$vm ($vlo..$vhi)" \
		"$(awk -v l="$lm" -v v="$vm" 'BEGIN { print (v > 0 ? l / v : 0) }')" "$pm" "$plo" "$phi"
done
