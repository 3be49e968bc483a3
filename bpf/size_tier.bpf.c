// SPDX-License-Identifier: GPL-2.0
/*
 * size_tier - large folios go to disk, small ones to zswap.
 *
 * A large folio (a THP or an mTHP) is written to a physical device in one
 * I/O, and its pages tend to be cold together; a small folio is cheaper to
 * keep compressed in RAM. Folios of order large_order or more go to a
 * physical device, without trying to compress them; smaller ones go to
 * zswap, which sends what it rejects to disk anyway.
 *
 * On 6.12 zswap cannot store a large folio, so the kernel would write it
 * to disk after zswap refuses it: this policy makes the rule explicit and
 * skips that attempt. vswap allocates virtual slots for single pages only:
 * a large folio keeps physical slots when a device has room for it whole
 * (and is split otherwise), and that is where this policy sees it.
 *
 * Tunable: large_order (default 1: anything bigger than a page).
 */
#include "vswap.bpf.h"

char _license[] SEC("license") = "GPL";

const volatile __u32 large_order = 1;

__u64 nr_large, nr_small;

s32 BPF_STRUCT_OPS(size_tier_select_backend, struct vswap_place_ctx *place)
{
	if (place->order >= large_order) {
		__sync_fetch_and_add(&nr_large, 1);
		return VSWAP_PLACE_PHYS;
	}
	__sync_fetch_and_add(&nr_small, 1);
	return VSWAP_PLACE_ZSWAP;
}

VSWAP_EXIT_DEFINE(size_tier);

VSWAP_OPS_DEFINE(size_tier_ops,
	.select_backend	= (void *)size_tier_select_backend,
	.exit		= (void *)size_tier_exit,
	.name		= "size_tier",
);
