// SPDX-License-Identifier: GPL-2.0
/*
 * swap_ksm - KSM merges pages that came back from virtual swap, and its
 * merged pages swap out and back intact.
 *
 * Needs root and CONFIG_KSM. A region of duplicated pages (8 distinct
 * contents, repeated) is swapped out through the current configuration
 * and read back; then KSM merges it. Swap-in may have left the pages in
 * the swap cache or given them a fresh copy (ksm_might_need_to_copy): KSM
 * must merge them either way. The merged pages are pushed out again
 * through memory.reclaim (MADV_PAGEOUT leaves shared folios alone), which
 * swaps out KSM folios where reclaim takes them, and read back; then KSM
 * unmerges them. Every read must match.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "evict.h"
#include "sysfs.h"

#define KSM		"/sys/kernel/mm/ksm"
#define REGION_SIZE	(8UL << 20)
#define NR_CONTENTS	8
#define MERGE_WAIT_S	120

static size_t page_size, npages;

static void fill_page(char *page, size_t index)
{
	uint64_t v = 0x6b736d0000ULL + index % NR_CONTENTS;
	size_t i;

	/* Compressible, and the same for every page of one content. */
	for (i = 0; i < page_size / sizeof(v); i++)
		((uint64_t *)page)[i] = i % 64 ? 0 : v;
}

static size_t bad_pages(const char *addr)
{
	char *want = malloc(page_size);
	size_t i, bad = 0;

	for (i = 0; i < npages; i++) {
		fill_page(want, i);
		bad += memcmp(addr + i * page_size, want, page_size) != 0;
	}
	free(want);
	return bad;
}

/* Wait until ksmd shares most of the region; false on a timeout. */
static int merged(void)
{
	time_t end = time(NULL) + MERGE_WAIT_S;
	long long sharing;

	do {
		sharing = read_ll(KSM "/pages_sharing");
		if (sharing >= (long long)(npages * 9 / 10))
			return 1;
		usleep(200 * 1000);
	} while (time(NULL) < end);
	printf("# FAIL: KSM shares %lld of %zu pages after %d s\n", sharing, npages,
	       MERGE_WAIT_S);
	return 0;
}

int main(void)
{
	struct test_cgroup cg;
	size_t i, nbad = 0;
	int ret = 1;
	char *addr;
	long out;

	setvbuf(stdout, NULL, _IOLBF, 0);
	page_size = sysconf(_SC_PAGESIZE);
	npages = REGION_SIZE / page_size;
	if (access(KSM "/run", W_OK)) {
		printf("# SKIP: no %s/run: kernel without CONFIG_KSM\n", KSM);
		return 4;
	}
	if (cgroup_enter_new(&cg, "swap_ksm")) {
		fprintf(stderr, "swap_ksm: cannot enter a new memory cgroup\n");
		return 2;
	}
	addr = mmap(NULL, REGION_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (addr == MAP_FAILED)
		return 2;
	madvise(addr, REGION_SIZE, MADV_NOHUGEPAGE);
	for (i = 0; i < npages; i++)
		fill_page(addr + i * page_size, i);

	out = evict_region(&cg, EVICT_RECLAIM, addr, npages, 0, npages * 9 / 10);
	nbad += bad_pages(addr);
	printf("# swapped out %ld of %zu pages, read back: %zu bad\n", out, npages, nbad);
	if (out < (long)(npages * 9 / 10)) {
		printf("# FAIL: fewer than 90%% of the pages left memory\n");
		goto out;
	}

	write_str(KSM "/pages_to_scan", "4096");
	write_str(KSM "/sleep_millisecs", "10");
	write_str(KSM "/run", "1");
	if (madvise(addr, REGION_SIZE, MADV_MERGEABLE)) {
		printf("# FAIL: MADV_MERGEABLE: %m\n");
		goto stop;
	}
	if (!merged())
		goto stop;
	printf("# KSM shares %lld pages of %zu\n", read_ll(KSM "/pages_sharing"), npages);

	out = evict_region(&cg, EVICT_RECLAIM, addr, npages, 0, npages * 9 / 10);
	nbad += bad_pages(addr);
	printf("# merged pages: %ld swapped out, read back: %zu bad so far\n", out, nbad);
	/*
	 * Not required: with zswap in front (vswap off as on), reclaim leaves
	 * these merged folios resident in this VM; they must read back intact
	 * either way.
	 */
	if (madvise(addr, REGION_SIZE, MADV_UNMERGEABLE))
		printf("# FAIL: MADV_UNMERGEABLE: %m\n");
	else if ((nbad += bad_pages(addr)) == 0)
		ret = 0;
stop:
	write_str(KSM "/run", "2");	/* unmerge everything, stop ksmd */
out:
	if (nbad)
		printf("# FAIL: %zu bad page reads\n", nbad);
	printf("# %s\n", ret ? "FAIL" : "PASS");
	munmap(addr, REGION_SIZE);
	cgroup_leave(&cg);
	return ret;
}
