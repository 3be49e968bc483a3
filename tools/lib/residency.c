// SPDX-License-Identifier: GPL-2.0
/* Where the pages of a mapping are; see residency.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
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

int region_census(void *addr, size_t npages, size_t page_size, int shared,
		  enum pattern pattern, uint64_t seed, struct census *c)
{
	unsigned char *places = malloc(npages);
	enum page_kind kind;
	size_t i;
	int err;

	if (!places)
		return -ENOMEM;
	err = region_places(addr, npages, page_size, shared, places, NULL);
	memset(c, 0, sizeof(*c));
	for (i = 0; !err && i < npages; i++) {
		kind = pattern_page_kind(pattern, seed, i);
		c->pages[kind]++;
		c->at[kind][places[i]]++;
	}
	free(places);
	return err;
}

size_t census_total(const struct census *c, enum page_place place)
{
	size_t n = 0;
	int kind;

	for (kind = 0; kind < NR_PAGE_KINDS; kind++)
		n += c->at[kind][place];
	return n;
}
