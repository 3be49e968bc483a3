# SPDX-License-Identifier: GPL-2.0
#
# swaplab.sh - the swap lab for shell scripts: the named swap
# configurations, cgroup and sysfs I/O, waiting for a tool or a held
# program, and statistics. Source it. The selftests, the benchmarks and
# the demo all use it; see tools/lib/README.md.

SWAP_DISK=${SWAP_DISK:-/dev/vda}
ZSWAP_PARAMS=/sys/module/zswap/parameters
VSWAP=/sys/kernel/mm/vswap
VSWAP_DEBUG=/sys/kernel/debug/vswap
ZSWAP_DEBUG=/sys/kernel/debug/zswap
CGROUP_ROOT=/sys/fs/cgroup
# Build outputs: $VSWAP_BUILD in the VM (tools/vm/run-vm.sh sets it).
LAB_BUILD=${VSWAP_BUILD:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build}

# --- swap configurations (tools/lib/swapconf.h has the same names) ---------

have_vswap() { [ -d "$VSWAP" ]; }

ZRAM=/dev/zram0

# The configurations this kernel can set up.
swap_configs() {
	echo legacy-zswap legacy-disk legacy-zswap+disk
	have_vswap && echo vswap-zswap vswap-disk vswap-zswap+disk
	[ -e /sys/block/zram0 ] && echo legacy-zram && have_vswap && echo vswap-zram
}

# vswap_set 0|1: steer new swap-outs; "off" is trivially true without vswap.
vswap_set() {
	if have_vswap; then
		echo "$1" >"$VSWAP/enabled"
	else
		[ "$1" = 0 ]
	fi
}

# swap_off_all: every swap device off, zswap off. A swapoff that cannot
# finish (a slot in use that no page table, shmem file or swap-cache folio
# accounts for: a leak) loops in the kernel until a signal: it is stopped
# after SWAPOFF_TIMEOUT seconds and reported, and the caller fails instead
# of hanging the whole run.
SWAPOFF_TIMEOUT=${SWAPOFF_TIMEOUT:-120}
swap_off_all() {
	local rc=0
	if [ "$(awk 'NR > 1' /proc/swaps | wc -l)" -gt 0 ] &&
	   ! timeout "$SWAPOFF_TIMEOUT" swapoff -a 2>/dev/null &&
	   [ "$(awk 'NR > 1' /proc/swaps | wc -l)" -gt 0 ]; then
		echo "swap_off_all: swapoff did not finish in $SWAPOFF_TIMEOUT s;" \
		     "$(swap_used_kib) KiB still in use:" >&2
		cat /proc/swaps >&2
		rc=1
	fi
	echo 0 >"$ZSWAP_PARAMS/enabled"
	# An empty zram device frees its memory.
	[ -e /sys/block/zram0 ] && echo 1 >/sys/block/zram0/reset 2>/dev/null
	return $rc
}

# swap_on_zram [SIZE]: zram as a swap device (default as large as the
# swap disk).
swap_on_zram() {
	echo "${1:-$(blockdev --getsize64 "$SWAP_DISK")}" >/sys/block/zram0/disksize &&
		mkswap -q "$ZRAM" >/dev/null && swapon "$ZRAM"
}

# swap_on_disk: a freshly made swap disk. It is marked non-rotational, as
# an SSD would be: that gives it the cluster allocator, which THP swap-out
# needs. With SWAP_DISK_KIB set, only that much of the disk is swap space
# (a disk that is easy to fill).
swap_on_disk() {
	echo 0 >"/sys/block/${SWAP_DISK#/dev/}/queue/rotational"
	# shellcheck disable=SC2086
	mkswap -q "$SWAP_DISK" ${SWAP_DISK_KIB:-} >/dev/null && swapon "$SWAP_DISK"
}

# swap_in_processes: read every process's swapped-out pages back in
# (through /proc/PID/mem), as swapoff does for the pages of a physical
# device. vswap's pages outlive `swapoff -a`: without this, a configuration
# would start with other processes' pages (pushed out by earlier tests) in
# zswap, which global counters such as zswap's stored_pages include.
swap_in_processes() {
	local smaps pid start end
	for smaps in /proc/[0-9]*/smaps; do
		pid=${smaps#/proc/}
		pid=${pid%/smaps}
		awk '/^[0-9a-f]+-[0-9a-f]+ / { range = $1 } /^Swap:/ && $2 > 0 { print range }' \
			"$smaps" 2>/dev/null |
		while IFS=- read -r start end; do
			dd if="/proc/$pid/mem" of=/dev/null bs=64K iflag=skip_bytes,count_bytes \
				skip=$((16#$start)) count=$((16#$end - 16#$start)) 2>/dev/null
		done
	done
}

# swap_setup NAME: switch to configuration NAME, from a clean state (no
# swap device, no process's page swapped out):
#   legacy-zswap        zswap and no swap device, vswap off: nothing can be
#                       swapped (the baseline vswap-zswap is compared with)
#   legacy-disk         the swap disk alone, vswap off
#   legacy-zswap+disk   zswap in front of the disk, vswap off
#   vswap-zswap         vswap with zswap, and no physical swap device
#   vswap-disk          vswap backed by the disk alone
#   vswap-zswap+disk    vswap with zswap, backed by the disk
#   legacy-zram         zram as the only swap device, vswap and zswap off
#   vswap-zram          vswap backed by zram, zswap off
swap_setup() {
	local name=$1
	case " $(swap_configs | tr '\n' ' ') " in
	*" $name "*) ;;
	*) echo "swap_setup: no configuration '$name' here (one of: $(swap_configs | tr '\n' ' '))" >&2
	   return 1 ;;
	esac
	swap_off_all || return 1
	have_vswap && [ "$(vswap_counter used)" != 0 ] && swap_in_processes
	if [ "${name%%-*}" = vswap ]; then vswap_set 1; else vswap_set 0; fi || return 1
	case ${name#*-} in
	*disk) swap_on_disk || return 1 ;;
	zram) swap_on_zram || return 1 ;;
	esac
	case ${name#*-} in zswap*) echo 1 >"$ZSWAP_PARAMS/enabled" ;; esac
}

# --- counters -----------------------------------------------------------------

# dm_error_table DISK FIRST NR: a device-mapper table for DISK whose slots
# FIRST to FIRST+NR-1 fail every read and write (the error target).
dm_error_table() {
	local sectors first=$(($2 * 8)) n=$(($3 * 8))
	sectors=$(blockdev --getsz "$1")
	printf '0 %d linear %s 0\n%d %d error\n%d %d linear %s %d\n' \
		"$first" "$1" "$first" "$n" "$((first + n))" \
		"$((sectors - first - n))" "$1" "$((first + n))"
}

# swap_used_kib: KiB in use on all physical swap devices (/proc/swaps).
swap_used_kib() { awk 'NR > 1 { used += $4 } END { print used + 0 }' /proc/swaps; }

# vmstat NAME: a /proc/vmstat counter, empty if absent.
vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }

# vswap_counter NAME, zswap_counter NAME: a debugfs counter.
vswap_counter() { cat "$VSWAP_DEBUG/$1"; }
zswap_counter() { cat "$ZSWAP_DEBUG/$1"; }

# zswap_shrink CGROUP: reclaim from CGROUP with zswap's shrinker on, so that
# zswap writes pages back to the disk, then turn the shrinker off again.
zswap_shrink() {
	local i
	echo Y >"$ZSWAP_PARAMS/shrinker_enabled"
	for i in 1 2 3 4 5; do
		echo 64M >"$1/memory.reclaim"
	done 2>/dev/null
	echo N >"$ZSWAP_PARAMS/shrinker_enabled"
}

# vswap_settled: wait until no virtual slot is in use. Slots whose folio is
# still in the swap cache are freed when the cache is reclaimed, so push
# the root cgroup's reclaim once if waiting alone does not do it.
vswap_settled() {
	local i
	for i in $(seq 50); do
		[ "$(vswap_counter used)" = 0 ] && return 0
		[ "$i" = 25 ] && echo 1G >"$CGROUP_ROOT/memory.reclaim" 2>/dev/null
		sleep 0.1
	done
	# That reclaim swaps out the other processes too: their slots are in
	# use, not leaked. Every slot in use must belong to some process.
	[ "$(vswap_counter used)" -le "$(processes_swap_pages)" ]
}

# processes_swap_pages: the swap entries all processes' page tables hold
# (VmSwap), in pages; shared ones count once per process.
processes_swap_pages() {
	cat /proc/[0-9]*/status 2>/dev/null |
		awk '/^VmSwap:/ { kib += $2 } END { print int(kib / 4) }'
}

# --- cgroups --------------------------------------------------------------------

# cgroup_make NAME: create $CGROUP_ROOT/NAME (if needed); print its path.
cgroup_make() { mkdir -p "$CGROUP_ROOT/$1" && echo "$CGROUP_ROOT/$1"; }
cgroup_remove() { rmdir "$CGROUP_ROOT/$1" 2>/dev/null; }

# cgroup_stat CGROUP-DIR KEY: a memory.stat counter of a cgroup.
cgroup_stat() { awk -v k="$2" '$1 == k { print $2 }' "$1/memory.stat"; }

# --- waiting --------------------------------------------------------------------

# wait_banner FILE SECONDS [PID]: wait until a tool writing to FILE says
# it is ready ("Hit Ctrl-C to end", as every tool of ours and bpftrace's
# scripts print once their probes are attached). Fails on timeout, or if
# PID exits first.
wait_banner() {
	local i
	for i in $(seq $(($2 * 10))); do
		grep -q 'Hit Ctrl-C' "$1" 2>/dev/null && return 0
		[ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null && return 1
		sleep 0.1
	done
	return 1
}

# hang_report PID...: what the processes wait for (a run is about to fail).
hang_report() {
	local p
	for p in "$@"; do
		echo "HANG: $(tr '\0' ' ' </proc/$p/cmdline 2>/dev/null)"
		grep -E '^State' /proc/$p/status 2>/dev/null
		sed 's/^/    /' /proc/$p/stack 2>/dev/null
	done
}

# bounded_wait PID SECONDS: wait for PID (a child), killing it and its
# children with a report if it outlives SECONDS. Returns its exit status.
bounded_wait() {
	local pid=$1 i
	for i in $(seq $(($2 * 2))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	if kill -0 "$pid" 2>/dev/null; then
		hang_report "$pid" $(pgrep -P "$pid")
		pkill -KILL -P "$pid"
		kill -KILL "$pid"
	fi
	wait "$pid"
}

# --- held programs (tools/lib/hold.h) -----------------------------------------

# hold_wait DIR POINT PID: wait until the program PID, started with
# --hold DIR, stops at POINT. Fails if it exits first.
hold_wait() {
	while [ ! -e "$1/$2.ready" ]; do
		kill -0 "$3" 2>/dev/null || return 1
		sleep 0.05
	done
}

# hold_release DIR POINT: let the program go on from POINT.
hold_release() { touch "$1/$2.go"; }

# held_run STEP AFTER CMD...: run CMD (a lab program: swap_integrity,
# swap_roundtrip) with --hold. STEP runs when CMD has evicted its memory,
# AFTER when CMD has read it back and checked it, with the memory still
# mapped; either may be "" for none. CMD goes on at once from its other
# hold point, "filled". Both see the program's cgroup
# directory in $HOLD_CGROUP. Steps run in a subshell, so that their
# variables cannot clobber held_run's own. Returns CMD's status, or 1 if a
# step failed.
held_run() {
	local step=$1 after=$2 dir pid point fn rc=0 status
	shift 2
	dir=$(mktemp -d /tmp/hold.XXXXXX)
	"$@" --hold "$dir" &
	pid=$!
	for point in filled evicted verified; do
		hold_wait "$dir" $point $pid || break
		fn=
		[ $point = evicted ] && fn=$step
		[ $point = verified ] && fn=$after
		HOLD_CGROUP=$(cat "$dir/cgroup")
		if [ -n "$fn" ]; then
			("$fn") || { echo "# step '$fn' failed"; rc=1; }
		fi
		hold_release "$dir" $point
	done
	wait $pid
	status=$?
	rm -rf "$dir"
	[ $status != 0 ] && return $status
	return $rc
}

# --- statistics ----------------------------------------------------------------

# median_spread [FORMAT]: "median min max" of the numbers on stdin (the
# median of an even count is the mean of the two middle values).
median_spread() {
	sort -g | awk -v f="${1:-%.1f}" '{ v[NR] = $1 } END {
		if (!NR) exit 1
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf f " " f " " f "\n", m, v[1], v[NR] }'
}

# median_cells CMD ARGS...: the table cells "median (min..max)" of page-out,
# page-in and round trip, from CMD ARGS out|in|rt (one number per run each).
median_cells() {
	local what m lo hi
	for what in out in rt; do
		read -r m lo hi < <("$@" "$what" | median_spread)
		printf ' %7s %-13s' "$m" "($lo..$hi)"
	done
	echo
}

# --- tracing around a workload -------------------------------------------------

# trace_around SCRIPT WORKLOAD...: run the bpftrace script
# tools/bpftrace/SCRIPT.bt around WORKLOAD and print its output. bpftrace
# takes about 12 s to attach under TCG: the workload starts once it says
# so. Every wait is bounded: a hang ends with a report instead of a stall.
trace_around() {
	local script=$1 out pid
	shift
	out=$(mktemp /tmp/trace.XXXXXX)
	bpftrace "$(dirname "${BASH_SOURCE[0]}")/../bpftrace/$script.bt" >"$out" 2>&1 &
	pid=$!
	wait_banner "$out" 60 $pid || echo "trace_around: $script.bt did not attach"
	"$@" &
	bounded_wait $! 300 || echo "trace_around: workload failed or hung: $*"
	sleep 2
	kill -INT $pid 2>/dev/null
	bounded_wait $pid 30
	cat "$out"
	rm -f "$out"
}

# csv_columns NAME...: the named columns of the CSV on stdin (a header
# line, then rows; repeated headers are skipped), space-separated.
csv_columns() {
	awk -F, -v want="$*" '
	NR == 1 { header = $0; for (i = 1; i <= NF; i++) col[$i] = i; n = split(want, w, " "); next }
	$0 == header { next }
	{ line = ""
	  for (j = 1; j <= n; j++) line = line (j > 1 ? " " : "") (w[j] in col ? $col[w[j]] : "")
	  print line }'
}
