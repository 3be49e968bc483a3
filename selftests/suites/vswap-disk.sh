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
# before /proc/swaps sees them, as without vswap.
phys_leaks() {
	local used cached=$((64 * $(nproc) * $(getconf PAGESIZE) / 1024))
	vswap_leaks || return 1
	used=$(swap_used_kib)
	echo "disk: $used KiB used (up to $cached KiB may sit in slot caches)"
	[ "$used" -le "$cached" ]
}
tap_run "vswap/no-leak-after-phys-workloads" phys_leaks

# swapoff moves data off the disk through the reverse map; zswap and zero
# pages, which the disk never held, stay where they are.
swapoff_disk() { swapoff "$SWAP_DISK"; }
swapoff_test() { # CONFIG PATTERN [--shmem]
	swap_setup "$1" && held_run swapoff_disk "" integrity "$1" -p "$2" -s 64M ${3:-}
}
tap_run "vswap/swapoff/vswap-disk-incompressible" swapoff_test vswap-disk incompressible
tap_run "vswap/swapoff/vswap-zswap+disk-mixed" swapoff_test vswap-zswap+disk mixed
tap_run "vswap/swapoff/vswap-zswap+disk-shmem-mixed" swapoff_test vswap-zswap+disk mixed --shmem

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
	local r0 r1 rc
	swap_off_all && vswap_set 1 || return 1
	mkswap -q /dev/vdb 16384 >/dev/null && swapon /dev/vdb || return 1
	r0=$(vswap_counter phys_reclaimed)
	held_run "" second_process_fits integrity vswap-disk -p incompressible -s 6M -e pageout
	rc=$?
	r1=$(vswap_counter phys_reclaimed)
	echo "phys_reclaimed moved by $((r1 - r0))"
	swapoff /dev/vdb
	[ "$rc" = 0 ] && [ "$r1" -gt "$r0" ]
}
tap_run "vswap/full-device-reclaims-through-rmap" full_device

# memory.swap limits physical backing only.
swap_max_zero() {
	swap_setup vswap-zswap+disk &&
		integrity vswap-zswap+disk -p compressible -s 32M --swap-max 0
}
tap_run "vswap/vswap-zswap+disk/swap-max-0-allows-zswap" swap_max_zero
