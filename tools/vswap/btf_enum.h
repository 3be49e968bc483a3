/* SPDX-License-Identifier: GPL-2.0 */
/*
 * btf_enum.h - the values and names of the running kernel's enums, read
 * from its BTF (/sys/kernel/btf/vmlinux), in the spirit of sched_ext's
 * __COMPAT_read_enum(). User space never spells a number of enum
 * vswap_backend, vswap_placement or the other vswap enums by hand: it asks
 * the kernel it runs on.
 */
#ifndef __BTF_ENUM_H
#define __BTF_ENUM_H

#include <stddef.h>

#define BTF_ENUM_NAME_LEN	32

/*
 * The value of enumerator @name (e.g. "VSWAP_PLACE_KEEP") of enum @type
 * (e.g. "vswap_placement"). Returns 0, or -ENOENT if the kernel has no such
 * enum or enumerator, or -errno if its BTF cannot be read.
 */
int btf_enum_value(const char *type, const char *name, long long *value);

/*
 * The value of a short name, the enumerator without @prefix and in lower
 * case: btf_enum_parse("vswap_placement", "VSWAP_PLACE_", "keep", &v).
 */
int btf_enum_parse(const char *type, const char *prefix, const char *name,
		   long long *value);

/*
 * The short names of enum @type's enumerators that start with @prefix, by
 * value: names[v] for 0 <= v < @max ("" where no enumerator has value v).
 * Returns one more than the largest value found (at most @max), or -errno.
 */
int btf_enum_names(const char *type, const char *prefix,
		   char names[][BTF_ENUM_NAME_LEN], int max);

/* The short names of @type as "a, b, c" in @buf, for messages. */
const char *btf_enum_list(const char *type, const char *prefix, char *buf,
			  size_t size);

#endif /* __BTF_ENUM_H */
