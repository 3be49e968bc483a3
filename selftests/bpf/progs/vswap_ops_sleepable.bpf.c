// SPDX-License-Identifier: GPL-2.0
/* Rejected: vswap_ops callbacks run in reclaim and must not sleep. */
#include "vswap.bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops.s/select_backend")
s32 BPF_PROG(sleepable_select_backend, struct vswap_place_ctx *place)
{
	return VSWAP_PLACE_DEFAULT;
}

VSWAP_OPS_DEFINE(sleepable_ops,
	.select_backend	= (void *)sleepable_select_backend,
	.name		= "sleepable",
);
