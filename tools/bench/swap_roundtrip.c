// SPDX-License-Identifier: GPL-2.0
/*
 * swap_roundtrip - time one page-out + page-in round trip of anonymous
 * memory through whatever swap is configured.
 *
 * Page-out: memory.reclaim on a private cgroup until the pages are really
 * out (lib/evict.h). Page-in: touch every page in
 * order. Both are wall-clock timed; the data is verified afterwards, outside
 * the timed part, and the run is rejected if the pages did not really leave
 * memory or did not come back from a backend (so it cannot time the swap
 * cache). Prints one "key=value" line, for bench-guest.sh to aggregate,
 * including the vswap metadata in use while the pages were out.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "lib/cgroup.h"
#include "lib/evict.h"
#include "lib/pattern.h"
#include "lib/vmstat.h"

#define VSWAP_DEBUG	"/sys/kernel/debug/vswap/"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t page_size = sysconf(_SC_PAGESIZE), size = 256UL << 20;
	size_t npages, i, evicted = 0, bad;
	int pattern = PATTERN_MIXED, min_pct = 95, err, c;
	long long meta_idle, meta_out, vswap_used;
	struct swap_events ev0, ev1, ev2, out, in;
	volatile unsigned char sink = 0;
	long n;
	struct test_cgroup cg;
	double t0, t1, t2;
	const char *zswap_max = NULL;
	char name[64];
	char *addr;

	while ((c = getopt(argc, argv, "s:p:m:z:h")) != -1) {
		switch (c) {
		case 'z':
			zswap_max = optarg;
			break;
		case 's':
			size = strtoull(optarg, NULL, 0) << 20;
			break;
		case 'm':
			min_pct = atoi(optarg);
			break;
		case 'p':
			pattern = pattern_parse(optarg);
			if (pattern < 0) {
				fprintf(stderr, "swap_roundtrip: unknown pattern '%s'\n", optarg);
				return 2;
			}
			break;
		default:
			fprintf(stderr, "Usage: swap_roundtrip [-s MiB] [-p pattern] [-m min-evicted-%%] [-z ZSWAP-MAX]\n"
				"Time one page-out + page-in round trip (default 256 MiB, mixed,\n"
				"95%% of the pages evicted). -z sets memory.zswap.max of the test's\n"
				"cgroup, so that zswap writes pages back to disk under pressure.\n");
			return c == 'h' ? 0 : 2;
		}
	}
	npages = size / page_size;

	snprintf(name, sizeof(name), "swap_roundtrip.%d", getpid());
	err = cgroup_enter_new(&cg, name);
	addr = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (err || addr == MAP_FAILED) {
		fprintf(stderr, "swap_roundtrip: setup failed: %s\n", strerror(err ? -err : ENOMEM));
		return 2;
	}
	if (zswap_max && cgroup_write(&cg, "memory.zswap.max", zswap_max)) {
		fprintf(stderr, "swap_roundtrip: cannot set memory.zswap.max\n");
		cgroup_leave(&cg);
		return 2;
	}
	madvise(addr, size, MADV_NOHUGEPAGE);
	pattern_fill(addr, 0, npages, page_size, pattern, 1);

	meta_idle = read_ll(VSWAP_DEBUG "metadata_bytes");
	swap_events_read(&ev0);
	t0 = now();
	n = evict_region(&cg, EVICT_RECLAIM, addr, npages, 0, npages * min_pct / 100);
	t1 = now();
	evicted = n > 0 ? n : 0;
	meta_out = read_ll(VSWAP_DEBUG "metadata_bytes");
	vswap_used = read_ll(VSWAP_DEBUG "used");
	swap_events_read(&ev1);
	for (i = 0; i < npages; i++)
		sink += addr[i * page_size];
	t2 = now();
	swap_events_read(&ev2);
	(void)sink;

	swap_events_sub(&out, &ev1, &ev0);
	swap_events_sub(&in, &ev2, &ev1);
	bad = pattern_verify(addr, 0, npages, page_size, pattern, 1, NULL);
	printf("mib=%zu evicted=%zu pages=%zu out_s=%.3f in_s=%.3f "
	       "pswpout=%lld zswpout=%lld zswpwb=%lld swpout_zero=%lld "
	       "pswpin=%lld zswpin=%lld swpin_zero=%lld bad=%zu "
	       "vswap_used=%lld vswap_meta_bytes=%lld\n",
	       size >> 20, evicted, npages, t1 - t0, t2 - t1,
	       out.pswpout, out.zswpout, out.zswpwb, out.swpout_zero,
	       in.pswpin, in.zswpin, in.swpin_zero, bad,
	       vswap_used, meta_out >= 0 ? meta_out - meta_idle : -1);
	cgroup_leave(&cg);

	if (bad) {
		fprintf(stderr, "swap_roundtrip: %zu pages came back wrong\n", bad);
		return 1;
	}
	if (evicted < npages * min_pct / 100 ||
	    in.pswpin + in.zswpin + in.swpin_zero < (long long)evicted) {
		fprintf(stderr, "swap_roundtrip: pages did not really leave memory "
			"(evicted %zu of %zu, %lld swapped in)\n", evicted, npages,
			in.pswpin + in.zswpin + in.swpin_zero);
		return 1;
	}
	return 0;
}
