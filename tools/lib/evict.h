/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Push a test's memory out of RAM through its memory cgroup, until the
 * pages are really evicted (see residency.h), not just in the swap cache.
 */
#ifndef SWAPLAB_EVICT_H
#define SWAPLAB_EVICT_H

#include <stddef.h>

#include "cgroup.h"

enum evict_mode {
	EVICT_RECLAIM,	/* write memory.reclaim */
	EVICT_HIGH,	/* lower memory.high, then restore it */
};

/*
 * Apply pressure until @want of the @npages pages at @addr are evicted, or
 * until it stops helping. Writeback to disk is asynchronous, so a page just
 * written stays in the swap cache until a later pass frees it.
 * Returns the number of evicted pages, or -errno.
 */
long evict_region(struct test_cgroup *cg, enum evict_mode mode, void *addr,
		  size_t npages, int shared, size_t want);

#endif
