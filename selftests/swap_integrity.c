// SPDX-License-Identifier: GPL-2.0
/*
 * swap_integrity - push verifiable memory out to swap, read it back, and
 * check every byte.
 *
 * The test runs in a private memory cgroup. It fills anonymous memory with
 * a pattern (see lib/pattern.h), evicts it with MADV_PAGEOUT or
 * memory.reclaim until the pages are really out (swap PTE and not in the
 * swap cache, see lib/residency.h), checks that the swap event counters
 * moved the way the swap configuration predicts for each kind of page,
 * then reads everything back and compares. Reading back must move the
 * swap-in counters by at least the number of evicted pages; otherwise the
 * test measured the swap cache, not swap.
 *
 * --corrupt DEV overwrites the disk slot of one evicted page before the
 * read-back, to prove that the check catches a bad page.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/cgroup.h"
#include "lib/pattern.h"
#include "lib/residency.h"
#include "lib/vmstat.h"

#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_USAGE	2
#define KSFT_SKIP	4
#define PMD_SIZE	(2UL << 20)

/* Where the swap configuration sends each kind of page. */
enum dest { DEST_DISK, DEST_ZSWAP, DEST_ZERO, NR_DESTS };

enum swap_config { CONFIG_DISK, CONFIG_ZSWAP_DISK, NR_CONFIGS };

static const char *const config_names[NR_CONFIGS] = {
	[CONFIG_DISK] = "disk",
	[CONFIG_ZSWAP_DISK] = "zswap+disk",
};

static const enum dest config_dest[NR_CONFIGS][NR_PAGE_KINDS] = {
	[CONFIG_DISK] = { DEST_DISK, DEST_DISK, DEST_ZERO },
	[CONFIG_ZSWAP_DISK] = { DEST_ZSWAP, DEST_DISK, DEST_ZERO },
};

enum evict { EVICT_PAGEOUT, EVICT_RECLAIM };

static struct env {
	enum pattern pattern;
	enum swap_config config;
	enum evict evict;
	size_t size;
	size_t thp_size;	/* 0: no THP; PMD_SIZE or an mTHP size */
	int min_evicted_pct;
	const char *corrupt_dev;
	unsigned long long seed;
} env = {
	.pattern = PATTERN_MIXED,
	.config = CONFIG_ZSWAP_DISK,
	.evict = EVICT_RECLAIM,
	.size = 64UL << 20,
	.min_evicted_pct = 90,
	.seed = 0x5eed,
};

static size_t page_size;

static void usage(FILE *f)
{
	fprintf(f,
"Usage: swap_integrity [OPTION]...\n"
"Swap out verifiable memory, read it back and check every byte.\n"
"\n"
"  -p, --pattern P      compressible, incompressible, zero or mixed (default mixed)\n"
"  -c, --config C       the swap setup, which predicts where pages go:\n"
"                       disk or zswap+disk (default zswap+disk)\n"
"  -e, --evict M        pageout (MADV_PAGEOUT) or reclaim (memory.reclaim)\n"
"  -s, --size N[KMG]    memory to swap (default 64M)\n"
"  -t, --thp N[KMG]     back the memory with N-sized THPs: 2M for PMD THP\n"
"                       (MADV_HUGEPAGE), or an mTHP size enabled in sysfs\n"
"  -m, --min-evicted P  fail unless P%% of the pages get evicted (default 90)\n"
"  -C, --corrupt DEV    before reading back, overwrite one evicted page's slot\n"
"                       through DEV, a block device that aliases the swap\n"
"                       device (the kernel refuses writes to an active swap\n"
"                       device): the run must then fail\n"
"  -S, --seed N         pattern seed\n"
"  -h, --help\n"
"\n"
"Exit status: 0 pass, 1 fail, 2 usage or setup error, 4 skip.\n"
"\n"
"Examples:\n"
"  swap_integrity -c disk -p incompressible -e pageout\n"
"  swap_integrity -c zswap+disk -p mixed -t 2M\n");
}

static size_t parse_size(const char *s)
{
	char *end;
	size_t n = strtoull(s, &end, 0);

	switch (*end) {
	case 'G': case 'g': n <<= 10; /* fall through */
	case 'M': case 'm': n <<= 10; /* fall through */
	case 'K': case 'k': n <<= 10; end++; break;
	}
	return *end ? 0 : n;
}

static int parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pattern", required_argument, NULL, 'p' },
		{ "config", required_argument, NULL, 'c' },
		{ "evict", required_argument, NULL, 'e' },
		{ "size", required_argument, NULL, 's' },
		{ "thp", required_argument, NULL, 't' },
		{ "min-evicted", required_argument, NULL, 'm' },
		{ "corrupt", required_argument, NULL, 'C' },
		{ "seed", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c, i;

	while ((c = getopt_long(argc, argv, "p:c:e:s:t:m:C:S:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			i = pattern_parse(optarg);
			if (i < 0)
				goto bad;
			env.pattern = i;
			break;
		case 'c':
			for (i = 0; i < NR_CONFIGS && strcmp(optarg, config_names[i]); i++)
				;
			if (i == NR_CONFIGS)
				goto bad;
			env.config = i;
			break;
		case 'e':
			if (!strcmp(optarg, "pageout"))
				env.evict = EVICT_PAGEOUT;
			else if (!strcmp(optarg, "reclaim"))
				env.evict = EVICT_RECLAIM;
			else
				goto bad;
			break;
		case 's':
			env.size = parse_size(optarg);
			if (!env.size)
				goto bad;
			break;
		case 't':
			env.thp_size = parse_size(optarg);
			if (env.thp_size <= (size_t)page_size ||
			    env.thp_size & (env.thp_size - 1))
				goto bad;
			break;
		case 'm':
			env.min_evicted_pct = atoi(optarg);
			break;
		case 'C':
			env.corrupt_dev = optarg;
			break;
		case 'S':
			env.seed = strtoull(optarg, NULL, 0);
			break;
		case 'h':
			usage(stdout);
			exit(KSFT_PASS);
		default:
			usage(stderr);
			return -1;
		}
	}
	env.size = (env.size + PMD_SIZE - 1) & ~(PMD_SIZE - 1);
	return 0;
bad:
	fprintf(stderr, "swap_integrity: invalid argument '%s' for -%c (see --help)\n",
		optarg, c);
	return -1;
}

/* Anonymous memory aligned to 2M, so THPs can back all of it. */
static void *map_region(size_t size)
{
	char *p = mmap(NULL, size + PMD_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	return (void *)(((uintptr_t)p + PMD_SIZE - 1) & ~(PMD_SIZE - 1));
}

static char *mthp_stat_path(char *buf, size_t len, const char *stat)
{
	snprintf(buf, len, "/sys/kernel/mm/transparent_hugepage/hugepages-%zukB/stats/%s",
		 env.thp_size >> 10, stat);
	return buf;
}

static long long mthp_stat(const char *stat)
{
	char path[256];

	return read_ll(mthp_stat_path(path, sizeof(path), stat));
}

/* AnonHugePages of the VMA that holds @addr, in bytes. */
static long long smaps_anon_huge(void *addr)
{
	unsigned long start, end;
	long long kb = -1;
	char line[256];
	bool in = false;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2) {
			in = (uintptr_t)addr >= start && (uintptr_t)addr < end;
			continue;
		}
		if (in && sscanf(line, "AnonHugePages: %lld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb < 0 ? -1 : kb << 10;
}

/* How many bytes of the region are backed by THPs of env.thp_size. */
static long long thp_backed(void *addr, long long fault_alloc_before)
{
	if (env.thp_size == PMD_SIZE)
		return smaps_anon_huge(addr);
	return (mthp_stat("anon_fault_alloc") - fault_alloc_before) * env.thp_size;
}

struct census {
	size_t evicted[NR_PAGE_KINDS];	/* PLACE_EVICTED, by page kind */
	size_t swapped[NR_PAGE_KINDS];	/* evicted or in the swap cache */
	size_t pages[NR_PAGE_KINDS];
	size_t evicted_total, swapped_total;
};

static int take_census(void *addr, size_t npages, unsigned char *places,
		       struct swap_slot *slots, struct census *c)
{
	enum page_kind kind;
	size_t i;
	int err;

	err = region_places(addr, npages, page_size, places, slots);
	if (err)
		return err;
	memset(c, 0, sizeof(*c));
	for (i = 0; i < npages; i++) {
		kind = pattern_page_kind(env.pattern, env.seed, i);
		c->pages[kind]++;
		if (places[i] == PLACE_EVICTED) {
			c->evicted[kind]++;
			c->evicted_total++;
		}
		if (places[i] == PLACE_EVICTED || places[i] == PLACE_SWAPCACHE) {
			c->swapped[kind]++;
			c->swapped_total++;
		}
	}
	return 0;
}

/*
 * Reclaim until min_evicted_pct of the pages are out of memory and out of
 * the swap cache. Writeback to disk is asynchronous, so a page that was
 * just written is still cached; a later pass frees it.
 */
static int evict(struct test_cgroup *cg, void *addr, size_t npages,
		 unsigned char *places, struct swap_slot *slots, struct census *c)
{
	size_t target = npages * env.min_evicted_pct / 100;
	long long usage;
	int err, pass;

	if (env.evict == EVICT_PAGEOUT) {
		if (madvise(addr, npages * page_size, MADV_PAGEOUT))
			return -errno;
		err = take_census(addr, npages, places, slots, c);
		if (err)
			return err;
		printf("# MADV_PAGEOUT swapped out %zu of %zu pages\n",
		       c->swapped_total, npages);
		if (c->swapped_total < target) {
			printf("# MADV_PAGEOUT swapped out fewer than %d%% of the pages\n",
			       env.min_evicted_pct);
			return -EAGAIN;
		}
	}
	for (pass = 0; pass < 50; pass++) {
		err = take_census(addr, npages, places, slots, c);
		if (err || c->evicted_total >= target)
			break;
		usage = cgroup_read(cg, "memory.current");
		err = cgroup_reclaim(cg, usage > 0 ? (size_t)usage : npages * page_size);
		if (err)
			break;
		if (pass)
			usleep(20000);
	}
	return err;
}

/* Overwrite the disk slot of the first evicted disk-bound page. */
static int corrupt_one(unsigned char *places, struct swap_slot *slots, size_t npages)
{
	char line[512];
	unsigned int type = 0;
	void *junk;
	size_t i;
	FILE *f;
	int fd;

	for (i = 0; i < npages; i++)
		if (places[i] == PLACE_EVICTED &&
		    config_dest[env.config][pattern_page_kind(env.pattern, env.seed, i)] == DEST_DISK)
			break;
	if (i == npages) {
		fprintf(stderr, "swap_integrity: no evicted page is on disk to corrupt\n");
		return -ENOENT;
	}
	/* The page must be on the only swap device, the one DEV aliases. */
	f = fopen("/proc/swaps", "r");
	if (!f || !fgets(line, sizeof(line), f))
		return -errno;
	while (fgets(line, sizeof(line), f))
		type++;
	fclose(f);
	if (type != 1 || slots[i].type != 0) {
		fprintf(stderr, "swap_integrity: --corrupt needs exactly one swap device\n");
		return -EINVAL;
	}
	if (posix_memalign(&junk, page_size, page_size))
		return -ENOMEM;
	memset(junk, 0xa5, page_size);
	fd = open(env.corrupt_dev, O_RDWR | O_DIRECT);
	if (fd < 0 || pwrite(fd, junk, page_size, slots[i].offset * page_size) != (ssize_t)page_size) {
		fprintf(stderr, "swap_integrity: cannot write %s: %s\n", env.corrupt_dev, strerror(errno));
		return -EIO;
	}
	close(fd);
	free(junk);
	printf("# corrupted page %zu: slot %llu of %s\n", i,
	       (unsigned long long)slots[i].offset, env.corrupt_dev);
	return 0;
}

/* Swap space in use on all devices, from /proc/swaps, in KiB. */
static long long swap_used_kib(void)
{
	char line[512];
	long long size, used, total = 0;
	FILE *f = fopen("/proc/swaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %lld %lld", &size, &used) == 2)
			total += used;
	fclose(f);
	return total;
}

/* Where the evicted pages are, by kind, and what the backends now hold. */
static void report_backends(const struct census *c)
{
	static const char *const dest_names[] = {
		[DEST_DISK] = "disk", [DEST_ZSWAP] = "zswap", [DEST_ZERO] = "zero-page marker",
	};
	long long stored = read_ll("/sys/kernel/debug/zswap/stored_pages");
	long long pool = read_ll("/sys/kernel/debug/zswap/pool_total_size");
	int kind;

	for (kind = 0; kind < NR_PAGE_KINDS; kind++)
		if (c->pages[kind])
			printf("#   %-14s %7zu pages, %7zu evicted, expected in: %s\n",
			       page_kind_name(kind), c->pages[kind], c->evicted[kind],
			       env.thp_size ? "disk (whole large folios)" :
			       dest_names[config_dest[env.config][kind]]);
	printf("#   backends now hold: swap devices %lld KiB used", swap_used_kib());
	if (stored >= 0)
		printf(", zswap %lld pages in a %lld KiB pool", stored, pool >> 10);
	printf("\n");
}

static bool check_at_least(const char *what, long long got, size_t want)
{
	if (got >= (long long)want)
		return true;
	printf("# FAIL: %s moved by %lld, expected at least %zu\n", what, got, want);
	return false;
}

/* Did the swap-out counters move the way the configuration predicts? */
static bool check_swapout(const struct census *c, const struct swap_events *d,
			  long long large_swpout)
{
	size_t want[NR_DESTS] = {};
	bool ok = true;
	int kind;

	if (env.thp_size) {
		/* zswap in 6.12 rejects large folios; they go to disk whole. */
		return check_at_least("THP swpout (whole large folios)", large_swpout,
				      c->swapped_total * page_size / env.thp_size * 9 / 10);
	}
	for (kind = 0; kind < NR_PAGE_KINDS; kind++)
		want[config_dest[env.config][kind]] += c->swapped[kind];
	/* A few pages may be reclaimed by someone else first: allow 5%. */
	ok &= check_at_least("pswpout", d->pswpout, want[DEST_DISK] * 95 / 100);
	ok &= check_at_least("zswpout", d->zswpout, want[DEST_ZSWAP] * 95 / 100);
	ok &= check_at_least("swpout_zero", d->swpout_zero, want[DEST_ZERO] * 95 / 100);
	return ok;
}

int main(int argc, char **argv)
{
	struct swap_events ev0, ev1, ev2, out, in;
	long long fault_alloc0 = 0, large0 = 0, large_swpout, backed;
	unsigned char *places;
	struct swap_slot *slots;
	struct test_cgroup cg;
	struct mismatch bad;
	struct census c;
	size_t npages, nbad;
	char name[64], buf[512];
	void *addr;
	int err, ret = KSFT_FAIL;
	bool ok;

	page_size = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv))
		return KSFT_USAGE;
	npages = env.size / page_size;
	printf("# %s pattern, %zu MiB, %s, evict by %s%s\n", pattern_name(env.pattern),
	       env.size >> 20, config_names[env.config],
	       env.evict == EVICT_PAGEOUT ? "MADV_PAGEOUT" : "memory.reclaim",
	       env.thp_size ? (env.thp_size == PMD_SIZE ? ", PMD THP" : ", mTHP") : "");

	snprintf(name, sizeof(name), "swap_integrity.%d", getpid());
	err = cgroup_enter_new(&cg, name);
	if (err) {
		fprintf(stderr, "swap_integrity: cannot enter a new memory cgroup: %s\n", strerror(-err));
		return KSFT_USAGE;
	}
	addr = map_region(env.size);
	places = malloc(npages);
	slots = malloc(npages * sizeof(*slots));
	if (!addr || !places || !slots) {
		fprintf(stderr, "swap_integrity: out of memory\n");
		ret = KSFT_USAGE;
		goto out;
	}
	madvise(addr, env.size, env.thp_size ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	if (env.thp_size && env.thp_size != PMD_SIZE) {
		fault_alloc0 = mthp_stat("anon_fault_alloc");
		if (fault_alloc0 < 0) {
			printf("# SKIP: no %zukB mTHP support in this kernel\n", env.thp_size >> 10);
			ret = KSFT_SKIP;
			goto out;
		}
	}

	pattern_fill(addr, npages, page_size, env.pattern, env.seed);
	if (env.thp_size) {
		backed = thp_backed(addr, fault_alloc0);
		printf("# %lld MiB of %zu MiB backed by THPs\n", backed >> 20, env.size >> 20);
		if (backed < (long long)env.size * 9 / 10) {
			printf("# FAIL: THPs back less than 90%% of the memory; is %zukB THP enabled?\n",
			       env.thp_size >> 10);
			goto out;
		}
		large0 = env.thp_size == PMD_SIZE ? vmstat_read("thp_swpout") : mthp_stat("swpout");
	}

	swap_events_read(&ev0);
	err = evict(&cg, addr, npages, places, slots, &c);
	if (err && err != -EAGAIN) {
		fprintf(stderr, "swap_integrity: eviction failed: %s\n", strerror(-err));
		ret = KSFT_USAGE;
		goto out;
	}
	swap_events_read(&ev1);
	swap_events_sub(&out, &ev1, &ev0);
	swap_events_format(&out, buf, sizeof(buf));
	printf("# evicted %zu of %zu pages (%zu swapped incl. swap cache); out: %s\n",
	       c.evicted_total, npages, c.swapped_total, buf);
	report_backends(&c);
	ok = !err;
	if (c.evicted_total < npages * env.min_evicted_pct / 100) {
		printf("# FAIL: fewer than %d%% of the pages left memory\n", env.min_evicted_pct);
		ok = false;
	}
	large_swpout = env.thp_size == PMD_SIZE ? vmstat_read("thp_swpout") - large0 :
		       env.thp_size ? mthp_stat("swpout") - large0 : 0;
	ok &= check_swapout(&c, &out, large_swpout);

	if (env.corrupt_dev && corrupt_one(places, slots, npages)) {
		ret = KSFT_USAGE;
		goto out;
	}

	nbad = pattern_verify(addr, npages, page_size, env.pattern, env.seed, &bad);
	swap_events_read(&ev2);
	swap_events_sub(&in, &ev2, &ev1);
	printf("# read back: pswpin=%lld zswpin=%lld swpin_zero=%lld\n",
	       in.pswpin, in.zswpin, in.swpin_zero);
	if (nbad) {
		printf("# FAIL: %zu bad page(s); first: page %zu (%s) byte %zu is 0x%02x, expected 0x%02x\n",
		       nbad, bad.page,
		       page_kind_name(pattern_page_kind(env.pattern, env.seed, bad.page)),
		       bad.offset, bad.actual, bad.expected);
		ok = false;
	}
	/* Every evicted page must have come back from a backend. */
	ok &= check_at_least("pswpin+zswpin+swpin_zero",
			     in.pswpin + in.zswpin + in.swpin_zero, c.evicted_total);
	ret = ok ? KSFT_PASS : KSFT_FAIL;
out:
	cgroup_leave(&cg);
	return ret;
}
