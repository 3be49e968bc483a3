// SPDX-License-Identifier: GPL-2.0
/*
 * adaptive - send what does not compress straight to disk.
 *
 * zswap compresses every page it is offered and only then finds out that
 * the result is too large to keep: for a cgroup full of random or already
 * compressed data, all of that CPU is wasted and the page goes to disk
 * anyway. This policy learns, per cgroup, how often zswap turns its pages
 * down, and stops offering pages of cgroups where it mostly does.
 *
 * Learning: the vswap_place tracepoint reports, for every folio offered to
 * zswap, whether zswap kept it. Each cgroup keeps an exponentially
 * weighted reject rate, in 1/1024 units, over roughly its last 16 tries.
 *
 * Deciding: a cgroup whose reject rate is at least reject_threshold goes
 * to a physical device, except one folio in probe_interval, which is
 * still offered to zswap so that the policy notices when the data starts
 * to compress again. With no free physical slot, the cgroup's folios stay
 * resident instead: zswap would compress them only to turn them down, on
 * every reclaim pass. Other cgroups get the kernel default. The threshold
 * is high so that a cgroup with a mix of data, which zswap still serves
 * well for the part that compresses, keeps using zswap.
 *
 * Tunables: reject_threshold (default 768, i.e. 75%), probe_interval
 * (default 32).
 */
#include "vswap.bpf.h"

char _license[] SEC("license") = "GPL";

#define RATE_ONE	1024
#define RATE_SHIFT	4	/* each try weighs 1/16 */

const volatile __u32 reject_threshold = RATE_ONE * 3 / 4;
const volatile __u32 probe_interval = 32;

struct cgroup_rate {
	u32 reject_rate;	/* 0..RATE_ONE */
	u32 nr_placed;		/* placements decided, for probing */
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, u64);	/* cgroup id */
	__type(value, struct cgroup_rate);
} rates SEC(".maps");

__u64 nr_to_phys, nr_kept, nr_probes, nr_default, nr_learned;

s32 BPF_STRUCT_OPS(adaptive_select_backend, struct vswap_place_ctx *place)
{
	u64 id = place->cgroup_id;	/* map keys must be on the stack */
	struct cgroup_rate *rate = bpf_map_lookup_elem(&rates, &id);

	if (!rate || rate->reject_rate < reject_threshold) {
		__sync_fetch_and_add(&nr_default, 1);
		return VSWAP_PLACE_DEFAULT;
	}
	if (probe_interval &&
	    __sync_fetch_and_add(&rate->nr_placed, 1) % probe_interval == 0) {
		__sync_fetch_and_add(&nr_probes, 1);
		return VSWAP_PLACE_ZSWAP;
	}
	if (!place->phys_free_pages) {
		__sync_fetch_and_add(&nr_kept, 1);
		return VSWAP_PLACE_KEEP;
	}
	__sync_fetch_and_add(&nr_to_phys, 1);
	return VSWAP_PLACE_PHYS;
}

SEC("tp_btf/vswap_place")
int BPF_PROG(adaptive_learn, const struct vswap_place_ctx *place, s32 choice,
	     enum vswap_placement placement, enum vswap_backend backend)
{
	struct cgroup_rate *rate, fresh = {};
	u64 id = place->cgroup_id;
	u32 sample;

	/* Only folios offered to zswap say anything about compression. */
	if (placement != VSWAP_PLACE_DEFAULT && placement != VSWAP_PLACE_ZSWAP)
		return 0;
	if (backend == VSWAP_NONE)	/* kept resident: no verdict */
		return 0;
	rate = bpf_map_lookup_elem(&rates, &id);
	if (!rate) {
		bpf_map_update_elem(&rates, &id, &fresh, BPF_NOEXIST);
		rate = bpf_map_lookup_elem(&rates, &id);
		if (!rate)
			return 0;
	}
	sample = backend == VSWAP_ZSWAP ? 0 : RATE_ONE;
	/* Racy read-modify-write: a lost update only delays learning. */
	rate->reject_rate += ((s32)sample - (s32)rate->reject_rate) >> RATE_SHIFT;
	__sync_fetch_and_add(&nr_learned, 1);
	return 0;
}

VSWAP_EXIT_DEFINE(adaptive);

VSWAP_OPS_DEFINE(adaptive_ops,
	.select_backend	= (void *)adaptive_select_backend,
	.exit		= (void *)adaptive_exit,
	.name		= "adaptive",
);
