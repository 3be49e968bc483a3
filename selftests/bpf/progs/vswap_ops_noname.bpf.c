// SPDX-License-Identifier: GPL-2.0
/* Rejected: a vswap_ops without a name. */
#include "vswap.bpf.h"

char _license[] SEC("license") = "GPL";

s32 BPF_STRUCT_OPS(noname_select_backend, struct vswap_place_ctx *place)
{
	return VSWAP_PLACE_DEFAULT;
}

VSWAP_OPS_DEFINE(noname_ops,
	.select_backend	= (void *)noname_select_backend,
);
