# SPDX-License-Identifier: GPL-2.0
# Suite: randomized torture (selftests/vswap_torture). Workers write, swap,
# fork, remap and move between cgroups while a chaos process turns the
# swap devices, vswap, zswap, cgroup limits and policies on and off; every
# page must read back intact and every counter return to its baseline.
# Then the same with allocation failures injected into the workers' swap-
# outs (with vswap on, and off), and with a disk whose sectors fail, always
# or 1 s in 3. A test of the test checks that a corrupted disk is
# reported. TORTURE_SECONDS sets the length of the chaos run (make torture:
# 30 minutes). Sourced by run.sh.

TORTURE_SECONDS=${TORTURE_SECONDS:-60}
SECOND_DISK=/dev/vdb
DISK_ALIAS=/dev/vdd	# tools/vm/run-vm.sh: the same image as $SWAP_DISK
MTHP=/sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled
FAULTS=/sys/kernel/debug

# 64 KiB mTHP for the torture's "anon-mthp" regions; "never" afterwards.
mthp_set() { [ -w "$MTHP" ] && echo "$1" >"$MTHP"; return 0; }

torture() { # ARGS...
	"$BIN/vswap_torture" "$@"
}

# vswap over zswap and two disks, everything at once.
torture_chaos() {
	local rc
	swap_setup vswap-zswap+disk || return 1
	mkswap -q "$SECOND_DISK" >/dev/null && swapon -p 5 "$SECOND_DISK" || return 1
	mthp_set always
	torture -t "$TORTURE_SECONDS" -d "$SWAP_DISK" -d "$SECOND_DISK" \
		-p "$LAB_BUILD/tools/vswapctl"
	rc=$?
	mthp_set never
	swap_off_all
	return $rc
}

# failslab and fail_page_alloc, for the workers only (make-it-fail), and
# only for allocations that cannot wait: vswap's and zswap's metadata in
# swap-out, not the page faults. Pages must stay resident or go elsewhere.
fault_inject() { # PROBABILITY
	local f
	for f in failslab fail_page_alloc; do
		[ -d "$FAULTS/$f" ] || return 1
		echo Y >"$FAULTS/$f/task-filter"
		echo "$1" >"$FAULTS/$f/probability"
		echo 1 >"$FAULTS/$f/interval"
		# A large count, not -1: vswap_torture reports how far it fell.
		echo 1000000000 >"$FAULTS/$f/times"
		echo 0 >"$FAULTS/$f/verbose"
	done
	echo Y >"$FAULTS/fail_page_alloc/ignore-gfp-wait"
	echo Y >"$FAULTS/failslab/ignore-gfp-wait"
}
torture_alloc_failures() {
	local rc fail0 dbg0 failed
	swap_setup vswap-zswap+disk && fault_inject 20 || return 1
	fail0=$(vmstat vswp_meta_fail)
	dbg0=$(vswap_counter meta_alloc_fail)
	torture -f -t $((TORTURE_SECONDS / 2 + 10)) -d "$SWAP_DISK"
	rc=$?
	fault_inject 0
	failed=$(($(vmstat vswp_meta_fail) - fail0))
	echo "vswap metadata allocations that failed: $failed" \
	     "(debugfs: $(($(vswap_counter meta_alloc_fail) - dbg0)))"
	swap_off_all
	# /proc/vmstat and debugfs count each failure once.
	[ "$failed" = $(($(vswap_counter meta_alloc_fail) - dbg0)) ] || rc=1
	return $rc
}

# The same faults with vswap off, workers only: the baseline vswap is held
# to. The torture's settle() swaps the disk off after the failed swap-cache
# insertions, which left empty xarray nodes behind (kernel patch 1; the
# debug kernel warned in exit_swap_address_space()).
torture_alloc_failures_legacy() {
	local rc
	swap_setup legacy-disk && fault_inject 20 || return 1
	torture -n -f -t $((TORTURE_SECONDS / 4 + 10)) -d "$SWAP_DISK"
	rc=$?
	fault_inject 0
	swap_off_all
	return $rc
}

# torture_over_dm NAME: the torture, swapping over /dev/mapper/NAME, a
# device-mapper device made from the table on stdin over $SECOND_DISK,
# with zswap in front.
torture_over_dm() {
	local rc=1 dev=/dev/mapper/$1
	swap_setup vswap-zswap || return 1
	dmsetup --noudevsync --noudevrules create "$1" || return 1
	[ -e "$dev" ] || ln -sf "/dev/$(basename "$(ls -d /sys/block/dm-*/ | head -n 1)")" "$dev"
	if mkswap -q "$dev" >/dev/null && swapon "$dev"; then
		torture -t $((TORTURE_SECONDS / 2 + 10)) -d "$dev"
		rc=$?
	fi
	swapoff "$dev" 2>/dev/null
	dmsetup --noudevsync --noudevrules remove "$1"
	rm -f "$dev"
	swap_off_all
	return $rc
}

# A disk whose slots 512 to 1535 fail every write and read (device-mapper's
# error target), from the start: no write there ever succeeds, so nothing is
# lost; the pages stay in memory or go elsewhere.
torture_write_errors() {
	dm_error_table "$SECOND_DISK" 512 1024 | torture_over_dm vswap_torture_failing
}

# A disk that fails every write for 1 s in 3 (device-mapper's flakey target
# with error_writes; reads always succeed): a page whose write-out failed
# stays in memory, dirty, and must go out intact later, over a slot that
# may have held another page.
torture_flaky_writes() {
	local rc log watcher errors
	log=$(mktemp)
	dmesg --follow-new >"$log" &
	watcher=$!
	echo "0 $(blockdev --getsz "$SECOND_DISK") flakey $SECOND_DISK 0 2 1 1 error_writes" |
		torture_over_dm vswap_torture_flaky
	rc=$?
	kill "$watcher"
	wait "$watcher" 2>/dev/null
	# Rate-limited messages: a lower bound. None means nothing was tested.
	errors=$(grep -c 'Write-error on swap-device' "$log")
	rm -f "$log"
	echo "write errors logged: $errors or more"
	[ "$errors" -gt 0 ] || rc=1
	return $rc
}

# The test of the test: junk written over the disk, through an alias of it,
# must be reported as mismatches.
torture_detects_corruption() {
	local out rc
	swap_setup vswap-disk || return 1
	out=$(torture -n -t 20 -C "$DISK_ALIAS" 2>&1)
	rc=$?
	swap_off_all
	mkswap -q "$SWAP_DISK" >/dev/null
	echo "$out" | grep -E '^#|MISMATCH' | head -n 5
	[ "$rc" = 1 ] && echo "$out" | grep -q 'MISMATCH'
}

if have_vswap; then
	tap_run "torture/vswap-zswap+disk/chaos" torture_chaos
	tap_run "torture/vswap-zswap+disk/allocation-failures" torture_alloc_failures
	tap_run "torture/legacy-disk/allocation-failures" torture_alloc_failures_legacy
	tap_run "torture/vswap-zswap/disk-write-errors" torture_write_errors
	tap_run "torture/vswap-zswap/flaky-disk-writes" torture_flaky_writes
	tap_run "torture/vswap-disk/detects-corruption" torture_detects_corruption
fi
