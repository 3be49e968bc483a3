#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# oom-bench.sh [RUNS] - how fast a cgroup that nothing can swap for meets
# the OOM killer, with vswap off and on, RUNS (default 5) runs of each,
# alternating, in one boot, inside the VM (bench-guest.sh runs it).
#
# A cgroup with memory.max=128M fills 256 MiB of incompressible anonymous
# memory (tools/bench/anon_hog) until it is OOM-killed, in two scenarios:
#
#   no-backend  zswap on, no swap disk, and memory.zswap.max=0 for the
#               cgroup (legacy-zswap against vswap-zswap);
#   full-disk   zswap on in front of a 64 MiB disk that another process has
#               filled with random data (legacy-zswap+disk against
#               vswap-zswap+disk); zswap rejects the random pages.
#
# Reclaim can free nothing in either, so the time to OOM is the time
# reclaim wastes before giving up: vswap must not spend more of it than
# the legacy path (goal: ratio <= 1.2). Reported per run: seconds from
# the start to the kill, pgscan_anon of /proc/vmstat, and the cgroup's
# system CPU time (cpu.stat), most of which is reclaim.

set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/swaplab.sh"
runs=${1:-5}
results=/tmp/oom-bench
hog=$LAB_BUILD/bench/anon_hog
hog_cgroup=oom_bench

# One hog until it is killed; "seconds pgscan_anon system_seconds" to
# $results/last. Fails if the hog was not OOM-killed.
hog_until_oom() { # ZSWAP-MAX
	local cg scan0 t0 t1 rc
	cg=$(cgroup_make $hog_cgroup) || return 1
	echo 128M >"$cg/memory.max" && echo "$1" >"$cg/memory.zswap.max" || return 1
	scan0=$(vmstat pgscan_anon)
	t0=$(date +%s.%N)
	sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" -s 256M -p incompressible' \
		_ "$cg" "$hog" >/dev/null 2>&1
	rc=$?
	t1=$(date +%s.%N)
	if [ $rc != 137 ] || [ "$(awk '$1 == "oom_kill" { print $2 }' "$cg/memory.events")" = 0 ]; then
		echo "oom-bench: the hog ended with status $rc, not by the OOM killer" >&2
		rmdir "$cg"
		return 1
	fi
	awk -v a="$t0" -v b="$t1" -v s="$(($(vmstat pgscan_anon) - scan0))" \
	    -v sys="$(awk '$1 == "system_usec" { print $2 }' "$cg/cpu.stat")" \
	    'BEGIN { printf "%.3f %d %.3f\n", b - a, s, sys / 1e6 }' >"$results/last"
	rmdir "$cg"
}

# The full disk: a process holds 96 MiB of random data swapped out, more
# than the 64 MiB disk takes, while the hog runs.
disk_filled_step() {
	local used
	used=$(swap_used_kib)
	[ "$used" -ge $((60 << 10)) ] ||
		{ echo "oom-bench: the disk holds only $used KiB" >&2; return 1; }
	hog_until_oom max
}

# Prints the result line of one run of SCENARIO with CONFIG.
one_run() { # SCENARIO CONFIG
	case $1 in
	no-backend)
		swap_setup "$2" && hog_until_oom 0 ;;
	full-disk)
		SWAP_DISK_KIB=65536 swap_setup "$2" &&
			held_run disk_filled_step "" "$LAB_BUILD/bench/swap_roundtrip" \
				-p incompressible -s 96M -m 60 >"$results/filler" 2>&1 ||
			{ cat "$results/filler" >&2; return 1; } ;;
	esac || return 1
	cat "$results/last"
}

mkdir -p "$results"
rm -f "$results"/*.runs
scenarios="no-backend:legacy-zswap:vswap-zswap full-disk:legacy-zswap+disk:vswap-zswap+disk"
for i in $(seq "$runs"); do
	for s in $scenarios; do
		IFS=: read -r scenario legacy vswap <<<"$s"
		for config in "$legacy" "$vswap"; do
			line=$(one_run "$scenario" "$config") ||
				{ echo "oom-bench: run $i ($scenario, $config) failed" >&2; exit 1; }
			echo "#   run $i $scenario $config: $line (s pgscan_anon sys_s)" >&2
			echo "$line" >>"$results/$scenario-$config.runs"
		done
	done
done
swap_off_all

# column N of a scenario's runs, as "median min max"
col() { awk -v c="$3" '{ print $c }' "$results/$1-$2.runs" | median_spread "$4"; }

echo
echo "# time to OOM of a cgroup with memory.max=128M filling 256 MiB of random"
echo "# data that nothing can swap, $runs runs each: median (min..max)"
printf '%-11s %-18s %-24s %-26s %-22s\n' scenario config seconds pgscan_anon system-seconds
for s in $scenarios; do
	IFS=: read -r scenario legacy vswap <<<"$s"
	for config in "$legacy" "$vswap"; do
		printf '%-11s %-18s' "$scenario" "$config"
		for c in "1 %.3f" "2 %.0f" "3 %.3f"; do
			read -r m lo hi < <(col "$scenario" "$config" $c)
			printf ' %8s %-15s' "$m" "($lo..$hi)"
		done
		echo
	done
	for c in "1 %.3f seconds" "2 %.0f pgscan_anon" "3 %.3f system-seconds"; do
		read -r n f what <<<"$c"
		awk -v l="$(col "$scenario" "$legacy" "$n" "$f" | cut -d' ' -f1)" \
		    -v v="$(col "$scenario" "$vswap" "$n" "$f" | cut -d' ' -f1)" \
		    -v k="$scenario" -v w="$what" \
		    'BEGIN { printf "ratio oom %-11s %-15s vswap/legacy ", k, w
			if (l > 0) printf "%5.2f (goal <= 1.2)\n", v / l
			else print (v > 0 ? "inf (legacy 0)" : " none in either") }'
	done
done
