/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where each page of a mapping is: resident, in the swap cache, or really
 * evicted to a swap backend. /proc/self/pagemap tells whether the PTE is a
 * swap entry; mincore() tells whether that entry's page is still in the
 * swap cache. Only "swap PTE and not cached" means the data must come back
 * from a backend on the next access.
 */
#ifndef SWAPLAB_RESIDENCY_H
#define SWAPLAB_RESIDENCY_H

#include <stddef.h>
#include <stdint.h>

#include "pattern.h"

enum page_place {
	PLACE_RESIDENT,		/* mapped in RAM */
	PLACE_SWAPCACHE,	/* swap PTE, page still in the swap cache */
	PLACE_EVICTED,		/* swap PTE, data only in a swap backend */
	PLACE_NONE,		/* never touched or dropped */
	NR_PLACES,
};

struct swap_slot {
	unsigned int type;	/* swap device index (swapon order) */
	uint64_t offset;	/* page offset in that device */
};

/*
 * Fill @places[i] for the @npages pages at @addr. Returns 0 or -errno.
 * @slots may be NULL; otherwise it gets each swap PTE's entry (root only).
 *
 * A shared (shmem) mapping has no swap PTEs: its pages are RESIDENT when
 * mincore() finds them in memory (page cache or swap cache), else EVICTED.
 */
int region_places(void *addr, size_t npages, size_t page_size, int shared,
		  unsigned char *places, struct swap_slot *slots);

/* Where the pages of a region filled with a pattern are, by page kind. */
struct census {
	size_t pages[NR_PAGE_KINDS];
	size_t at[NR_PAGE_KINDS][NR_PLACES];	/* pages of a kind in a place */
};

/* The census of the @npages pages at @addr, filled with @pattern. 0 or -errno. */
int region_census(void *addr, size_t npages, size_t page_size, int shared,
		  enum pattern pattern, uint64_t seed, struct census *c);

/* Pages of @c in @place, all kinds together. */
size_t census_total(const struct census *c, enum page_place place);

#endif
