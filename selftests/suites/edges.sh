# SPDX-License-Identifier: GPL-2.0
# Suite: the edges, each with vswap off and on in the same boot, where vswap
# must do at least as well as the legacy path: a failing disk, zram as the
# only swap device, and reclaim when no backend can take a cgroup's pages.
# Sourced by run.sh.

# The legacy twin of a vswap configuration, and whether vswap is on.
vswap_of() { [ "${1%%-*}" = vswap ] && echo 1 || echo 0; }

# --- a failing disk: device-mapper's error target under the swap device ---

DM=vswap_failing
DM_DEV=/dev/mapper/$DM
dm() { dmsetup --noudevsync --noudevrules "$@"; }

# The swap disk behind a linear device-mapper target, as the swap device.
failing_disk_on() { # CONFIG
	local sectors
	swap_off_all && vswap_set "$(vswap_of "$1")" || return 1
	sectors=$(blockdev --getsz "$SWAP_DISK")
	echo "0 $sectors linear $SWAP_DISK 0" | dm create "$DM" || return 1
	[ -e "$DM_DEV" ] || ln -sf "/dev/$(basename "$(ls -d /sys/block/dm-*/ | head -n 1)")" "$DM_DEV"
	mkswap -q "$DM_DEV" >/dev/null && swapon "$DM_DEV"
}

failing_disk_off() {
	swapoff "$DM_DEV" 2>/dev/null
	dm remove "$DM" 2>/dev/null
	rm -f "$DM_DEV"
}

# Reads of slots 512 to 543 of the device fail from now on.
failing_disk_break() {
	dm_error_table "$SWAP_DISK" 512 32 | dm load "$DM" && dm suspend "$DM" && dm resume "$DM"
}

# swapoff completes although pages cannot be read; those are lost.
failing_disk_swapoff() {
	local poisoned0
	poisoned0=$(vswap_counter unuse_poisoned 2>/dev/null || echo 0)
	failing_disk_break || { echo "cannot break the disk"; return 1; }
	swapoff "$DM_DEV" || { echo "FAIL: swapoff failed"; return 1; }
	echo "swapoff completed; vswap poisoned $(( $(vswap_counter unuse_poisoned 2>/dev/null || echo 0) - poisoned0 )) slots"
}

failing_disk() { # CONFIG
	local rc
	failing_disk_on "$1" || { failing_disk_off; return 1; }
	held_run failing_disk_swapoff "" integrity "$1" -p incompressible -s 32M -e pageout -L 1
	rc=$?
	failing_disk_off
	return $rc
}
for config in legacy-disk vswap-disk; do
	have_vswap || [ "$config" = legacy-disk ] || continue
	tap_run "edges/failing-disk/$config/swapoff-completes" failing_disk "$config"
done

# --- zram as the only swap device -------------------------------------------

# Pages read back from zram leave it at once (swap-in skips the swap cache
# and frees the slot), with vswap as without: zram keeps no compressed copy.
zram_emptied() {
	local orig
	orig=$(awk '{ print $1 }' /sys/block/zram0/mm_stat)
	echo "zram holds $orig bytes (orig_data_size) after the read-back," \
	     "SwapCached is $(awk '/^SwapCached/ { print $2 }' /proc/meminfo) kB"
	[ "$orig" -le $((1 << 20)) ]
}
zram_roundtrip() { # CONFIG
	swap_setup "$1" && held_run "" zram_emptied integrity "$1" -p mixed -s 64M -e reclaim
}
for config in legacy-zram vswap-zram; do
	case " $(swap_configs | tr '\n' ' ') " in *" $config "*) ;; *) continue ;; esac
	tap_run "edges/zram/$config/roundtrip-frees-zram" zram_roundtrip "$config"
done
swap_off_all
