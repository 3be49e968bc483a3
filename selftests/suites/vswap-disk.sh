# SPDX-License-Identifier: GPL-2.0
# Suite: the virtual swap device backed by a physical device, with and
# without zswap in front. Sourced by run.sh.

have_vswap || return 0
for config in vswap-disk vswap-zswap+disk; do
	disk_matrix "$config"
	tap_run "integrity/$config/shmem-mixed/reclaim" \
		integrity "$config" -p mixed -e reclaim -s 32M --shmem
	tap_run "fork/$config" fork_test "$config"
	# Read back clean, evicted again: the physical slot is reused.
	tap_run "vswap/$config/phys-reuse" integrity "$config" -p mixed -e pageout -s 32M --reswap
done

# All virtual slots, and the disk slots that backed them, are freed
# (checked before any swapoff, which would free the disk slots anyway).
# Freed disk slots may wait in the per-CPU swap slots caches (64 each)
# before /proc/swaps sees them, as without vswap; other processes' pages
# that vswap_leaks' reclaim pushed out may hold some too.
phys_leaks() {
	local used held cached=$((64 * $(nproc) * $(getconf PAGESIZE) / 1024))
	vswap_leaks || return 1
	used=$(swap_used_kib)
	held=$(($(processes_swap_pages) * $(getconf PAGESIZE) / 1024))
	echo "disk: $used KiB used (up to $cached KiB may sit in slot caches," \
	     "processes hold $held KiB of swap)"
	[ "$used" -le $((cached + held)) ]
}
tap_run "vswap/no-leak-after-phys-workloads" phys_leaks

# swapoff moves data off the disk through the reverse map; zswap and zero
# pages, which the disk never held, stay where they are.
# Each page swapoff moves counts once in /proc/vmstat (vswp_rmap_swapoff):
# as many as the disk held, which vswap's debugfs shows (phys).
# Then reclaim pushes the pages out again before they are read back: a
# folio that swapoff left clean, its disk copy gone, would be dropped, and
# the read-back would find the page lost (tools/mutants/01).
swapoff_disk() {
	local phys moved=$(vmstat vswp_rmap_swapoff) i
	phys=$(vswap_counter phys)
	swapoff "$SWAP_DISK" || return 1
	moved=$(($(vmstat vswp_rmap_swapoff) - moved))
	echo "swapoff moved $moved pages; debugfs had $phys on the disk"
	for i in 1 2 3; do
		echo 1G >"$HOLD_CGROUP/memory.reclaim" 2>/dev/null
	done
	[ "$moved" -gt 0 ] && [ "$moved" = "$phys" ]
}
swapoff_test() { # CONFIG PATTERN [--shmem]
	swap_setup "$1" && held_run swapoff_disk "" integrity "$1" -p "$2" -s 64M ${3:-}
}
tap_run "vswap/swapoff/vswap-disk-incompressible" swapoff_test vswap-disk incompressible
tap_run "vswap/swapoff/vswap-zswap+disk-mixed" swapoff_test vswap-zswap+disk mixed
tap_run "vswap/swapoff/vswap-zswap+disk-shmem-mixed" swapoff_test vswap-zswap+disk mixed --shmem

# A swapoff that leaves only virtual entries in use must keep the mm list
# that the next swapoff scans: a process forked afterwards, whose pages then
# go to the disk, must still be found (it once made swapoff loop forever).
drained_fork_test() { swap_setup vswap-zswap+disk && "$BIN/swap_drained_fork" "$SWAP_DISK"; }
tap_run "vswap/swapoff-finds-child-forked-after-drain" drained_fork_test

# Two devices: the higher priority one fills first, and swapping it off
# leaves the other one in service.
first_disk_used_only() {
	local used_a used_b
	used_a=$(awk -v d="$SWAP_DISK" '$1 == d { print $4 }' /proc/swaps)
	used_b=$(awk '$1 == "/dev/vdb" { print $4 }' /proc/swaps)
	echo "$SWAP_DISK: $used_a KiB used, /dev/vdb: $used_b KiB used"
	[ "$used_a" -gt 0 ] && [ "$used_b" = 0 ] && swapoff "$SWAP_DISK"
}
two_devices() {
	local rc
	swap_setup vswap-disk || return 1
	swapoff "$SWAP_DISK" && swapon -p 10 "$SWAP_DISK" || return 1
	mkswap -q /dev/vdb >/dev/null && swapon -p 5 /dev/vdb || return 1
	held_run first_disk_used_only "" integrity vswap-disk -p incompressible -s 64M
	rc=$?
	swapoff /dev/vdb
	return $rc
}
tap_run "vswap/two-devices-by-priority" two_devices

# A full disk: slots that back virtual slots whose pages were read back
# (still cached, no longer referenced) are freed through the reverse map
# for new swap-outs. 6 MiB are read back; then 12 MiB must fit in the
# 10 MiB left of a 16 MiB device (below half full at the read-back, so
# swap-in keeps the slots, as it does without vswap).
second_process_fits() { integrity vswap-disk -p incompressible -s 12M -e pageout; }
full_device() {
	local r0 r1 v0 v1 rc
	swap_off_all && vswap_set 1 || return 1
	mkswap -q /dev/vdb 16384 >/dev/null && swapon /dev/vdb || return 1
	r0=$(vswap_counter phys_reclaimed)
	v0=$(vmstat vswp_rmap_full)
	held_run "" second_process_fits integrity vswap-disk -p incompressible -s 6M -e pageout
	rc=$?
	r1=$(vswap_counter phys_reclaimed)
	v1=$(vmstat vswp_rmap_full)
	echo "phys_reclaimed moved by $((r1 - r0)), vswp_rmap_full by $((v1 - v0))"
	swapoff /dev/vdb
	[ "$rc" = 0 ] && [ "$r1" -gt "$r0" ] && [ $((v1 - v0)) = $((r1 - r0)) ]
}
tap_run "vswap/full-device-reclaims-through-rmap" full_device

# Readahead around a legacy shmem entry (cluster readahead, up to 32 slots
# here) must leave alone the disk slots that back virtual ones: read into
# the disk's swap cache, such a slot was still cached when vswap freed it, a
# warning in swap_free_backing() (found by selftests/vswap_torture), and
# the folio stayed in the swap cache after every user was gone. Legacy
# shmem pages go out first, then vswap anon pages to the slots after them
# (one CPU: neighbours); the shmem read-back ends next to the vswap slots,
# and the vswap program exits last.
held_start() { # DIR CMD...: start a lab program (pid in $HELD_PID), let it evict
	local dir=$1
	shift
	"$@" --hold "$dir" >"$dir/log" 2>&1 &
	HELD_PID=$!
	hold_wait "$dir" filled "$HELD_PID" && hold_release "$dir" filled &&
		hold_wait "$dir" evicted "$HELD_PID"
}
held_finish() { # DIR PID: let it read back, check and exit
	hold_release "$1" evicted && hold_wait "$1" verified "$2" &&
		hold_release "$1" verified && wait "$2"
}
readahead_skips_vswap_slots() {
	local cluster rc=1 warned0 warned1 cached0=0 cached1 legacy vswap lpid= vpid= pid
	cluster=$(cat /proc/sys/vm/page-cluster)
	echo 5 >/proc/sys/vm/page-cluster
	warned0=$(dmesg | grep -c 'at mm/swapfile.c.*swap_free_backing')
	legacy=$(mktemp -d /tmp/hold.XXXXXX) vswap=$(mktemp -d /tmp/hold.XXXXXX)
	# After swap_setup: it reads other processes' pages back, and those
	# stay in the swap cache.
	if swap_setup vswap-disk &&
	   cached0=$(awk '/^SwapCached/ { print $2 }' /proc/meminfo) && vswap_set 0 &&
	   held_start "$legacy" taskset -c 0 "$BIN/swap_integrity" -c legacy-disk \
		--shmem -p incompressible -s 8M -e pageout && lpid=$HELD_PID &&
	   vswap_set 1 &&
	   held_start "$vswap" taskset -c 0 "$BIN/swap_integrity" -c vswap-disk \
		-p incompressible -s 8M -e pageout && vpid=$HELD_PID; then
		held_finish "$legacy" "$lpid" && held_finish "$vswap" "$vpid" && rc=0
	fi
	# Whatever failed, no program stays behind.
	for pid in $lpid $vpid; do
		kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	tail -n 3 "$legacy/log" "$vswap/log"
	rm -rf "$legacy" "$vswap"
	echo "$cluster" >/proc/sys/vm/page-cluster
	warned1=$(dmesg | grep -c 'at mm/swapfile.c.*swap_free_backing')
	cached1=$(awk '/^SwapCached/ { print $2 }' /proc/meminfo)
	echo "swap_free_backing() warned $((warned1 - warned0)) times;" \
	     "the swap cache holds $cached1 KiB, $cached0 KiB before"
	# Other processes' swap-ins may add a page or two; the readahead of
	# vswap slots left 9 pages behind.
	[ "$rc" = 0 ] && [ "$warned1" = "$warned0" ] && [ "$cached1" -le $((cached0 + 16)) ]
}
tap_run "vswap/vswap-disk/readahead-skips-vswap-slots" readahead_skips_vswap_slots
