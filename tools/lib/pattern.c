// SPDX-License-Identifier: GPL-2.0
/*
 * Verifiable page contents; see pattern.h.
 *
 * Compressible pages repeat a 32-byte record that names the page, so LZ4
 * shrinks them to a few dozen bytes yet no two pages are alike.
 * Incompressible pages are a xorshift64* stream seeded from the page index.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "pattern.h"

static const char *const pattern_names[] = {
	[PATTERN_COMPRESSIBLE] = "compressible",
	[PATTERN_INCOMPRESSIBLE] = "incompressible",
	[PATTERN_ZERO] = "zero",
	[PATTERN_HALF] = "half",
	[PATTERN_MIXED] = "mixed",
};

int pattern_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(pattern_names) / sizeof(pattern_names[0]); i++)
		if (!strcmp(name, pattern_names[i]))
			return i;
	return -1;
}

const char *pattern_name(enum pattern pattern)
{
	return pattern_names[pattern];
}

const char *page_kind_name(enum page_kind kind)
{
	return pattern_names[kind];
}

/* splitmix64: a good 64-bit mix, so nearby indices give unrelated seeds. */
static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

enum page_kind pattern_page_kind(enum pattern pattern, uint64_t seed,
				 size_t index)
{
	if (pattern != PATTERN_MIXED)
		return (enum page_kind)pattern;
	return mix64(seed ^ mix64(index)) % NR_MIXED_KINDS;
}

static void fill_page(uint64_t *page, size_t words, enum page_kind kind,
		      uint64_t seed, size_t index)
{
	uint64_t state, record[4];
	size_t i;

	switch (kind) {
	case PAGE_COMPRESSIBLE:
		record[0] = 0x7673776170706167ULL;	/* "vswappag" */
		record[1] = seed;
		record[2] = index;
		record[3] = ~index;
		for (i = 0; i < words; i++)
			page[i] = record[i % 4];
		break;
	case PAGE_INCOMPRESSIBLE:
	case PAGE_HALF:
		state = mix64(seed ^ mix64(index)) | 1;
		for (i = 0; i < words; i++) {
			if (kind == PAGE_HALF && i >= words / 2) {
				page[i] = 0;
				continue;
			}
			state ^= state >> 12;
			state ^= state << 25;
			state ^= state >> 27;
			page[i] = state * 0x2545f4914f6cdd1dULL;
		}
		break;
	default:
		memset(page, 0, words * sizeof(*page));
		break;
	}
}

void pattern_fill(void *buf, size_t first, size_t npages, size_t page_size,
		  enum pattern pattern, uint64_t seed)
{
	size_t words = page_size / sizeof(uint64_t);
	size_t i;

	for (i = first; i < first + npages; i++)
		fill_page((uint64_t *)((char *)buf + (i - first) * page_size), words,
			  pattern_page_kind(pattern, seed, i), seed, i);
}

void *pattern_map(size_t npages, size_t page_size, enum pattern pattern,
		  uint64_t seed)
{
	void *addr = mmap(NULL, npages * page_size, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (addr == MAP_FAILED)
		return NULL;
	madvise(addr, npages * page_size, MADV_NOHUGEPAGE);
	pattern_fill(addr, 0, npages, page_size, pattern, seed);
	return addr;
}

size_t pattern_verify(const void *buf, size_t first, size_t npages,
		      size_t page_size, enum pattern pattern, uint64_t seed,
		      struct mismatch *bad)
{
	size_t words = page_size / sizeof(uint64_t);
	uint64_t *expect = malloc(page_size);
	size_t i, off, nbad = 0;
	const uint8_t *page;

	if (!expect)
		abort();
	for (i = first; i < first + npages; i++) {
		page = (const uint8_t *)buf + (i - first) * page_size;
		fill_page(expect, words, pattern_page_kind(pattern, seed, i),
			  seed, i);
		if (!memcmp(page, expect, page_size))
			continue;
		if (!nbad++ && bad) {
			for (off = 0; page[off] == ((uint8_t *)expect)[off]; off++)
				;
			bad->page = i;
			bad->offset = off;
			bad->expected = ((uint8_t *)expect)[off];
			bad->actual = page[off];
		}
	}
	free(expect);
	return nbad;
}
