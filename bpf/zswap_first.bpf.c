// SPDX-License-Identifier: GPL-2.0
/*
 * zswap_first - the kernel's default placement, written as a policy.
 *
 * Every folio is offered to zswap. What zswap does not take (zswap is
 * off, its pool or the cgroup's memory.zswap.max is full, the page does
 * not compress) goes to a physical swap device, and zswap may write any
 * entry back to disk when its pool shrinks.
 *
 * This is what vswap does with no policy attached, so it is the baseline
 * the other policies are measured against, the policy whose cost
 * `make bench` measures, and the smallest complete vswap_ops.
 */
#include "vswap.bpf.h"

char _license[] SEC("license") = "GPL";

__u64 nr_decisions;

s32 BPF_STRUCT_OPS(zswap_first_select_backend, struct vswap_place_ctx *place)
{
	__sync_fetch_and_add(&nr_decisions, 1);
	return VSWAP_PLACE_ZSWAP;
}

VSWAP_EXIT_DEFINE(zswap_first);

VSWAP_OPS_DEFINE(zswap_first_ops,
	.select_backend	= (void *)zswap_first_select_backend,
	.exit		= (void *)zswap_first_exit,
	.name		= "zswap_first",
);
