// SPDX-License-Identifier: GPL-2.0
/* Rejected by the verifier: the placement context is read-only. */
#include "vswap.bpf.h"

char _license[] SEC("license") = "GPL";

s32 BPF_STRUCT_OPS(write_ctx_select_backend, struct vswap_place_ctx *place)
{
	place->phys_free_pages = 0;
	return VSWAP_PLACE_DEFAULT;
}

VSWAP_OPS_DEFINE(write_ctx_ops,
	.select_backend	= (void *)write_ctx_select_backend,
	.name		= "write_ctx",
);
