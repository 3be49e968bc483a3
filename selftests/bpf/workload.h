/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workload.h - swap a verifiable pattern out of a cgroup and back, from a
 * child process, so that a test can look at the swap state in between.
 */
#ifndef __VSWAP_WORKLOAD_H
#define __VSWAP_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pattern.h"
#include "sysfs.h"

struct workload {
	const char *cgroup;	/* its name under /sys/fs/cgroup */
	enum pattern pattern;
	size_t size;		/* bytes */
	bool thp;		/* 2M-aligned, MADV_HUGEPAGE */
	unsigned int want_pct;	/* evict until this % is out (0: 90) */
	const char *zswap_max;	/* memory.zswap.max of the cgroup, if set */
	uint64_t seed;
};

struct workload_run {
	pid_t pid;
	int to_child, from_child;
	long npages;
};

struct workload_result {
	long npages;		/* pages written */
	long evicted;		/* pages out of memory after the eviction */
	long bad_pages;		/* pages read back wrong */
};

/* Create the cgroup (with memory.max off) if needed; its id, or 0. */
uint64_t workload_cgroup(const char *cgroup);
void workload_cgroup_remove(const char *cgroup);

/* Fork the child: it fills its memory and evicts it. */
int workload_start(const struct workload *w, struct workload_run *run);
/* Wait until the child's memory is evicted; the number of pages out. */
long workload_evicted(struct workload_run *run);
/* Let the child read everything back and check it; reap it. */
int workload_finish(struct workload_run *run, struct workload_result *res);
/* All three in a row. */
int workload_run(const struct workload *w, struct workload_result *res);

#endif /* __VSWAP_WORKLOAD_H */
