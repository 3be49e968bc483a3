// SPDX-License-Identifier: GPL-2.0
/*
 * Two configurable vswap_ops for the struct_ops tests: the test sets what
 * they return in .bss, and reads back how often they were called, the
 * context they saw for the test's cgroup, and why they exited.
 */
#include "vswap.bpf.h"

char _license[] SEC("license") = "GPL";

__s32 placement;		/* select_backend() returns this */
__s32 wb_verdict;		/* may_writeback() returns this */
__s32 init_ret;			/* init() returns this */
__u64 target_cgroup_id;		/* record the context of this cgroup */

__u64 calls_a, calls_b, wb_calls, init_calls, target_calls;
__u64 last_nr_pages, last_order, last_flags, last_memcg_id;
__u64 last_ram_pages, last_phys_free_pages, last_zswap_max;
__u32 exit_kind_a, exit_kind_b;
__s32 exit_init_error;

static void record(struct vswap_place_ctx *place)
{
	if (place->cgroup_id != target_cgroup_id)
		return;
	__sync_fetch_and_add(&target_calls, 1);
	last_nr_pages = place->nr_pages;
	last_order = place->order;
	last_flags = place->flags;
	last_memcg_id = place->memcg_id;
	last_ram_pages = place->ram_pages;
	last_phys_free_pages = place->phys_free_pages;
	last_zswap_max = place->memcg_zswap_max;
}

s32 BPF_STRUCT_OPS(test_a_select_backend, struct vswap_place_ctx *place)
{
	__sync_fetch_and_add(&calls_a, 1);
	record(place);
	return placement;
}

s32 BPF_STRUCT_OPS(test_b_select_backend, struct vswap_place_ctx *place)
{
	__sync_fetch_and_add(&calls_b, 1);
	record(place);
	return placement;
}

s32 BPF_STRUCT_OPS(test_may_writeback, struct vswap_writeback_ctx *wb)
{
	__sync_fetch_and_add(&wb_calls, 1);
	return wb_verdict;
}

s32 BPF_STRUCT_OPS(test_init)
{
	__sync_fetch_and_add(&init_calls, 1);
	return init_ret;
}

void BPF_STRUCT_OPS(test_a_exit, struct vswap_exit_info *info)
{
	exit_init_error = info->init_error;
	exit_kind_a = info->kind;
}

void BPF_STRUCT_OPS(test_b_exit, struct vswap_exit_info *info)
{
	exit_kind_b = info->kind;
}

VSWAP_OPS_DEFINE(test_ops_a,
	.select_backend	= (void *)test_a_select_backend,
	.may_writeback	= (void *)test_may_writeback,
	.init		= (void *)test_init,
	.exit		= (void *)test_a_exit,
	.name		= "test_a",
);

VSWAP_OPS_DEFINE(test_ops_b,
	.select_backend	= (void *)test_b_select_backend,
	.exit		= (void *)test_b_exit,
	.name		= "test_b",
);
