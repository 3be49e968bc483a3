# SPDX-License-Identifier: GPL-2.0
# Suite: zswap writes pages back to the disk (ZSWAP to PHYS with vswap),
# over memory.zswap.max, from its shrinker under memory.reclaim, and from
# its pool worker over max_pool_percent, with vswap off and on. The pages
# written back must read back intact from disk. Sourced by run.sh.

# memory.zswap.max far below what zswap takes: it writes the rest back.
writeback_zswap_max() { # CONFIG PATTERN
	swap_setup "$1" && integrity "$1" -p "$2" -s 32M -z 64K
}

# The zswap shrinker, driven by memory.reclaim on the test's cgroup once the
# pages are in zswap, must write some back.
shrinker_writes_back() {
	local wb0 wb1 i
	wb0=$(vmstat zswpwb)
	for i in 1 2 3 4 5; do
		echo 64M >"$HOLD_CGROUP/memory.reclaim"
	done 2>/dev/null
	wb1=$(vmstat zswpwb)
	echo "shrinker wrote back $((wb1 - wb0)) pages"
	[ "$wb1" -gt "$wb0" ]
}
writeback_shrinker() { # CONFIG
	local rc
	swap_setup "$1" || return 1
	echo Y >"$ZSWAP_PARAMS/shrinker_enabled"
	held_run shrinker_writes_back "" integrity "$1" -p compressible -s 32M
	rc=$?
	echo N >"$ZSWAP_PARAMS/shrinker_enabled"
	return $rc
}

# zswap's global pool limit: 128 MiB of half-random pages need about 68 MiB
# of pool, far over 1% of the VM's RAM, so zswap rejects pages (they go to
# disk directly) and its shrink worker writes older ones back.
writeback_pool_limit() { # CONFIG
	local rc pct
	swap_setup "$1" || return 1
	pct=$(cat "$ZSWAP_PARAMS/max_pool_percent")
	echo 1 >"$ZSWAP_PARAMS/max_pool_percent"
	integrity "$1" -p half -s 128M --writeback
	rc=$?
	echo "$pct" >"$ZSWAP_PARAMS/max_pool_percent"
	return $rc
}

tap_run "writeback/legacy-zswap+disk/zswap-max-mixed" writeback_zswap_max legacy-zswap+disk mixed
tap_run "writeback/legacy-zswap+disk/max-pool-percent" writeback_pool_limit legacy-zswap+disk
have_vswap || return 0
for pattern in compressible mixed; do
	tap_run "writeback/vswap-zswap+disk/zswap-max-$pattern" \
		writeback_zswap_max vswap-zswap+disk "$pattern"
done
tap_run "writeback/vswap-zswap+disk/shrinker" writeback_shrinker vswap-zswap+disk
tap_run "writeback/vswap-zswap+disk/max-pool-percent" writeback_pool_limit vswap-zswap+disk

# Entries that zswap stored with vswap off own their disk slot: its shrinker
# must go on writing them back once vswap is on, even with the disk full
# (only virtual entries need a free physical slot to be written back).
legacy_entries_written_back() {
	local wb0 wb1 i
	for i in 1 2 3 4 5; do
		[ "$(awk '/^SwapFree/ { print $2 }' /proc/meminfo)" = 0 ] && break
		echo 64M >"$HOLD_CGROUP/memory.reclaim"
	done 2>/dev/null
	echo "disk: $(awk '/^SwapFree/ { print $2 }' /proc/meminfo) kB free," \
	     "zswap holds $(zswap_counter stored_pages) pages"
	[ "$(awk '/^SwapFree/ { print $2 }' /proc/meminfo)" = 0 ] || return 1
	vswap_set 1 || return 1
	wb0=$(vmstat zswpwb)
	zswap_shrink "$HOLD_CGROUP"
	wb1=$(vmstat zswpwb)
	echo "with vswap on, the shrinker wrote back $((wb1 - wb0)) pages stored with it off"
	[ "$wb1" -gt "$wb0" ]
}
writeback_legacy_entries() {
	SWAP_DISK_KIB=16384 swap_setup legacy-zswap+disk &&
		held_run legacy_entries_written_back "" "$LAB_BUILD/bench/swap_roundtrip" \
			-p compressible -s 32M -m 40 -z max
}
tap_run "writeback/legacy-entries-written-back-with-disk-full" writeback_legacy_entries
