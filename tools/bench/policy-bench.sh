#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# policy-bench.sh [RUNS] - the compression CPU the adaptive policy saves.
#
# Runs inside the VM. Half of the data is incompressible: two cgroups swap
# 64 MiB each at the same time, one compressible and one random
# (two-cgroups.sh), under zswap_first (the kernel's default placement, as
# a policy) and under adaptive, RUNS times each (default 5), alternating.
# Reports the median (min..max) CPU time zswap spent storing pages (mostly
# compressing them, measured by vswapstat with fentry/fexit on
# zswap_store), the share adaptive saves (goal: at least 30%), and that
# every run read every byte back intact.
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/swaplab.sh"
runs=${1:-5}
log=/tmp/policy-bench.log

swap_setup vswap-zswap+disk || { echo "cannot set up vswap-zswap+disk" >&2; exit 1; }
: >"$log"
for i in $(seq "$runs"); do
	for policy in zswap_first adaptive; do
		line=$("$here/two-cgroups.sh" "$policy" 64M) || exit 1
		echo "$line" >>"$log"
		echo "#   run $i: $line" >&2
	done
done
swap_off_all

# median (min..max) of field F of POLICY's runs
stat_of() { # POLICY FIELD
	grep "^policy=$1 " "$log" | sed -n "s/.* $2=\([^ ]*\).*/\1/p" | median_spread
}

echo
echo "# compression CPU of zswap: two cgroups, 64 MiB compressible + 64 MiB random,"
echo "# vswap over zswap and the disk, $runs runs per policy, alternating, one boot"
printf '%-12s %-24s %-24s %-16s %s\n' policy "zswap CPU ms" "random's pages to disk" \
	"zswap rejects" "intact runs"
for policy in zswap_first adaptive; do
	read -r ms lo hi < <(stat_of $policy zswap_ms)
	read -r ph _ _ < <(stat_of $policy random_phys)
	read -r rej _ _ < <(stat_of $policy random_rejects)
	ph=${ph%.0} rej=${rej%.0}
	printf '%-12s %-24s %-24s %-16s %s\n' $policy "$ms ($lo..$hi)" "$ph" "$rej" \
		"$(grep -c "^policy=$policy intact=1" "$log")/$runs"
done
awk -v a="$(stat_of adaptive zswap_ms | cut -d' ' -f1)" \
    -v z="$(stat_of zswap_first zswap_ms | cut -d' ' -f1)" \
    'BEGIN { printf "adaptive saves %.0f%% of zswap_first'"'"'s compression CPU (goal: >= 30%%)\n", 100 * (1 - a / z) }'
[ "$(grep -c 'intact=1' "$log")" = $((2 * runs)) ]
