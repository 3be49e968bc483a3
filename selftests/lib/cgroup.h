/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A private cgroup v2 memory cgroup for one test process, so that
 * memory.reclaim and memory.high act on the test's pages only.
 */
#ifndef VSWAP_SELFTEST_CGROUP_H
#define VSWAP_SELFTEST_CGROUP_H

#include <stddef.h>

#define CGROUP_ROOT "/sys/fs/cgroup"

struct test_cgroup {
	char path[256];
};

/* Create CGROUP_ROOT/@name and move the calling process into it. */
int cgroup_enter_new(struct test_cgroup *cg, const char *name);
/* Move the caller back to the root cgroup and remove @cg. */
void cgroup_leave(struct test_cgroup *cg);

int cgroup_write(const struct test_cgroup *cg, const char *file, const char *val);
long long cgroup_read(const struct test_cgroup *cg, const char *file);
/* Read "key value" from a flat-keyed file such as memory.stat; -1 if absent. */
long long cgroup_read_key(const struct test_cgroup *cg, const char *file,
			  const char *key);
/* Ask the kernel to reclaim @bytes from the cgroup (memory.reclaim). */
int cgroup_reclaim(const struct test_cgroup *cg, size_t bytes);

#endif
