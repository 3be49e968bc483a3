// SPDX-License-Identifier: GPL-2.0
/* Rejected: a vswap_ops without select_backend, the one required callback. */
#include "vswap.bpf.h"

char _license[] SEC("license") = "GPL";

s32 BPF_STRUCT_OPS(incomplete_may_writeback, struct vswap_writeback_ctx *wb)
{
	return VSWAP_WB_ALLOW;
}

VSWAP_OPS_DEFINE(incomplete_ops,
	.may_writeback	= (void *)incomplete_may_writeback,
	.name		= "incomplete",
);
