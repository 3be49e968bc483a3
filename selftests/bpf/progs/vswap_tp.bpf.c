// SPDX-License-Identifier: GPL-2.0
/*
 * Records the fields of every vswap tracepoint, for the tracepoint tests:
 * placements of target_cgroup_id's folios, and the other events, which do
 * not name a cgroup, for every slot (the test VM runs nothing else).
 */
#include "vswap.bpf.h"

char _license[] SEC("license") = "GPL";

__u64 target_cgroup_id;

/*
 * The arrays are indexed by the kernel's enums, as vmlinux.h has them;
 * the test reads the values from the kernel's BTF, and the row length of
 * transitions from nr_backends.
 */
const volatile __u32 nr_backends = NR_VSWAP_BACKENDS;

__u64 place_events, place_pages, place_by_backend[NR_VSWAP_BACKENDS];
__s64 last_choice, last_placement;
__u64 last_memcg_id;
__u64 transitions[NR_VSWAP_BACKENDS * NR_VSWAP_BACKENDS], transition_same;
__u64 slot_allocs, slot_frees;
__u64 writeback_ok, writeback_fail, writeback_latency_min = ~0ULL;
__u64 writeback_latency_max, writeback_phys_offset_max;
__u64 rmap_by_reason[VSWAP_RMAP_SWAPOFF + 1];

SEC("tracepoint/vswap/vswap_place")
int tp_place(struct trace_event_raw_vswap_place *ev)
{
	u32 backend;

	if (ev->cgroup_id != target_cgroup_id)
		return 0;
	__sync_fetch_and_add(&place_events, 1);
	__sync_fetch_and_add(&place_pages, ev->nr);
	backend = ev->backend;
	if (backend < NR_VSWAP_BACKENDS)
		__sync_fetch_and_add(&place_by_backend[backend], 1);
	last_choice = ev->choice;
	last_placement = ev->placement;
	last_memcg_id = ev->memcg_id;
	return 0;
}

static void add_transition(u32 idx, u32 nr)
{
	/* Keep the compiler from folding the bound the verifier needs. */
	barrier_var(idx);
	if (idx < NR_VSWAP_BACKENDS * NR_VSWAP_BACKENDS)
		__sync_fetch_and_add(&transitions[idx], nr);
}

SEC("tracepoint/vswap/vswap_transition")
int tp_transition(struct trace_event_raw_vswap_transition *ev)
{
	u32 old = ev->old, new = ev->new;

	if (old == new)
		__sync_fetch_and_add(&transition_same, 1);
	else if (old < NR_VSWAP_BACKENDS && new < NR_VSWAP_BACKENDS)
		add_transition(old * NR_VSWAP_BACKENDS + new, ev->nr);
	return 0;
}

SEC("tracepoint/vswap/vswap_slot_alloc")
int tp_slot_alloc(struct trace_event_raw_vswap_slots *ev)
{
	__sync_fetch_and_add(&slot_allocs, ev->nr);
	return 0;
}

SEC("tracepoint/vswap/vswap_slot_free")
int tp_slot_free(struct trace_event_raw_vswap_slots *ev)
{
	__sync_fetch_and_add(&slot_frees, ev->nr);
	return 0;
}

SEC("tracepoint/vswap/vswap_writeback")
int tp_writeback(struct trace_event_raw_vswap_writeback *ev)
{
	if (ev->result) {
		__sync_fetch_and_add(&writeback_fail, 1);
		return 0;
	}
	__sync_fetch_and_add(&writeback_ok, 1);
	if (ev->latency_ns < writeback_latency_min)
		writeback_latency_min = ev->latency_ns;
	if (ev->latency_ns > writeback_latency_max)
		writeback_latency_max = ev->latency_ns;
	if (ev->phys_offset > writeback_phys_offset_max)
		writeback_phys_offset_max = ev->phys_offset;
	return 0;
}

SEC("tracepoint/vswap/vswap_rmap_reclaim")
int tp_rmap(struct trace_event_raw_vswap_rmap_reclaim *ev)
{
	u32 reason = ev->reason;

	if (reason <= VSWAP_RMAP_SWAPOFF)
		__sync_fetch_and_add(&rmap_by_reason[reason], ev->nr);
	return 0;
}
