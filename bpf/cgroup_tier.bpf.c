// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup_tier - each cgroup's swap tier, from a map.
 *
 * The map tiers holds, for a cgroup id (the inode number of its directory
 * in cgroupfs), where the pages of that cgroup go at swap-out: zswap, a
 * physical device, nowhere (keep them resident), or the kernel default.
 * The folio's own memory cgroup is looked up, not its ancestors: give each
 * leaf cgroup its entry. Cgroups without an entry get default_tier.
 *
 * A cgroup whose tier is zswap also keeps its pages out of zswap
 * writeback when pin_zswap is set: they stay compressed in RAM until they
 * are swapped in, or until the policy is detached.
 *
 *   vswapctl load cgroup_tier -o tiers=/sys/fs/cgroup/batch:phys \
 *                             -o tiers=/sys/fs/cgroup/web:zswap
 *
 * Tunables: default_tier (a vswap placement, default 0 = default),
 * pin_zswap (default 0).
 */
#include "vswap.bpf.h"

char _license[] SEC("license") = "GPL";

const volatile __u32 default_tier = VSWAP_PLACE_DEFAULT;
const volatile bool pin_zswap;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, u64);	/* cgroup id */
	__type(value, u32);	/* enum vswap_placement */
} tiers SEC(".maps");

__u64 nr_mapped, nr_unmapped, nr_vetoed;

static u32 tier_of(u64 cgroup_id)
{
	u32 *tier = bpf_map_lookup_elem(&tiers, &cgroup_id);

	if (!tier) {
		__sync_fetch_and_add(&nr_unmapped, 1);
		return default_tier;
	}
	__sync_fetch_and_add(&nr_mapped, 1);
	return *tier;
}

s32 BPF_STRUCT_OPS(cgroup_tier_select_backend, struct vswap_place_ctx *place)
{
	return tier_of(place->cgroup_id);
}

s32 BPF_STRUCT_OPS(cgroup_tier_may_writeback, struct vswap_writeback_ctx *wb)
{
	u64 id = wb->cgroup_id;	/* map keys must be on the stack */
	u32 *tier = bpf_map_lookup_elem(&tiers, &id);

	if (pin_zswap && tier && *tier == VSWAP_PLACE_ZSWAP) {
		__sync_fetch_and_add(&nr_vetoed, 1);
		return VSWAP_WB_VETO;
	}
	return VSWAP_WB_ALLOW;
}

VSWAP_EXIT_DEFINE(cgroup_tier);

VSWAP_OPS_DEFINE(cgroup_tier_ops,
	.select_backend	= (void *)cgroup_tier_select_backend,
	.may_writeback	= (void *)cgroup_tier_may_writeback,
	.exit		= (void *)cgroup_tier_exit,
	.name		= "cgroup_tier",
);
