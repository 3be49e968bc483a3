#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-guest.sh [RUNS [CASES]] - the benchmarks, run inside the VM by
# bench.sh. CASES, an extended regex, selects the round-trip cases by
# "CONFIG PATTERN" and skips the swapoff and policy benchmarks.
#
# Times the page-out + page-in round trip of 256 MiB (swap_roundtrip) for
# each case below (a configuration of the swap lab: tools/lib/swapconf.h), RUNS (default 5) times, alternating the cases so that
# drift hits them all alike, all in one boot. Reports the median and the
# spread (min..max) of page-out, page-in and round-trip throughput, the
# vswap/legacy ratios, and the vswap metadata per swapped page.
#
# Mixed data is a third each compressible, incompressible and zero pages.
# With vswap and no physical device (vswap-zswap) the incompressible third
# stays resident
# (so at least 60% is evicted, not 95%); the compressible runs evict
# everything in both configurations and so isolate vswap's own cost.
# A "/wb" configuration sets memory.zswap.max to 64K, so that zswap writes
# most pages back to the disk while the data is swapped out. An "@POLICY"
# configuration runs with that BPF placement policy attached (vswapctl):
# zswap_first decides what the kernel decides anyway, so comparing it with
# no policy measures what an attached policy costs.
#
# Then swapoff-bench.sh times swapoff of a disk holding 256 MiB of 16
# processes, without vswap (page-table walk) and with it (reverse map),
# policy-bench.sh measures the compression CPU the adaptive policy saves,
# scaling-bench.sh the disk round trip of 1, 2 and 4 processes at once,
# oom-bench.sh how fast a cgroup that nothing can swap for is OOM-killed,
# and free-bench.sh how long munmap() of swapped-out memory takes.

set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/swaplab.sh"
bin=$LAB_BUILD/bench
tools=$LAB_BUILD/tools
runs=${1:-5}
only=${2:-}
results=${VSWAP_OUT:-/tmp}/bench.txt
log=/tmp/bench-runs.log

# config pattern min-evicted-%
cases=("legacy-disk mixed 95" "legacy-zswap+disk mixed 95")
have_vswap && cases+=("vswap-zswap mixed 60" "legacy-zswap+disk compressible 95"
		      "vswap-zswap compressible 95" "vswap-disk mixed 95"
		      "legacy-zswap+disk/wb mixed 95" "vswap-zswap+disk/wb mixed 95"
		      "vswap-zswap+disk compressible 95"
		      "vswap-zswap+disk@zswap_first compressible 95")
swap_configs | grep -qx vswap-zram && cases+=("legacy-zram mixed 95" "vswap-zram mixed 95")
if [ -n "$only" ]; then
	for i in "${!cases[@]}"; do
		[[ ${cases[$i]% *} =~ $only ]] || unset "cases[$i]"
	done
	cases=("${cases[@]}")
	[ ${#cases[@]} -gt 0 ] || { echo "no case matches '$only'" >&2; exit 2; }
fi

# The swap configuration of a case: CONFIG[/wb][@POLICY].
setup_for() { # CONFIG
	local config=${1%/wb}
	swap_setup "${config%@*}"
}

# The policy of an "@POLICY" configuration, if any.
policy_of() { [ "${1#*@}" = "$1" ] || echo "${1#*@}"; }

# swap_roundtrip options for a configuration.
opts_for() { [ "${1%/wb}" = "$1" ] || echo "-z 64K"; }

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

median() { throughput "$@" | median_spread | cut -d' ' -f1; }

: >"$log"
for i in $(seq "$runs"); do
	for c in "${cases[@]}"; do
		read -r config pattern min <<<"$c"
		setup_for "$config" || { echo "cannot set up $config" >&2; exit 1; }
		policy=$(policy_of "$config")
		if [ -n "$policy" ]; then
			"$tools/vswapctl" load "$policy" >/dev/null || exit 1
		fi
		# shellcheck disable=SC2046
		line=$("$bin/swap_roundtrip" -s 256 -p "$pattern" -m "$min" $(opts_for "$config")) ||
			{ echo "$config/$pattern run $i failed: $line" >&2; exit 1; }
		[ -z "$policy" ] || "$tools/vswapctl" unload >/dev/null
		echo "$config $pattern $line" >>"$log"
		echo "#   run $i $config/$pattern: $line" >&2
	done
done
swap_off_all

{
	echo "# swap round trip of 256 MiB, $runs runs per case, alternating, one boot"
	echo "# kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%d MiB", $2 / 1024}' /proc/meminfo), QEMU TCG"
	echo "# MiB/s: median (min..max)"
	printf '%-29s %-14s %-21s %-21s %-21s\n' config pattern page-out page-in round-trip
	for c in "${cases[@]}"; do
		read -r config pattern _ <<<"$c"
		printf '%-29s %-14s' "$config" "$pattern"
		median_cells throughput "$config" "$pattern"
	done
	if have_vswap; then
		echo
		echo "# vswap / legacy round-trip throughput: ratio of the medians, and the"
		echo "# median (min..max) of the ratios of the runs made back to back"
		ratio() { # LABEL VSWAP-CONFIG LEGACY-CONFIG PATTERN
			local paired
			# Both cases must have run (see CASES).
			runs_of "$2" "$4" >/dev/null && runs_of "$3" "$4" >/dev/null || return 0
			paired=$(paste <(throughput "$2" "$4" rt) <(throughput "$3" "$4" rt) |
				awk '{ print $1 / $2 }' | median_spread %.3f)
			awk -v n="$1" -v v="$(median "$2" "$4" rt)" -v l="$(median "$3" "$4" rt)" \
			    -v p="$paired" 'BEGIN { split(p, r, " ")
				printf "ratio %-48s %.2f  paired %.2f (%.2f..%.2f)\n", n, v / l, r[1], r[2], r[3] }'
		}
		ratio "vswap-zswap / legacy-zswap+disk (mixed)" vswap-zswap legacy-zswap+disk mixed
		ratio "vswap-zswap / legacy-zswap+disk (compressible)" \
			vswap-zswap legacy-zswap+disk compressible
		ratio "vswap-disk / legacy-disk (mixed)" vswap-disk legacy-disk mixed
		ratio "zswap writeback to disk, zswap.max=64K (mixed)" \
			vswap-zswap+disk/wb legacy-zswap+disk/wb mixed
		ratio "vswap-zram / legacy-zram (mixed)" vswap-zram legacy-zram mixed
		echo
		echo "# an attached placement policy (zswap_first, which changes no decision)"
		echo "# against none, both vswap over zswap and the disk: goal >= 0.98"
		ratio "policy zswap_first / none (compressible)" \
			vswap-zswap+disk@zswap_first vswap-zswap+disk compressible
		echo
		echo "# vswap metadata (vtable, slot state, reverse map) per swapped page"
		echo "# while the data is out, in bytes: median (min..max)"
		for c in "vswap-zswap mixed" "vswap-zswap compressible" "vswap-disk mixed"; do
			read -r config pattern <<<"$c"
			runs_of "$config" "$pattern" >/dev/null || continue
			runs_of "$config" "$pattern" | awk '{
				for (i = 3; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
				printf "%.2f\n", f["vswap_meta_bytes"] / f["vswap_used"] }' |
				median_spread %.2f | {
				read -r m lo hi
				printf "meta-per-page %-26s %s (%s..%s)\n" "$c" "$m" "$lo" "$hi"; }
		done
	fi
} | tee "$results"

[ -n "$only" ] && exit 0
have_vswap && "$here/swapoff-bench.sh" "$runs" | tee -a "$results"
have_vswap && "$here/policy-bench.sh" "$runs" | tee -a "$results"
have_vswap && "$here/scaling-bench.sh" "$runs" | tee -a "$results"
have_vswap && "$here/oom-bench.sh" "$runs" | tee -a "$results"
have_vswap && "$here/free-bench.sh" "$runs" | tee -a "$results"
