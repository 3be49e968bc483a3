/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verifiable page contents for swap integrity tests.
 *
 * Every non-zero page is a pure function of (seed, page index), so a page
 * that comes back from swap with another page's data, stale data or a
 * single flipped bit is caught, and the report says which page and where.
 */
#ifndef SWAPLAB_PATTERN_H
#define SWAPLAB_PATTERN_H

#include <stddef.h>
#include <stdint.h>

enum page_kind {
	PAGE_COMPRESSIBLE,	/* zswap stores it (compresses >10x) */
	PAGE_INCOMPRESSIBLE,	/* random bytes: zswap rejects it */
	PAGE_ZERO,		/* all zero: the zero-page marker, no I/O */
	PAGE_HALF,		/* half random, half zero: zswap stores ~2 KiB */
	NR_PAGE_KINDS,
};

/* The mixed pattern draws from the first three kinds only. */
#define NR_MIXED_KINDS	3

enum pattern {
	PATTERN_COMPRESSIBLE = PAGE_COMPRESSIBLE,
	PATTERN_INCOMPRESSIBLE = PAGE_INCOMPRESSIBLE,
	PATTERN_ZERO = PAGE_ZERO,
	PATTERN_HALF = PAGE_HALF,	/* fills a zswap pool fast */
	PATTERN_MIXED,		/* each page compressible, incompressible or zero */
};

struct mismatch {
	size_t page;		/* index of the first bad page */
	size_t offset;		/* first bad byte in that page */
	uint8_t expected;
	uint8_t actual;
};

/* Parse "compressible", "incompressible", "zero", "half" or "mixed"; -1 if none. */
int pattern_parse(const char *name);
const char *pattern_name(enum pattern pattern);
const char *page_kind_name(enum page_kind kind);

/* The kind of page @index under @pattern (fixed for a given seed). */
enum page_kind pattern_page_kind(enum pattern pattern, uint64_t seed,
				 size_t index);

/* Fill @npages pages at @buf, pages @first.. of @pattern. */
void pattern_fill(void *buf, size_t first, size_t npages, size_t page_size,
		  enum pattern pattern, uint64_t seed);

/*
 * Map @npages private anonymous pages in small pages (never THP, so that
 * each page swaps on its own) and fill them with @pattern. Returns NULL,
 * errno set, if mmap fails; munmap() the result.
 */
void *pattern_map(size_t npages, size_t page_size, enum pattern pattern,
		  uint64_t seed);

/*
 * Check @npages pages at @buf against pages @first.. of @pattern. Returns
 * the number of bad pages and, when there is one, describes the first in
 * @bad (its page index counts from @first).
 */
size_t pattern_verify(const void *buf, size_t first, size_t npages,
		      size_t page_size, enum pattern pattern, uint64_t seed,
		      struct mismatch *bad);

#endif
