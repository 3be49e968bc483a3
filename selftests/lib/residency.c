// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "residency.h"

#define PM_PRESENT	(1ULL << 63)
#define PM_SWAP		(1ULL << 62)
#define PM_SWAP_TYPE(e)	((e) & 0x1f)
#define PM_SWAP_OFF(e)	(((e) >> 5) & ((1ULL << 50) - 1))

int region_places(void *addr, size_t npages, size_t page_size, int shared,
		  unsigned char *places, struct swap_slot *slots)
{
	uint64_t *pm = malloc(npages * sizeof(*pm));
	unsigned char *incore = malloc(npages);
	off_t pos = (uintptr_t)addr / page_size * sizeof(*pm);
	int fd, err = 0;
	size_t i;

	if (!pm || !incore) {
		err = -ENOMEM;
		goto out;
	}
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	if (pread(fd, pm, npages * sizeof(*pm), pos) != (ssize_t)(npages * sizeof(*pm)))
		err = -EIO;
	close(fd);
	if (err)
		goto out;
	if (mincore(addr, npages * page_size, incore)) {
		err = -errno;
		goto out;
	}
	for (i = 0; i < npages; i++) {
		if (shared)
			places[i] = (incore[i] & 1) ? PLACE_RESIDENT : PLACE_EVICTED;
		else if (pm[i] & PM_PRESENT)
			places[i] = PLACE_RESIDENT;
		else if (pm[i] & PM_SWAP)
			places[i] = (incore[i] & 1) ? PLACE_SWAPCACHE : PLACE_EVICTED;
		else
			places[i] = PLACE_NONE;
		if (slots) {
			slots[i].type = PM_SWAP_TYPE(pm[i]);
			slots[i].offset = PM_SWAP_OFF(pm[i]);
		}
	}
out:
	free(pm);
	free(incore);
	return err;
}
