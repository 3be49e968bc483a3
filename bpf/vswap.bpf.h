/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswap.bpf.h - what every vswap BPF program includes.
 *
 * The types (struct vswap_ops, its contexts, the placements and backends)
 * come from the patched kernel's BTF, through vmlinux.h: they are declared
 * once, in the kernel's include/linux/vswap.h.
 */
#ifndef __VSWAP_BPF_H
#define __VSWAP_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* A vswap_ops callback: BPF_STRUCT_OPS(name, args...) { ... } */
#define BPF_STRUCT_OPS(name, args...) \
	SEC("struct_ops/" #name) BPF_PROG(name, ##args)

/*
 * The policy's struct_ops map. It is a link map (.struct_ops.link), so
 * that the loader can pin the link and replace the policy atomically.
 */
#define VSWAP_OPS_DEFINE(__name, ...)			\
	SEC(".struct_ops.link")				\
	struct vswap_ops __name = {			\
		__VA_ARGS__				\
	}

/*
 * Every policy records why it stopped (enum vswap_exit_kind), like
 * sched_ext's UEI: VSWAP_EXIT_DEFINE(prefix) defines the exit callback
 * <prefix>_exit; put .exit = (void *)<prefix>_exit in the ops.
 */
#define VSWAP_EXIT_DEFINE(prefix)					\
	__u32 exit_kind;							\
	__s32 exit_init_error;						\
	void BPF_STRUCT_OPS(prefix##_exit, struct vswap_exit_info *info)\
	{								\
		exit_init_error = info->init_error;			\
		exit_kind = info->kind;					\
	}

#endif /* __VSWAP_BPF_H */
