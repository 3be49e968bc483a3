# SPDX-License-Identifier: GPL-2.0
# Suite: the memory cgroup contracts, with vswap on and, for comparison, off:
# memory.swap.max, memory.zswap.max and memory.zswap.writeback in each of
# their combinations (Documentation/admin-guide/mm/vswap.rst has the
# table), memory.swap.events, the owner of physical swap charged after the
# fact, and the vswap counters of /proc/vmstat and memory.stat. Each test
# checks where every kind of page went (swap_integrity predicts it from
# the configuration and the cgroup's limits), not only that it reads back.
# Sourced by run.sh.

# limits CONFIG NAME ARGS...: swap_integrity on CONFIG with the cgroup's
# limits in ARGS, mixed pages.
limited_integrity() { # CONFIG ARGS...
	local config=$1
	shift
	swap_setup "$config" && integrity "$config" -p mixed -s 32M "$@"
}
limits() {
	local config=$1 name=$2
	shift 2
	tap_run "memcg/$config/$name" limited_integrity "$config" "$@"
}

configs="legacy-zswap+disk"
have_vswap && configs="$configs vswap-zswap vswap-disk vswap-zswap+disk"
for config in $configs; do
	# memory.swap.max=0: no swap at all, to any backend, zero pages too.
	limits "$config" swap-max-0 -w 0 -e pageout
	limits "$config" swap-max-0-reclaim -w 0 -e reclaim
done
for config in legacy-zswap+disk vswap-zswap+disk; do
	have_vswap || [ "${config%%-*}" = legacy ] || continue
	# zswap off for the cgroup: the disk takes what zswap would have.
	limits "$config" zswap-max-0 -z 0
	# No writeback: zswap only; what it turns down stays resident.
	limits "$config" zswap-writeback-0 -B
	# Neither: vswap cannot serve the cgroup, which takes the legacy path.
	limits "$config" zswap-max-0-writeback-0 -z 0 -B
done
if have_vswap; then
	limits vswap-zswap zswap-max-0 -z 0
	# memory.swap.max limits disk pages only: zswap and zero pages go on,
	# and the swap event "max" fires when the disk budget runs out.
	limits vswap-zswap+disk swap-max-8M -w 8M
	# Without zswap, reclaim stops at the limit, as on the legacy path: zero
	# pages would stay behind too, so only incompressible ones here.
	limits vswap-disk swap-max-8M -w 8M -p incompressible -m 80
fi

have_vswap || return 0

# A physical slot allocated after the fact, by zswap writeback, is charged
# to the cgroup that owns the virtual slot, or to its nearest online
# ancestor: the child is removed (offline) before its pages are written
# back, and its parent must be charged, not the root.
offline_owner_step() {
	local child=$HOLD_CGROUP parent pid wb0 wb1 zwb0 zwb1 ours
	parent=$(dirname "$child")
	# The process moves to a sibling (the parent may hold no process: it
	# has controllers enabled for its children); the child goes offline
	# with its swap entries.
	mkdir -p "$parent/rest"
	while read -r pid; do
		echo "$pid" >"$parent/rest/cgroup.procs"
	done <"$child/cgroup.procs"
	rmdir "$child" || return 1
	wb0=$(vmstat vswpwb)
	zwb0=$(zswap_counter written_back_pages)
	zswap_shrink "$parent"
	wb1=$(vmstat vswpwb)
	zwb1=$(zswap_counter written_back_pages)
	echo "wrote back $((wb1 - wb0)) pages of the offline child (zswap's debugfs:" \
	     "$((zwb1 - zwb0)), the parent's memory.stat: $(cgroup_stat "$parent" vswpwb));" \
	     "the parent's memory.swap.current is $(cat "$parent/memory.swap.current")"
	# Every writeback was of a virtual slot: vmstat and zswap agree. The
	# shrinker may write back a few pages of other cgroups meanwhile: the
	# parent must count at least 90% of them (its child's), not none.
	ours=$(cgroup_stat "$parent" vswpwb)
	[ "$wb1" -gt "$wb0" ] && [ "$(cat "$parent/memory.swap.current")" -gt 0 ] &&
		[ $((wb1 - wb0)) = $((zwb1 - zwb0)) ] &&
		[ "$ours" -le $((wb1 - wb0)) ] && [ "$ours" -ge $(((wb1 - wb0) * 9 / 10)) ]
}
offline_owner() {
	local rc
	swap_setup vswap-zswap+disk && cgroup_make memcg_parent >/dev/null || return 1
	echo +memory >"$CGROUP_ROOT/memcg_parent/cgroup.subtree_control"
	held_run offline_owner_step "" "$LAB_BUILD/bench/swap_roundtrip" \
		-g memcg_parent/child -p compressible -s 16M -z max
	rc=$?
	cgroup_remove memcg_parent/child
	cgroup_remove memcg_parent/rest
	cgroup_remove memcg_parent
	return $rc
}
tap_run "memcg/phys-charge-goes-to-online-ancestor" offline_owner

# A removed cgroup is released once its process has exited: the virtual
# slots it swapped to drop their memcg references when they are freed, or
# the cgroup stays dying forever (tools/mutants/05). Page cache its
# process read keeps a dying cgroup until reclaimed: drop_caches lets it
# go. No disk: freed disk slots wait, charged, in the per-CPU swap slots
# caches (as without vswap), and would hold the cgroup too.
nr_dying() { awk '$1 == "nr_dying_descendants" { print $2 }' "$CGROUP_ROOT/cgroup.stat"; }
removed_cgroup_released() {
	local before i
	swap_setup vswap-zswap || return 1
	echo 3 >/proc/sys/vm/drop_caches
	before=$(nr_dying)
	integrity vswap-zswap -p mixed -s 16M || return 1
	for i in $(seq 60); do
		[ $((i % 10)) = 1 ] && echo 3 >/proc/sys/vm/drop_caches
		[ "$(nr_dying)" -le "$before" ] &&
			{ echo "released; $(nr_dying) dying cgroups, as before"; return 0; }
		sleep 0.5
	done
	echo "the test's removed cgroup was not released in 30 s: $(nr_dying) dying cgroups, $before before"
	return 1
}
tap_run "memcg/removed-cgroup-is-released" removed_cgroup_released
