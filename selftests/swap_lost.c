// SPDX-License-Identifier: GPL-2.0
/*
 * swap_lost - a virtual swap slot whose data is lost fails loudly.
 *
 * Swaps out a few compressible pages through vswap (zswap), then breaks
 * the invariant on one of them through debugfs (vswap/inject_lose drops
 * the slot's backend, as a bug would) and touches it. The access must end
 * in SIGBUS, twice (the slot stays poisoned), instead of a page fault
 * retried forever, and the other pages must read back intact. The kernel
 * warns once: run it in a VM boot of its own (selftests/check.sh).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cgroup.h"
#include "pattern.h"
#include "residency.h"
#include "sysfs.h"

#define NPAGES		8
#define LOST		3	/* the page whose slot loses its data */
#define SEED		0x105e

static sigjmp_buf jump;

static void on_sigbus(int sig)
{
	siglongjmp(jump, sig);
}

/* Read a byte of @p; 1 if that raised SIGBUS. */
static int sigbus_on_read(volatile char *p)
{
	char sink;

	if (sigsetjmp(jump, 1))
		return 1;
	sink = *p;
	(void)sink;
	return 0;
}

int main(void)
{
	size_t page = sysconf(_SC_PAGESIZE);
	struct swap_slot slots[NPAGES];
	unsigned char places[NPAGES];
	struct test_cgroup cg;
	char offset[32];
	int i, err, ret = 1;
	char *addr;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGBUS, on_sigbus);
	if (cgroup_enter_new(&cg, "swap_lost"))
		return 2;
	addr = pattern_map(NPAGES, page, PATTERN_COMPRESSIBLE, SEED);
	if (!addr)
		goto out;
	/* zswap takes them synchronously: they leave the swap cache at once. */
	madvise(addr, NPAGES * page, MADV_PAGEOUT);
	if (region_places(addr, NPAGES, page, 0, places, slots) ||
	    places[LOST] != PLACE_EVICTED) {
		printf("swap_lost: FAIL: page %d did not leave memory\n", LOST);
		goto out;
	}
	snprintf(offset, sizeof(offset), "%llu", (unsigned long long)slots[LOST].offset);
	err = write_str(VSWAP_DEBUGFS "/inject_lose", offset);
	if (err) {
		printf("swap_lost: FAIL: inject_lose %s: %s\n", offset, strerror(-err));
		goto out;
	}
	printf("swap_lost: dropped the backend of slot %s\n", offset);
	if (!sigbus_on_read(addr + LOST * page) || !sigbus_on_read(addr + LOST * page)) {
		printf("swap_lost: FAIL: reading the lost page did not raise SIGBUS twice\n");
		goto out;
	}
	for (i = 0; i < NPAGES; i++) {
		if (i == LOST)
			continue;
		if (pattern_verify(addr + i * page, i, 1, page, PATTERN_COMPRESSIBLE,
				   SEED, NULL)) {
			printf("swap_lost: FAIL: page %d came back wrong\n", i);
			goto out;
		}
	}
	printf("swap_lost: PASS: SIGBUS on the lost page, twice; %d other pages intact\n",
	       NPAGES - 1);
	ret = 0;
out:
	cgroup_leave(&cg);
	return ret;
}
