# SPDX-License-Identifier: GPL-2.0
# Suite: the virtual swap device with zswap and no physical device. Sourced
# by run.sh.

have_vswap || return 0
swap_setup vswap-zswap || { echo "Bail out! cannot set up vswap-zswap"; exit 1; }
for pattern in $PATTERNS; do
	for evict in pageout reclaim high; do
		tap_run "integrity/vswap-zswap/$pattern/$evict" \
			integrity vswap-zswap -p "$pattern" -e "$evict" -s 64M
	done
	tap_run "integrity/vswap-zswap/shmem-$pattern/reclaim" \
		integrity vswap-zswap -p "$pattern" -e reclaim -s 32M --shmem
done
# No backend stores a large folio whole yet: reclaim splits them. The
# pattern is compressible because splitting maps zero-filled subpages to
# the shared zero page instead of swapping them.
tap_run "thp/vswap-zswap/pmd-2M" with_thp 2M integrity vswap-zswap -p compressible -t 2M
tap_run "thp/vswap-zswap/mthp-64K" with_thp 64K integrity vswap-zswap -p compressible -t 64K
tap_run "fork/vswap-zswap" fork_test vswap-zswap
# Memory freed while it is swapped out (munmap, exit) frees each slot
# with its backend, unread: the leak check below then finds no zswap
# entry left behind (tools/mutants/07).
tap_run "vswap/free-while-swapped-out" \
	"$LAB_BUILD/bench/swap_roundtrip" --free -s 16M -p compressible -m 95
tap_run "vswap/no-leak-after-workloads" vswap_leaks

# Half the pages swapped out with vswap, half without: all come back.
switch_test() { swap_setup legacy-zswap+disk && "$BIN/swap_switch"; }
tap_run "vswap/switch-in-one-boot" switch_test
tap_run "vswap/no-leak-after-switch" vswap_leaks

# The OOM badness counts every swap entry, virtual ones too, against the
# swap that entries can occupy: a process with more swapped out than RAM and
# swap devices together keeps its oom_score in range (at most 1333 for
# oom_score_adj 0, where badness equals all of RAM and swap). Zero pages: they
# cost vswap no memory, where 1.25 x RAM of compressible pages overflow
# zswap's pool (20% of RAM) and the holder is OOM-killed (seen in CI).
oom_score_step() {
	local pid score
	pid=$(head -n 1 "$HOLD_CGROUP/cgroup.procs")
	score=$(cat "/proc/$pid/oom_score")
	echo "oom_score of $pid is $score, with $(grep VmSwap "/proc/$pid/status")"
	[ "$score" -le 1333 ]
}
oom_score_in_range() {
	local overcommit rc
	# With no swap device, the default heuristic refuses a mapping larger
	# than RAM: SwapTotal does not count what zswap can hold.
	overcommit=$(cat /proc/sys/vm/overcommit_memory)
	echo 1 >/proc/sys/vm/overcommit_memory
	swap_setup vswap-zswap &&
		held_run oom_score_step "" "$LAB_BUILD/bench/swap_roundtrip" \
			-p zero -s "$(($(awk '/MemTotal/ { print $2 }' /proc/meminfo) * 5 / 4))K" -m 80
	rc=$?
	echo "$overcommit" >/proc/sys/vm/overcommit_memory
	return $rc
}
tap_run "vswap/vswap-zswap/oom-score-in-range" oom_score_in_range
