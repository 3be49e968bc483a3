// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "evict.h"
#include "residency.h"

#define EVICT_PASSES	50

static long count_evicted(void *addr, size_t npages, int shared,
			  unsigned char *places)
{
	size_t i, n = 0;
	int err;

	err = region_places(addr, npages, sysconf(_SC_PAGESIZE), shared, places, NULL);
	if (err)
		return err;
	for (i = 0; i < npages; i++)
		n += places[i] == PLACE_EVICTED;
	return n;
}

/* One push of memory pressure. */
static int push(struct test_cgroup *cg, enum evict_mode mode)
{
	long long usage;
	int err;

	if (mode == EVICT_HIGH) {
		/* Writing memory.high reclaims down to it before returning. */
		err = cgroup_write(cg, "memory.high", "1M");
		return err == -EBUSY || err == -EAGAIN ? 0 : err;
	}
	usage = cgroup_read(cg, "memory.current");
	return cgroup_reclaim(cg, usage > 0 ? (size_t)usage : 64UL << 20);
}

long evict_region(struct test_cgroup *cg, enum evict_mode mode, void *addr,
		  size_t npages, int shared, size_t want)
{
	unsigned char *places = malloc(npages);
	long evicted = -ENOMEM, before = -1;
	int pass, err;

	for (pass = 0; places && pass < EVICT_PASSES; pass++) {
		evicted = count_evicted(addr, npages, shared, places);
		if (evicted < 0 || (size_t)evicted >= want)
			break;
		/* No progress: give asynchronous writeback time to finish. */
		if (evicted == before)
			usleep(20000);
		before = evicted;
		err = push(cg, mode);
		if (err) {
			evicted = err;
			break;
		}
	}
	if (mode == EVICT_HIGH)
		cgroup_write(cg, "memory.high", "max");
	free(places);
	return evicted;
}
