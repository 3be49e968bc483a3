// SPDX-License-Identifier: GPL-2.0
/*
 * vswapstat - count vswap placements, backend transitions, zswap
 * writebacks and reverse-map reclaims, per cgroup.
 *
 * Only the placement event names the cgroup. It also records the cgroup
 * of each virtual slot it places, so that later events of that slot
 * (writeback, reverse-map reclaim), which carry only the slot's offset,
 * are counted for the same cgroup. Slots placed before vswapstat started
 * are counted under cgroup id 0 ("?").
 *
 * The time spent in zswap_store(), mostly compression, is measured with
 * fentry/fexit and charged to the folio's memory cgroup.
 */
#include "vswap.bpf.h"
#include "vswapstat.h"

char _license[] SEC("license") = "GPL";

_Static_assert(NR_VSWAP_BACKENDS <= VSWAPSTAT_MAX_BACKENDS, "backends");
_Static_assert(VSWAP_RMAP_SWAPOFF < VSWAPSTAT_MAX_RMAP_REASONS, "reasons");

/* Count only this cgroup's events, if set. */
const volatile __u64 filter_cgroup_id;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, u64);			/* cgroup id */
	__type(value, struct vswapstat_cgroup);
} cgroups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1 << 18);
	__type(key, u64);			/* virtual slot offset */
	__type(value, u64);			/* cgroup id */
} slot_cgroup SEC(".maps");

/* transitions[old * VSWAPSTAT_MAX_BACKENDS + new] */
__u64 transitions[VSWAPSTAT_MAX_BACKENDS * VSWAPSTAT_MAX_BACKENDS];
struct vswapstat_hist writeback_usecs;

static struct vswapstat_cgroup *cgroup_stats(u64 id)
{
	static const struct vswapstat_cgroup zero;
	struct vswapstat_cgroup *stats;

	stats = bpf_map_lookup_elem(&cgroups, &id);
	if (stats)
		return stats;
	bpf_map_update_elem(&cgroups, &id, &zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&cgroups, &id);
}

/* The cgroup of a virtual slot, or NULL if it is filtered out. */
static struct vswapstat_cgroup *slot_stats(u64 offset)
{
	u64 *id = bpf_map_lookup_elem(&slot_cgroup, &offset);
	u64 cgroup_id = id ? *id : 0;

	if (filter_cgroup_id && cgroup_id != filter_cgroup_id)
		return NULL;
	return cgroup_stats(cgroup_id);
}

SEC("tracepoint/vswap/vswap_place")
int vswapstat_place(struct trace_event_raw_vswap_place *ev)
{
	struct vswapstat_cgroup *stats;
	u64 id = ev->cgroup_id, offset = ev->offset;
	u32 backend = ev->backend;

	if (filter_cgroup_id && id != filter_cgroup_id)
		return 0;
	bpf_map_update_elem(&slot_cgroup, &offset, &id, BPF_ANY);
	stats = cgroup_stats(id);
	if (!stats)
		return 0;
	if (backend < VSWAPSTAT_MAX_BACKENDS)
		__sync_fetch_and_add(&stats->placed[backend], ev->nr);
	if (ev->choice != ev->placement && ev->placement == VSWAP_PLACE_DEFAULT)
		__sync_fetch_and_add(&stats->invalid, 1);
	return 0;
}

SEC("tracepoint/vswap/vswap_transition")
int vswapstat_transition(struct trace_event_raw_vswap_transition *ev)
{
	u32 old = ev->old, new = ev->new, idx;

	if (old >= VSWAPSTAT_MAX_BACKENDS || new >= VSWAPSTAT_MAX_BACKENDS)
		return 0;
	idx = old * VSWAPSTAT_MAX_BACKENDS + new;
	/* The verifier tracks idx's bound only through an explicit mask. */
	barrier_var(idx);
	idx &= VSWAPSTAT_MAX_BACKENDS * VSWAPSTAT_MAX_BACKENDS - 1;
	__sync_fetch_and_add(&transitions[idx], ev->nr);
	return 0;
}

static u32 log2_slot(u64 v)
{
	u32 slot = 0;

	while (v > 1 && slot < VSWAPSTAT_HIST_SLOTS - 1) {
		v >>= 1;
		slot++;
	}
	return slot;
}

SEC("tracepoint/vswap/vswap_writeback")
int vswapstat_writeback(struct trace_event_raw_vswap_writeback *ev)
{
	struct vswapstat_cgroup *stats = slot_stats(ev->offset);
	u32 slot;

	if (!stats)
		return 0;
	if (ev->result) {
		__sync_fetch_and_add(&stats->writeback_fail, 1);
		return 0;
	}
	__sync_fetch_and_add(&stats->writeback_ok, 1);
	slot = log2_slot(ev->latency_ns / 1000);
	if (slot < VSWAPSTAT_HIST_SLOTS)
		__sync_fetch_and_add(&writeback_usecs.slots[slot], 1);
	return 0;
}

SEC("tracepoint/vswap/vswap_rmap_reclaim")
int vswapstat_rmap(struct trace_event_raw_vswap_rmap_reclaim *ev)
{
	struct vswapstat_cgroup *stats = slot_stats(ev->offset);
	u32 reason = ev->reason;

	if (stats && reason < VSWAPSTAT_MAX_RMAP_REASONS)
		__sync_fetch_and_add(&stats->rmap[reason], ev->nr);
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, u32);			/* thread id */
	__type(value, u64);			/* zswap_store() entry, ns */
} store_start SEC(".maps");

/* The cgroup id of a folio's memcg; 0 for none. See folio_memcg(). */
static u64 folio_cgroup_id(struct folio *folio)
{
	unsigned long memcg_data = BPF_CORE_READ(folio, memcg_data);
	struct mem_cgroup *memcg;

	/* Anon and shmem folios point at their memcg; the low bits are flags. */
	memcg = (struct mem_cgroup *)(memcg_data & ~3UL);
	if (!memcg)
		return 0;
	return BPF_CORE_READ(memcg, css.cgroup, kn, id);
}

SEC("fentry/zswap_store")
int BPF_PROG(vswapstat_store_enter, struct folio *folio)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	u64 now = bpf_ktime_get_ns();

	bpf_map_update_elem(&store_start, &tid, &now, BPF_ANY);
	return 0;
}

SEC("fexit/zswap_store")
int BPF_PROG(vswapstat_store_exit, struct folio *folio, bool stored)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	struct vswapstat_cgroup *stats;
	u64 *start, id;

	start = bpf_map_lookup_elem(&store_start, &tid);
	if (!start)
		return 0;
	id = folio_cgroup_id(folio);
	if (filter_cgroup_id && id != filter_cgroup_id)
		goto out;
	stats = cgroup_stats(id);
	if (!stats)
		goto out;
	__sync_fetch_and_add(&stats->zswap_stores, 1);
	__sync_fetch_and_add(&stats->zswap_store_ns, bpf_ktime_get_ns() - *start);
	if (!stored)
		__sync_fetch_and_add(&stats->zswap_rejects, 1);
out:
	bpf_map_delete_elem(&store_start, &tid);
	return 0;
}

SEC("tracepoint/vswap/vswap_slot_free")
int vswapstat_slot_free(struct trace_event_raw_vswap_slots *ev)
{
	u64 offset = ev->offset;
	u32 i;

	for (i = 0; i < ev->nr && i < 512; i++, offset++)
		bpf_map_delete_elem(&slot_cgroup, &offset);
	return 0;
}
