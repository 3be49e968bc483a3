/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory cgroups (v2) of the swap lab: a private cgroup per workload, so
 * that memory.reclaim and memory.high act on its pages only, and the
 * cgroup's own counters tell where they went.
 */
#ifndef SWAPLAB_CGROUP_H
#define SWAPLAB_CGROUP_H

#include <stddef.h>

#define CGROUP_ROOT "/sys/fs/cgroup"

struct test_cgroup {
	char path[256];
};

/* Name CGROUP_ROOT/@name in @cg, without creating it. */
void cgroup_at(struct test_cgroup *cg, const char *name);
/* Create CGROUP_ROOT/@name (if needed) and move the calling process into it. */
int cgroup_enter_new(struct test_cgroup *cg, const char *name);
/* Move the caller back to the root cgroup and remove @cg. */
void cgroup_leave(struct test_cgroup *cg);

int cgroup_write(const struct test_cgroup *cg, const char *file, const char *val);
/* The number in @file of the cgroup; -1 if unreadable. */
long long cgroup_read(const struct test_cgroup *cg, const char *file);
/* Read "key value" from a flat-keyed file such as memory.stat; -1 if absent. */
long long cgroup_read_key(const struct test_cgroup *cg, const char *file,
			  const char *key);
/* Ask the kernel to reclaim @bytes from the cgroup (memory.reclaim). */
int cgroup_reclaim(const struct test_cgroup *cg, size_t bytes);

#endif
