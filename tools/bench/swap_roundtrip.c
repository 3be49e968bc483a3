// SPDX-License-Identifier: GPL-2.0
/*
 * swap_roundtrip - one timed page-out + page-in round trip of anonymous
 * memory through whatever swap is configured, with every byte checked.
 *
 * Page-out: MADV_PAGEOUT (with -e pageout), then memory.reclaim on a
 * private cgroup until the pages are really out (tools/lib/evict.h).
 * Page-in: touch every page in order. Both are wall-clock timed; the data
 * is verified afterwards, outside the timed part, and the run is rejected
 * if the pages did not really leave memory or did not come back from a
 * backend (so it cannot time the swap cache).
 *
 * Prints one "key=value" line, for the benchmark scripts to aggregate,
 * including the vswap metadata in use while the pages were out; or with
 * --report, where each kind of page went and what the backends hold, for
 * people (the demo). With --free, the pages are not read back: the time
 * to munmap() the swapped-out region, which frees every swap slot and its
 * backend, is timed instead (free_s; in_s is 0). --hold stops before and after the page-out and after
 * the read-back (tools/lib/hold.h): to start the page-out of several
 * programs at once, or for a swapoff in between, say.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "evict.h"
#include "hold.h"
#include "pattern.h"
#include "residency.h"
#include "size.h"
#include "sysfs.h"
#include "vmstat.h"

static struct env {
	size_t size;
	int pattern;
	int min_pct;
	bool pageout;		/* MADV_PAGEOUT before reclaim */
	bool report;
	bool free;		/* time munmap() instead of the read-back */
	const char *zswap_max;
	const char *cgroup;
	const char *hold_dir;
	unsigned long long seed;
} env = {
	.size = 256UL << 20,
	.pattern = PATTERN_MIXED,
	.min_pct = 95,
	.seed = 1,
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: swap_roundtrip [OPTION]...\n"
"Time one page-out + page-in round trip of anonymous memory, and check\n"
"every byte. Prints one key=value line (or a report with -r).\n"
"\n"
"  -s, --size N[KMG]    memory to swap; a bare number is MiB (default 256)\n"
"  -p, --pattern P      compressible, incompressible, zero, half or mixed\n"
"                       (default mixed)\n"
"  -m, --min-evicted P  fail unless P%% of the pages get evicted (default 95)\n"
"  -e, --evict M        reclaim (memory.reclaim, the default) or pageout\n"
"                       (MADV_PAGEOUT first)\n"
"  -z, --zswap-max V    memory.zswap.max of the cgroup: zswap writes pages\n"
"                       back to disk under pressure\n"
"  -g, --cgroup NAME    the cgroup, under the root (default swap_roundtrip.PID)\n"
"  -S, --seed N         pattern seed (default 1)\n"
"  -H, --hold DIR       stop before the page-out, after it and after the\n"
"                       read-back until released (tools/lib/hold.h)\n"
"  -r, --report         print where each kind of page went, for people\n"
"  -F, --free           do not read back: time munmap() of the swapped-out\n"
"                       region instead (free_s), which frees its swap\n"
"  -h, --help\n"
"\n"
"Exit status: 0 pass, 1 wrong data or pages that did not leave memory,\n"
"2 usage or setup error.\n");
}

static int parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "pattern", required_argument, NULL, 'p' },
		{ "min-evicted", required_argument, NULL, 'm' },
		{ "evict", required_argument, NULL, 'e' },
		{ "zswap-max", required_argument, NULL, 'z' },
		{ "cgroup", required_argument, NULL, 'g' },
		{ "seed", required_argument, NULL, 'S' },
		{ "hold", required_argument, NULL, 'H' },
		{ "report", no_argument, NULL, 'r' },
		{ "free", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c;

	while ((c = getopt_long(argc, argv, "s:p:m:e:z:g:S:H:rFh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			env.size = parse_size(optarg, 1UL << 20);
			if (!env.size)
				goto bad;
			break;
		case 'p':
			env.pattern = pattern_parse(optarg);
			if (env.pattern < 0)
				goto bad;
			break;
		case 'm':
			env.min_pct = atoi(optarg);
			break;
		case 'e':
			if (strcmp(optarg, "pageout") && strcmp(optarg, "reclaim"))
				goto bad;
			env.pageout = !strcmp(optarg, "pageout");
			break;
		case 'z':
			env.zswap_max = optarg;
			break;
		case 'g':
			env.cgroup = optarg;
			break;
		case 'S':
			env.seed = strtoull(optarg, NULL, 0);
			break;
		case 'H':
			env.hold_dir = optarg;
			break;
		case 'r':
			env.report = true;
			break;
		case 'F':
			env.free = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	return 0;
bad:
	fprintf(stderr, "swap_roundtrip: invalid argument '%s' for -%c (see --help)\n",
		optarg, c);
	return -1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Where each kind of page went, and what the backends and the cgroup hold. */
static void report(const struct census *c, const struct swap_events *out,
		   const struct test_cgroup *cg)
{
	long long stored = zswap_debugfs("stored_pages");
	long long pool = zswap_debugfs("pool_total_size");
	long long vswap = vswap_debugfs("used");
	int kind;

	printf("%-16s %8s %8s %13s %9s\n", "page kind", "pages", "evicted",
	       "in swap cache", "resident");
	for (kind = 0; kind < NR_PAGE_KINDS; kind++)
		if (c->pages[kind])
			printf("%-16s %8zu %8zu %13zu %9zu\n", page_kind_name(kind),
			       c->pages[kind], c->at[kind][PLACE_EVICTED],
			       c->at[kind][PLACE_SWAPCACHE], c->at[kind][PLACE_RESIDENT]);
	printf("swap-outs: zswpout=%lld pswpout=%lld swpout_zero=%lld zswpwb=%lld\n",
	       out->zswpout, out->pswpout, out->swpout_zero, out->zswpwb);
	printf("backends now hold: swap devices %lld KiB used", swap_used_kib());
	if (stored >= 0)
		printf(", zswap %lld pages in a %lld KiB pool", stored, pool >> 10);
	if (vswap >= 0)
		printf(", vswap %lld slots", vswap);
	printf("\nmemcg: memory.swap.current %lld KiB, memory.zswap.current %lld KiB\n",
	       cgroup_read(cg, "memory.swap.current") >> 10,
	       cgroup_read(cg, "memory.zswap.current") >> 10);
}

/*
 * --free: unmap the swapped-out region, timed, and print the line. Every
 * slot is freed with its backend: zswap entry, physical slot, zero marker.
 */
static int timed_free(char *addr, size_t npages, size_t evicted, double out_s,
		      const struct swap_events *out)
{
	size_t page_size = sysconf(_SC_PAGESIZE);
	double t0, t1;

	if (evicted < npages * env.min_pct / 100) {
		fprintf(stderr, "swap_roundtrip: pages did not really leave memory "
			"(evicted %zu of %zu)\n", evicted, npages);
		return 1;
	}
	t0 = now();
	munmap(addr, npages * page_size);
	t1 = now();
	printf("mib=%zu evicted=%zu pages=%zu out_s=%.3f in_s=0 free_s=%.3f "
	       "pswpout=%lld zswpout=%lld swpout_zero=%lld\n",
	       (npages * page_size) >> 20, evicted, npages, out_s, t1 - t0,
	       out->pswpout, out->zswpout, out->swpout_zero);
	return 0;
}

int main(int argc, char **argv)
{
	size_t page_size = sysconf(_SC_PAGESIZE), npages, i, evicted = 0, bad;
	long long meta_idle, meta_out, vswap_used, back;
	struct swap_events ev0, ev1, ev2, out, in;
	volatile unsigned char sink = 0;
	struct test_cgroup cg;
	struct census census;
	double t0, t1, t_in, t2;
	int err, ret = 2;
	char name[64];
	char *addr;
	long n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv))
		return 2;
	npages = env.size / page_size;
	if (env.cgroup)
		snprintf(name, sizeof(name), "%s", env.cgroup);
	else
		snprintf(name, sizeof(name), "swap_roundtrip.%d", getpid());
	err = cgroup_enter_new(&cg, name);
	if (err) {
		fprintf(stderr, "swap_roundtrip: cannot enter cgroup %s: %s\n", name, strerror(-err));
		return 2;
	}
	addr = mmap(NULL, env.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (addr == MAP_FAILED) {
		fprintf(stderr, "swap_roundtrip: cannot map %zu MiB\n", env.size >> 20);
		goto out;
	}
	if (env.zswap_max && cgroup_write(&cg, "memory.zswap.max", env.zswap_max)) {
		fprintf(stderr, "swap_roundtrip: cannot set memory.zswap.max\n");
		goto out;
	}
	if (env.hold_dir && hold_start(env.hold_dir, cg.path)) {
		fprintf(stderr, "swap_roundtrip: cannot write to %s\n", env.hold_dir);
		goto out;
	}
	madvise(addr, env.size, MADV_NOHUGEPAGE);
	pattern_fill(addr, 0, npages, page_size, env.pattern, env.seed);
	if (env.hold_dir && hold_point(env.hold_dir, "filled"))
		goto out;

	meta_idle = vswap_debugfs("metadata_bytes");
	swap_events_read(&ev0);
	t0 = now();
	if (env.pageout)
		madvise(addr, env.size, MADV_PAGEOUT);
	n = evict_region(&cg, EVICT_RECLAIM, addr, npages, 0, npages * env.min_pct / 100);
	t1 = now();
	evicted = n > 0 ? n : 0;
	meta_out = vswap_debugfs("metadata_bytes");
	vswap_used = vswap_debugfs("used");
	swap_events_read(&ev1);
	swap_events_sub(&out, &ev1, &ev0);
	if (env.report && !region_census(addr, npages, page_size, 0, env.pattern,
					 env.seed, &census))
		report(&census, &out, &cg);
	if (env.hold_dir && hold_point(env.hold_dir, "evicted"))
		goto out;
	if (env.free) {
		ret = timed_free(addr, npages, evicted, t1 - t0, &out);
		goto out;
	}

	/* Swap-ins of a step in the hold (swapoff) count as the read-back's. */
	t_in = now();
	for (i = 0; i < npages; i++)
		sink += addr[i * page_size];
	t2 = now();
	swap_events_read(&ev2);
	(void)sink;

	swap_events_sub(&in, &ev2, &ev1);
	bad = pattern_verify(addr, 0, npages, page_size, env.pattern, env.seed, NULL);
	if (env.report)
		printf("read back: pswpin=%lld zswpin=%lld swpin_zero=%lld, %zu bad pages\n",
		       in.pswpin, in.zswpin, in.swpin_zero, bad);
	else
		printf("mib=%zu evicted=%zu pages=%zu out_s=%.3f in_s=%.3f "
		       "pswpout=%lld zswpout=%lld zswpwb=%lld swpout_zero=%lld "
		       "pswpin=%lld zswpin=%lld swpin_zero=%lld bad=%zu "
		       "vswap_used=%lld vswap_meta_bytes=%lld\n",
		       env.size >> 20, evicted, npages, t1 - t0, t2 - t_in,
		       out.pswpout, out.zswpout, out.zswpwb, out.swpout_zero,
		       in.pswpin, in.zswpin, in.swpin_zero, bad,
		       vswap_used, meta_out >= 0 ? meta_out - meta_idle : -1);
	if (env.hold_dir && hold_point(env.hold_dir, "verified"))
		goto out;

	ret = 1;
	if (bad) {
		fprintf(stderr, "swap_roundtrip: %zu pages came back wrong\n", bad);
		goto out;
	}
	/*
	 * Every evicted page comes back from a backend, unless zswap wrote it
	 * back meanwhile: that leaves it in the swap cache, a minor fault.
	 */
	back = in.pswpin + in.zswpin + in.swpin_zero +
	       (env.zswap_max ? out.zswpwb + in.zswpwb : 0);
	if (evicted < npages * env.min_pct / 100 || back < (long long)evicted) {
		fprintf(stderr, "swap_roundtrip: pages did not really leave memory "
			"(evicted %zu of %zu, %lld swapped in)\n", evicted, npages, back);
		goto out;
	}
	ret = 0;
out:
	cgroup_leave(&cg);
	return ret;
}
