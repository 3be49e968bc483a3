/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel state the vswap BPF selftests look at. */
#ifndef __VSWAP_TEST_HELPERS_H
#define __VSWAP_TEST_HELPERS_H

#include <stddef.h>

/*
 * The value of enumerator @name of enum @type, from the running kernel's
 * BTF (tools/vswap/btf_enum.h): the tests use the kernel's values, not
 * copies. -1 if not found.
 */
long long kernel_enum(const char *type, const char *name);
#define PLACE(x)	kernel_enum("vswap_placement", "VSWAP_PLACE_" #x)
#define BACKEND(x)	kernel_enum("vswap_backend", "VSWAP_" #x)
#define RMAP(x)		kernel_enum("vswap_rmap_reason", "VSWAP_RMAP_" #x)
#define EXIT(x)		kernel_enum("vswap_exit_kind", "VSWAP_EXIT_" #x)

/* /sys/kernel/debug/vswap/policy, into @buf; NULL if unreadable. */
const char *vswap_policy_file(char *buf, size_t size);
/* The first physical swap device in /proc/swaps, into @buf; NULL if none. */
const char *swap_device(char *buf, size_t size);
/* Wait (up to 5 s) until no virtual slot is used; 0 if it happened. */
int vswap_settle(void);

#endif /* __VSWAP_TEST_HELPERS_H */
