// SPDX-License-Identifier: GPL-2.0
/*
 * swap_switch - /sys/kernel/mm/vswap/enabled steers new swap-outs only.
 *
 * Needs zswap and one physical swap device. Half of the memory is swapped
 * out with vswap enabled, the other half with it disabled; then all of it
 * is read back. The halves must use different swap types, only the second
 * half may take space on the physical device, and every byte must come
 * back, whichever way its page was swapped out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cgroup.h"
#include "pattern.h"
#include "residency.h"
#include "sysfs.h"
#include "vmstat.h"

#define VSWAP_ENABLED	VSWAP_SYSFS "/enabled"
#define SEED		0x5717c4

static size_t page_size;

/*
 * Swap out @n pages at @addr with MADV_PAGEOUT. Compressible pages go to
 * zswap synchronously, so they leave the swap cache at once. Returns the
 * swap type they all got, or -1.
 */
static int page_out(char *addr, size_t first, size_t n, const char *how)
{
	struct swap_slot *slots = malloc(n * sizeof(*slots));
	unsigned char *places = malloc(n);
	long long used = swap_used_kib();
	size_t i, evicted = 0;
	int type = -1;

	if (!slots || !places || madvise(addr + first * page_size, n * page_size, MADV_PAGEOUT) ||
	    region_places(addr + first * page_size, n, page_size, 0, places, slots))
		goto out;
	for (i = 0; i < n; i++) {
		if (places[i] != PLACE_EVICTED)
			continue;
		if (evicted++ && slots[i].type != (unsigned int)type) {
			printf("# FAIL: %s: pages went to swap types %d and %u\n", how, type,
			       slots[i].type);
			type = -1;
			goto out;
		}
		type = slots[i].type;
	}
	printf("# %s: %zu of %zu pages evicted to swap type %d; physical swap used "
	       "%lld -> %lld KiB\n", how, evicted, n, type, used, swap_used_kib());
	if (evicted < n * 9 / 10) {
		printf("# FAIL: %s: fewer than 90%% of the pages left memory\n", how);
		type = -1;
	}
out:
	free(slots);
	free(places);
	return type;
}

int main(void)
{
	size_t npages = (16UL << 20) / sysconf(_SC_PAGESIZE), half, nbad;
	int vtype, ptype, ret = 1;
	long long used_before, used_virtual;
	struct swap_events ev0, ev1;
	struct test_cgroup cg;
	long long was;
	char *addr;

	page_size = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	half = npages / 2;
	was = vswap_enabled();
	if (was < 0) {
		printf("# SKIP: no %s: kernel without CONFIG_VSWAP\n", VSWAP_ENABLED);
		return 4;
	}
	if (cgroup_enter_new(&cg, "swap_switch")) {
		fprintf(stderr, "swap_switch: cannot enter a new memory cgroup\n");
		return 2;
	}
	addr = pattern_map(npages, page_size, PATTERN_COMPRESSIBLE, SEED);
	if (!addr)
		goto out;

	used_before = swap_used_kib();
	write_str(VSWAP_ENABLED, "1");
	vtype = page_out(addr, 0, half, "vswap enabled");
	used_virtual = swap_used_kib();
	write_str(VSWAP_ENABLED, "0");
	ptype = page_out(addr, half, npages - half, "vswap disabled");
	write_str(VSWAP_ENABLED, was ? "1" : "0");
	if (vtype < 0 || ptype < 0)
		goto out;
	if (vtype == ptype) {
		printf("# FAIL: both halves went to swap type %d\n", vtype);
		goto out;
	}
	if (used_virtual != used_before) {
		printf("# FAIL: virtual swap-out used physical swap space\n");
		goto out;
	}

	swap_events_read(&ev0);
	nbad = pattern_verify(addr, 0, npages, page_size, PATTERN_COMPRESSIBLE, SEED, NULL);
	swap_events_read(&ev1);
	printf("# read back %zu pages: %zu bad, zswpin moved by %lld\n", npages, nbad,
	       ev1.zswpin - ev0.zswpin);
	if (nbad)
		printf("# FAIL: pages came back wrong\n");
	else if (ev1.zswpin - ev0.zswpin < (long long)npages * 9 / 10)
		printf("# FAIL: the pages were not read back from zswap\n");
	else
		ret = 0;
out:
	cgroup_leave(&cg);
	return ret;
}
