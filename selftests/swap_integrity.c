// SPDX-License-Identifier: GPL-2.0
/*
 * swap_integrity - push verifiable memory out to swap, read it back, and
 * check every byte.
 *
 * The test runs in a private memory cgroup. It fills anonymous or shmem
 * memory with a pattern (see lib/pattern.h), evicts it (MADV_PAGEOUT,
 * memory.reclaim or memory.high) until the pages are really out (swap PTE
 * and not in the swap cache, see lib/residency.h), checks that the swap
 * event counters moved the way the swap configuration predicts for each
 * kind of page, then reads everything back and compares. Reading back must
 * move the swap-in counters by at least the number of evicted pages;
 * otherwise the test measured the swap cache, not swap.
 *
 * The configuration (-c) is one of the swap lab's names (tools/lib/
 * swapconf.h), which the test checks against the running system: it
 * predicts where each kind of page goes. With vswap and no physical
 * device, incompressible pages must stay resident.
 *
 * --corrupt DEV overwrites the disk slot of one evicted page before the
 * read-back, to prove that the check catches a bad page. --hold DIR stops
 * before and after the eviction and after the read-back, so that a shell
 * step can act or check there (tools/lib/hold.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <setjmp.h>
#include <signal.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cgroup.h"
#include "evict.h"
#include "hold.h"
#include "pattern.h"
#include "residency.h"
#include "size.h"
#include "swapconf.h"
#include "sysfs.h"
#include "vmstat.h"

#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_USAGE	2
#define KSFT_SKIP	4
#define PMD_SIZE	(2UL << 20)

/* Where the swap configuration sends each kind of page. */
enum dest { DEST_DISK, DEST_ZSWAP, DEST_ZERO, DEST_RESIDENT, NR_DESTS };

static const char *const dest_names[NR_DESTS] = {
	[DEST_DISK] = "disk", [DEST_ZSWAP] = "zswap",
	[DEST_ZERO] = "zero-page marker", [DEST_RESIDENT] = "memory (stays resident)",
};

/* How the test pushes memory out; pageout is MADV_PAGEOUT. */
enum evict { EVICT_BY_PAGEOUT, EVICT_BY_RECLAIM, EVICT_BY_HIGH, NR_EVICTS };

static const char *const evict_names[NR_EVICTS] = {
	[EVICT_BY_PAGEOUT] = "pageout", [EVICT_BY_RECLAIM] = "reclaim",
	[EVICT_BY_HIGH] = "high",
};

static struct env {
	enum pattern pattern;
	struct swap_config config;
	enum evict evict;
	bool shmem;
	size_t size;
	size_t thp_size;	/* 0: no THP; PMD_SIZE or an mTHP size */
	int min_evicted_pct;
	const char *corrupt_dev;
	const char *swap_max;	/* memory.swap.max of the test cgroup */
	size_t swap_budget;	/* ... when a number of bytes, 0 for "max" */
	bool swap_off;		/* ... when 0: no swap at all */
	bool zswap_off;		/* memory.zswap.max is 0: zswap takes nothing */
	bool no_writeback;	/* memory.zswap.writeback is 0: no disk */
	size_t lost_min;	/* pages that must read back as lost (SIGBUS) */
	const char *hold_dir;	/* stop at hold points (hold.h) */
	const char *cgroup;	/* the test cgroup's name */
	const char *zswap_max;	/* memory.zswap.max of the test cgroup */
	bool writeback;		/* zswap hits a limit: pages may go to disk */
	bool reswap;		/* a second round, after the read-back */
	unsigned long long seed;
} env = {
	.pattern = PATTERN_MIXED,
	.evict = EVICT_BY_RECLAIM,
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
"  -p, --pattern P      compressible, incompressible, zero, half (half random,\n"
"                       half zero: zswap stores about 2 KiB of it) or mixed\n"
"                       (a third each of the first three; the default)\n"
"  -c, --config C       the swap configuration, which predicts where pages go\n"
"                       and must be set up (tools/lib/swaplab.sh swap_setup):\n"
"                       legacy-disk, legacy-zswap+disk, vswap-zswap,\n"
"                       vswap-disk or vswap-zswap+disk (required)\n"
"  -e, --evict M        pageout (MADV_PAGEOUT), reclaim (memory.reclaim) or\n"
"                       high (memory.high pressure) (default reclaim)\n"
"  -M, --shmem          use shmem (a memfd) instead of anonymous memory\n"
"  -s, --size N[KMG]    memory to swap (default 64M)\n"
"  -t, --thp N[KMG]     back the memory with N-sized THPs: 2M for PMD THP\n"
"                       (MADV_HUGEPAGE), or an mTHP size enabled in sysfs\n"
"  -m, --min-evicted P  fail unless P%% of the evictable pages get evicted\n"
"                       (default 90)\n"
"  -C, --corrupt DEV    before reading back, overwrite one evicted page's slot\n"
"                       through DEV, a block device that aliases the swap\n"
"                       device (the kernel refuses writes to an active swap\n"
"                       device): the run must then fail\n"
"  -w, --swap-max V     set memory.swap.max of the test's cgroup to V: 0\n"
"                       means no swap at all; a size limits the pages on disk\n"
"                       (with vswap; every swapped page without), and the\n"
"                       cgroup's swap event 'max' must fire if it is reached\n"
"  -B, --no-writeback   set memory.zswap.writeback of the test's cgroup to 0:\n"
"                       what zswap does not take stays resident\n"
"  -H, --hold DIR       stop before the eviction, after it (the read-back then\n"
"                       also counts the swap-ins of what ran meanwhile) and\n"
"                       after the read-back, until released (tools/lib/hold.h)\n"
"  -z, --zswap-max V    set memory.zswap.max of the test's cgroup to V: zswap\n"
"                       then writes pages back to disk (at least a tenth of\n"
"                       the compressible ones) or sends them there directly;\n"
"                       with 0, zswap takes none of the cgroup's pages\n"
"  -W, --writeback      zswap hits a global limit: pages it cannot take may go\n"
"                       to disk directly, and at least 1%% of those it took\n"
"                       must be written back during the eviction\n"
"  -L, --lost N         at least N pages are expected to be lost, the disk\n"
"                       failing under them: reading them must raise SIGBUS,\n"
"                       and every other page must read back intact\n"
"  -R, --reswap         after the read-back, evict and check everything again;\n"
"                       pages read back from disk and not written since must\n"
"                       not be written to disk again (they keep their slot)\n"
"  -S, --seed N         pattern seed\n"
"  -g, --cgroup NAME    name of the test's cgroup, created under the root and\n"
"                       removed at the end (default swap_integrity.PID)\n"
"  -h, --help\n"
"\n"
"Exit status: 0 pass, 1 fail, 2 usage or setup error, 4 skip.\n"
"\n"
"Examples:\n"
"  swap_integrity -c legacy-disk -p incompressible -e pageout\n"
"  swap_integrity -c legacy-zswap+disk -p mixed -t 2M\n"
"  swap_integrity -c vswap-zswap -p mixed -e high --shmem\n"
"  swap_integrity -c vswap-zswap -p compressible --swap-max 0\n"
"  swap_integrity -c vswap-zswap+disk -p mixed -H /tmp/hold\n");
}

static int parse_name(const char *arg, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(arg, names[i]))
			return i;
	return -1;
}

static int parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pattern", required_argument, NULL, 'p' },
		{ "config", required_argument, NULL, 'c' },
		{ "evict", required_argument, NULL, 'e' },
		{ "shmem", no_argument, NULL, 'M' },
		{ "size", required_argument, NULL, 's' },
		{ "thp", required_argument, NULL, 't' },
		{ "min-evicted", required_argument, NULL, 'm' },
		{ "corrupt", required_argument, NULL, 'C' },
		{ "swap-max", required_argument, NULL, 'w' },
		{ "hold", required_argument, NULL, 'H' },
		{ "reswap", no_argument, NULL, 'R' },
		{ "zswap-max", required_argument, NULL, 'z' },
		{ "writeback", no_argument, NULL, 'W' },
		{ "no-writeback", no_argument, NULL, 'B' },
		{ "lost", required_argument, NULL, 'L' },
		{ "seed", required_argument, NULL, 'S' },
		{ "cgroup", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c, i;

	while ((c = getopt_long(argc, argv, "p:c:e:Ms:t:m:C:w:H:z:WBL:RS:g:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			i = pattern_parse(optarg);
			if (i < 0)
				goto bad;
			env.pattern = i;
			break;
		case 'c':
			if (swap_config_parse(optarg, &env.config))
				goto bad;
			break;
		case 'e':
			i = parse_name(optarg, evict_names, NR_EVICTS);
			if (i < 0)
				goto bad;
			env.evict = i;
			break;
		case 'M':
			env.shmem = true;
			break;
		case 's':
			env.size = parse_size(optarg, 1);
			if (!env.size)
				goto bad;
			break;
		case 't':
			env.thp_size = parse_size(optarg, 1);
			if (env.thp_size <= page_size || env.thp_size & (env.thp_size - 1))
				goto bad;
			break;
		case 'm':
			env.min_evicted_pct = atoi(optarg);
			break;
		case 'C':
			env.corrupt_dev = optarg;
			break;
		case 'H':
			env.hold_dir = optarg;
			break;
		case 'R':
			env.reswap = true;
			break;
		case 'z':
			env.zswap_max = optarg;
			env.zswap_off = !strcmp(optarg, "0");
			env.writeback = !env.zswap_off;
			break;
		case 'B':
			env.no_writeback = true;
			break;
		case 'L':
			env.lost_min = strtoull(optarg, NULL, 0);
			break;
		case 'W':
			env.writeback = true;
			break;
		case 'w':
			env.swap_max = optarg;
			env.swap_off = !strcmp(optarg, "0");
			if (strcmp(optarg, "max") && !env.swap_off) {
				env.swap_budget = parse_size(optarg, 1);
				if (!env.swap_budget)
					goto bad;
			}
			break;
		case 'S':
			env.seed = strtoull(optarg, NULL, 0);
			break;
		case 'g':
			env.cgroup = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(KSFT_PASS);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (!env.config.name[0]) {
		fprintf(stderr, "swap_integrity: which configuration? (-c, see --help)\n");
		return -1;
	}
	if (env.shmem && env.thp_size) {
		fprintf(stderr, "swap_integrity: --thp is for anonymous memory only\n");
		return -1;
	}
	env.size = (env.size + PMD_SIZE - 1) & ~(PMD_SIZE - 1);
	return 0;
bad:
	fprintf(stderr, "swap_integrity: invalid argument '%s' for -%c (see --help)\n",
		optarg, c);
	return -1;
}

/* Can zswap take the cgroup's pages, and can they reach a disk? */
static bool zswap_usable(void)
{
	return env.config.zswap && !env.zswap_off;
}

static bool disk_usable(void)
{
	return env.config.disk && !env.no_writeback;
}

/*
 * Do the cgroup's pages take the legacy path? Without vswap, or with vswap
 * when no backend of it can take them (the cgroup may still have legacy
 * swap slots: memory.zswap.max=0 and memory.zswap.writeback=0 with a disk).
 */
static bool legacy_path(void)
{
	return !env.config.vswap || (!zswap_usable() && !disk_usable());
}

/*
 * Where the configuration sends a kind of page: zswap takes what
 * compresses, the zero-page marker zero pages, and a physical device the
 * rest; with no physical device, what zswap rejects stays in memory.
 * memory.swap.max=0 keeps everything in memory, as without vswap.
 */
static enum dest kind_dest(enum page_kind kind)
{
	if (env.swap_off)
		return DEST_RESIDENT;
	switch (kind) {
	case PAGE_ZERO:
		/* On the legacy path, a zero page needs a swap slot too. */
		return !legacy_path() || env.config.disk ? DEST_ZERO : DEST_RESIDENT;
	case PAGE_COMPRESSIBLE:
	case PAGE_HALF:
		if (zswap_usable())
			return DEST_ZSWAP;
		break;
	default:
		break;
	}
	return disk_usable() ? DEST_DISK : DEST_RESIDENT;
}

/* Pages that may go to disk, within memory.swap.max (vswap: disk only). */
static size_t disk_budget(size_t pages)
{
	size_t budget = env.swap_budget / page_size;

	return env.swap_budget && pages > budget ? budget : pages;
}

static enum dest page_dest(size_t index)
{
	return kind_dest(pattern_page_kind(env.pattern, env.seed, index));
}

/* Large folios go to a physical device whole, when there is one. */
static bool large_to_disk(void)
{
	return env.thp_size && env.config.disk;
}

/* Memory aligned to 2M, so THPs can back all of it. */
static void *map_region(size_t size)
{
	int fd = -1, flags = MAP_PRIVATE | MAP_ANONYMOUS;
	char *p;

	if (env.shmem) {
		fd = memfd_create("swap_integrity", 0);
		if (fd < 0 || ftruncate(fd, size + PMD_SIZE))
			return NULL;
		flags = MAP_SHARED;
	}
	p = mmap(NULL, size + PMD_SIZE, PROT_READ | PROT_WRITE, flags, fd, 0);
	if (fd >= 0)
		close(fd);
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

/* The counters of large folios swapped out whole, and split instead. */
static long long large_swpout(void)
{
	return env.thp_size == PMD_SIZE ? vmstat_read("thp_swpout") : mthp_stat("swpout");
}

static long long large_swpout_fallback(void)
{
	return env.thp_size == PMD_SIZE ? vmstat_read("thp_swpout_fallback") :
					  mthp_stat("swpout_fallback");
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

/* What the test checks: the lab's census, against the predictions. */
struct tally {
	struct census census;		/* by page kind and place */
	size_t evicted[NR_PAGE_KINDS];	/* out of memory and swap cache */
	size_t swapped[NR_PAGE_KINDS];	/* evicted or in the swap cache */
	size_t evicted_total, swapped_total;
	size_t evictable;		/* pages whose destination is not memory */
	size_t evicted_evictable;
	size_t resident_evicted;	/* pages that should stay but left */
};

static int take_tally(void *addr, size_t npages, struct tally *t)
{
	size_t out, pages, disk = 0;
	int kind, err;

	memset(t, 0, sizeof(*t));
	err = region_census(addr, npages, page_size, env.shmem, env.pattern,
			    env.seed, &t->census);
	if (err)
		return err;
	for (kind = 0; kind < NR_PAGE_KINDS; kind++) {
		pages = t->census.pages[kind];
		out = t->census.at[kind][PLACE_EVICTED];
		t->evicted[kind] = out;
		t->swapped[kind] = out + t->census.at[kind][PLACE_SWAPCACHE];
		t->evicted_total += out;
		t->swapped_total += t->swapped[kind];
		if (kind_dest(kind) == DEST_RESIDENT) {
			t->resident_evicted += out;
		} else {
			t->evictable += pages;
			t->evicted_evictable += out;
		}
		if (kind_dest(kind) == DEST_DISK)
			disk += pages;
	}
	/* memory.swap.max leaves the rest of the disk-bound pages in memory. */
	t->evictable -= disk - disk_budget(disk);
	return 0;
}

/*
 * Evict until min_evicted_pct of the evictable pages are out of memory and
 * out of the swap cache, then take the tally. Pages that must stay
 * resident never count as evicted when the kernel is right.
 */
static int evict(struct test_cgroup *cg, void *addr, size_t npages, struct tally *c)
{
	long evicted;
	int err;

	err = take_tally(addr, npages, c);
	if (err)
		return err;
	if (env.evict == EVICT_BY_PAGEOUT) {
		if (madvise(addr, npages * page_size, MADV_PAGEOUT))
			return -errno;
		err = take_tally(addr, npages, c);
		if (err)
			return err;
		printf("# MADV_PAGEOUT swapped out %zu of %zu pages\n",
		       env.shmem ? c->evicted_total : c->swapped_total, npages);
	}
	/* MADV_PAGEOUT leaves disk-bound pages in the swap cache: reclaim. */
	evicted = evict_region(cg, env.evict == EVICT_BY_HIGH ? EVICT_HIGH : EVICT_RECLAIM,
			       addr, npages, env.shmem,
			       c->evictable * env.min_evicted_pct / 100);
	if (evicted < 0)
		return evicted;
	/* Nothing may leave memory: push all the same, to prove that. */
	if (!c->evictable)
		cgroup_reclaim(cg, npages * page_size);
	return take_tally(addr, npages, c);
}

/* Overwrite the disk slot of the first evicted disk-bound page. */
static int corrupt_one(void *addr, size_t npages)
{
	unsigned char *places = malloc(npages);
	struct swap_slot *slots = malloc(npages * sizeof(*slots));
	void *junk = NULL;
	int fd = -1, err;
	size_t i = npages;

	err = places && slots ? region_places(addr, npages, page_size, env.shmem,
					      places, slots) : -ENOMEM;
	for (i = 0; !err && i < npages; i++)
		if (places[i] == PLACE_EVICTED && page_dest(i) == DEST_DISK)
			break;
	if (err || i == npages || env.shmem) {
		fprintf(stderr, "swap_integrity: no evicted anonymous page is on disk to corrupt\n");
		err = -ENOENT;
		goto out;
	}
	/* The page must be on the only swap device, the one DEV aliases. */
	if (swap_devices() != 1) {
		fprintf(stderr, "swap_integrity: --corrupt needs exactly one swap device\n");
		err = -EINVAL;
		goto out;
	}
	if (posix_memalign(&junk, page_size, page_size)) {
		err = -ENOMEM;
		goto out;
	}
	memset(junk, 0xa5, page_size);
	fd = open(env.corrupt_dev, O_RDWR | O_DIRECT);
	if (fd < 0 || pwrite(fd, junk, page_size, slots[i].offset * page_size) != (ssize_t)page_size) {
		fprintf(stderr, "swap_integrity: cannot write %s: %s\n", env.corrupt_dev, strerror(errno));
		err = -EIO;
		goto out;
	}
	printf("# corrupted page %zu: slot %llu of %s\n", i,
	       (unsigned long long)slots[i].offset, env.corrupt_dev);
out:
	if (fd >= 0)
		close(fd);
	free(junk);
	free(places);
	free(slots);
	return err;
}

/* Where the evicted pages are, by kind, and what the backends now hold. */
static void report_backends(const struct tally *c)
{
	long long stored = zswap_debugfs("stored_pages");
	long long pool = zswap_debugfs("pool_total_size");
	long long vswap = vswap_debugfs("used");
	int kind;

	for (kind = 0; kind < NR_PAGE_KINDS; kind++)
		if (c->census.pages[kind])
			printf("#   %-14s %7zu pages, %7zu evicted, expected in: %s\n",
			       page_kind_name(kind), c->census.pages[kind], c->evicted[kind],
			       large_to_disk() ? "disk (whole large folios)" :
			       dest_names[kind_dest(kind)]);
	printf("#   backends now hold: swap devices %lld KiB used", swap_used_kib());
	if (stored >= 0)
		printf(", zswap %lld pages in a %lld KiB pool", stored, pool >> 10);
	if (vswap >= 0)
		printf(", vswap %lld slots", vswap);
	printf("\n");
}

/*
 * memory.swap counts physical swap space. Without vswap every swapped page
 * holds a slot of a physical device (zswap and zero pages included); with
 * vswap only the pages written to a physical device do, and nothing else.
 */
static bool check_swap_charge(struct test_cgroup *cg, const struct tally *c)
{
	long long charged = cgroup_read(cg, "memory.swap.current");
	long long zswap = cgroup_read(cg, "memory.zswap.current");
	size_t pages = c->swapped_total, slack = c->swapped_total / 20, written_back = 0;
	long long lo, hi = LLONG_MAX;
	int kind;

	if (!legacy_path() && !large_to_disk()) {
		pages = 0;
		for (kind = 0; kind < NR_PAGE_KINDS; kind++)
			if (kind_dest(kind) == DEST_DISK)
				pages += c->swapped[kind];
		pages = disk_budget(pages);
		/* Pages zswap wrote back are on disk too. */
		if (env.writeback)
			for (kind = 0; kind < NR_PAGE_KINDS; kind++)
				if (kind_dest(kind) == DEST_ZSWAP)
					written_back += c->swapped[kind];
		/* Exactly 0 with no physical device. */
		hi = (long long)(pages + written_back +
				 (env.config.disk ? slack : 0)) * page_size;
	}
	lo = (long long)(pages > slack ? pages - slack : 0) * page_size;

	printf("# memcg: memory.swap.current %lld KiB, memory.zswap.current %lld KiB\n",
	       charged >> 10, zswap >> 10);
	if (charged >= lo && charged <= hi)
		return true;
	printf("# FAIL: memory.swap.current is %lld KiB, expected %lld..%lld KiB (%s)\n",
	       charged >> 10, lo >> 10, hi == LLONG_MAX ? -1 : hi >> 10,
	       !legacy_path() ? "physical backing only" : "every swapped page");
	return false;
}

static bool check_at_least(const char *what, long long got, size_t want)
{
	if (got >= (long long)want)
		return true;
	printf("# FAIL: %s moved by %lld, expected at least %zu\n", what, got, want);
	return false;
}

/* Did the swap-out counters move the way the configuration predicts? */
static bool check_swapout(const struct tally *c, const struct swap_events *d,
			  long long large_out, long long large_fallback)
{
	size_t want[NR_DESTS] = {};
	size_t nr_large = c->swapped_total * page_size / (env.thp_size ?: page_size);
	bool ok = true;
	int kind;

	if (c->resident_evicted) {
		printf("# FAIL: %zu pages left memory that no backend can hold\n",
		       c->resident_evicted);
		ok = false;
	}
	/* zswap in 6.12 rejects large folios. */
	if (large_to_disk())
		return ok & check_at_least("THP swpout (whole large folios)",
					   large_out, nr_large * 9 / 10);
	/* vswap takes no large folio whole yet: reclaim splits them. */
	if (env.thp_size)
		ok &= check_at_least("THP swpout_fallback (split large folios)",
				     large_fallback, c->evicted_total * page_size /
				     env.thp_size * 9 / 10);
	for (kind = 0; kind < NR_PAGE_KINDS; kind++)
		want[kind_dest(kind)] += c->swapped[kind];
	want[DEST_DISK] = disk_budget(want[DEST_DISK]);
	/* A few pages may be reclaimed by someone else first: allow 5%. */
	ok &= check_at_least("pswpout", d->pswpout, want[DEST_DISK] * 95 / 100);
	ok &= check_at_least("swpout_zero", d->swpout_zero, want[DEST_ZERO] * 95 / 100);
	if (!env.writeback)
		return ok & check_at_least("zswpout", d->zswpout, want[DEST_ZSWAP] * 95 / 100);
	/*
	 * Over its limits zswap writes older entries back to disk, or
	 * rejects the page when it cannot: either way the rest goes to disk.
	 */
	ok &= check_at_least("zswpout+pswpout", d->zswpout + d->pswpout,
			     (want[DEST_ZSWAP] + want[DEST_DISK]) * 95 / 100);
	/*
	 * memory.zswap.max writes back synchronously, in the store itself;
	 * the pool limit by a worker, which gives every entry a second chance.
	 */
	ok &= check_at_least("zswpwb", d->zswpwb,
			     want[DEST_ZSWAP] / (env.zswap_max ? 10 : 100));
	return ok;
}

static sigjmp_buf sigbus_jump;

static void on_sigbus(int sig)
{
	siglongjmp(sigbus_jump, sig);
}

/*
 * Check every page like pattern_verify(), one at a time, counting in *@lost
 * the pages whose reading raises SIGBUS: lost to a read error. Returns the
 * number of other bad pages, the first described in @bad.
 */
static size_t verify_lossy(char *addr, size_t npages, struct mismatch *bad,
			   size_t *lost)
{
	volatile size_t i, nbad = 0;
	struct mismatch one;

	signal(SIGBUS, on_sigbus);
	*lost = 0;
	for (i = 0; i < npages; i++) {
		if (sigsetjmp(sigbus_jump, 1)) {
			(*lost)++;
			continue;
		}
		if (!pattern_verify(addr + i * page_size, i, 1, page_size, env.pattern,
				    env.seed, &one))
			continue;
		if (!nbad++)
			*bad = one;
	}
	signal(SIGBUS, SIG_DFL);
	return nbad;
}

/* A memory.stat counter of the cgroup, in pages. */
static long long stat_pages(struct test_cgroup *cg, const char *key)
{
	return cgroup_read_key(cg, "memory.stat", key) / (long long)page_size;
}

/*
 * With vswap, /proc/vmstat counts the swap-outs through it by destination,
 * memory.stat the cgroup's pages held by each backend, and debugfs every
 * cgroup's together: each must account for the pages that went there.
 */
static bool check_vswap_counters(struct test_cgroup *cg, const struct tally *c,
				 const struct swap_events *d)
{
	static const struct {
		enum dest dest;
		const char *stat, *debugfs;
		size_t offset;		/* of the vmstat counter */
	} backends[] = {
		{ DEST_ZERO, "vswap_zero", "zero", offsetof(struct swap_events, vswpout_zero) },
		{ DEST_ZSWAP, "vswap_zswap", "zswap", offsetof(struct swap_events, vswpout_zswap) },
		{ DEST_DISK, "vswap_phys", "phys", offsetof(struct swap_events, vswpout_phys) },
	};
	size_t want, i;
	long long held, all, out;
	bool ok = true;
	int kind;

	if (legacy_path() || env.thp_size || env.writeback)
		return true;
	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		want = 0;
		for (kind = 0; kind < NR_PAGE_KINDS; kind++)
			if (kind_dest(kind) == backends[i].dest)
				want += c->evicted[kind];
		if (backends[i].dest == DEST_DISK)
			want = disk_budget(want);
		held = stat_pages(cg, backends[i].stat);
		all = vswap_debugfs(backends[i].debugfs);
		out = *(const long long *)((const char *)d + backends[i].offset);
		printf("# vswap %-5s: memory.stat %lld pages, debugfs %lld, vmstat swap-outs %lld\n",
		       backends[i].debugfs, held, all, out);
		ok &= check_at_least(backends[i].stat, held, want * 95 / 100);
		ok &= check_at_least("vswpout", out, want * 95 / 100);
		if (held > all) {
			printf("# FAIL: the cgroup holds %lld %s pages, all cgroups %lld\n",
			       held, backends[i].debugfs, all);
			ok = false;
		}
	}
	return ok;
}

/*
 * memory.swap.max below what must go to disk: the cgroup's swap event
 * "max" fires (with vswap, only disk pages count).
 */
static bool check_swap_events(struct test_cgroup *cg, const struct tally *c)
{
	size_t disk = 0;
	int kind;

	if (!env.swap_budget)
		return true;
	for (kind = 0; kind < NR_PAGE_KINDS; kind++)
		if (kind_dest(kind) == DEST_DISK)
			disk += c->census.pages[kind];
	if (disk_budget(disk) == disk)
		return true;
	return check_at_least("memory.swap.events max",
			      cgroup_read_key(cg, "memory.swap.events", "max"), 1);
}

/*
 * A page read back from disk and not written since is clean in the swap
 * cache and keeps its slot: evicting it again must not write it again.
 * (Pages read back from zswap are written again: zswap drops its copy.)
 */
static bool check_rewritten(const struct tally *c, const struct swap_events *d)
{
	size_t on_disk = 0;
	int kind;

	for (kind = 0; kind < NR_PAGE_KINDS; kind++)
		if (kind_dest(kind) == DEST_DISK)
			on_disk += c->swapped[kind];
	if (d->pswpout <= (long long)(on_disk / 20))
		return true;
	printf("# FAIL: %lld pages written to disk again, of %zu clean ones\n",
	       d->pswpout, on_disk);
	return false;
}

int main(int argc, char **argv)
{
	struct swap_events ev0, ev1, ev2, out, in;
	long long fault_alloc0 = 0, large0 = 0, fallback0 = 0, backed;
	struct test_cgroup cg;
	struct mismatch bad;
	struct tally c;
	char why[128];
	size_t npages, nbad, lost = 0;
	char name[64], buf[512];
	void *addr;
	int err, round, ret = KSFT_FAIL;
	bool ok;

	page_size = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv))
		return KSFT_USAGE;
	/* The predictions hold only for the configuration that is set up. */
	if (swap_config_check(&env.config, why, sizeof(why))) {
		fprintf(stderr, "swap_integrity: %s (set it up with swap_setup)\n", why);
		return KSFT_USAGE;
	}
	npages = env.size / page_size;
	printf("# %s pattern, %zu MiB %s, %s, evict by %s%s\n", pattern_name(env.pattern),
	       env.size >> 20, env.shmem ? "shmem" : "anon", env.config.name,
	       evict_names[env.evict],
	       env.thp_size ? (env.thp_size == PMD_SIZE ? ", PMD THP" : ", mTHP") : "");

	if (env.cgroup)
		snprintf(name, sizeof(name), "%s", env.cgroup);
	else
		snprintf(name, sizeof(name), "swap_integrity.%d", getpid());
	err = cgroup_enter_new(&cg, name);
	if (err) {
		fprintf(stderr, "swap_integrity: cannot enter a new memory cgroup: %s\n", strerror(-err));
		return KSFT_USAGE;
	}
	if (env.swap_max && cgroup_write(&cg, "memory.swap.max", env.swap_max)) {
		fprintf(stderr, "swap_integrity: cannot set memory.swap.max\n");
		ret = KSFT_USAGE;
		goto out;
	}
	if (env.no_writeback && cgroup_write(&cg, "memory.zswap.writeback", "0")) {
		fprintf(stderr, "swap_integrity: cannot set memory.zswap.writeback\n");
		ret = KSFT_USAGE;
		goto out;
	}
	if (env.zswap_max && cgroup_write(&cg, "memory.zswap.max", env.zswap_max)) {
		fprintf(stderr, "swap_integrity: cannot set memory.zswap.max\n");
		ret = KSFT_USAGE;
		goto out;
	}
	if (env.hold_dir && hold_start(env.hold_dir, cg.path)) {
		fprintf(stderr, "swap_integrity: cannot write to %s\n", env.hold_dir);
		ret = KSFT_USAGE;
		goto out;
	}
	addr = map_region(env.size);
	if (!addr) {
		fprintf(stderr, "swap_integrity: out of memory\n");
		ret = KSFT_USAGE;
		goto out;
	}
	if (!env.shmem)
		madvise(addr, env.size, env.thp_size ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	if (env.thp_size && env.thp_size != PMD_SIZE) {
		fault_alloc0 = mthp_stat("anon_fault_alloc");
		if (fault_alloc0 < 0) {
			printf("# SKIP: no %zukB mTHP support in this kernel\n", env.thp_size >> 10);
			ret = KSFT_SKIP;
			goto out;
		}
	}

	pattern_fill(addr, 0, npages, page_size, env.pattern, env.seed);
	if (env.thp_size) {
		backed = thp_backed(addr, fault_alloc0);
		printf("# %lld MiB of %zu MiB backed by THPs\n", backed >> 20, env.size >> 20);
		if (backed < (long long)env.size * 9 / 10) {
			printf("# FAIL: THPs back less than 90%% of the memory; is %zukB THP enabled?\n",
			       env.thp_size >> 10);
			goto out;
		}
		large0 = large_swpout();
		fallback0 = large_swpout_fallback();
	}

	if (env.hold_dir && hold_point(env.hold_dir, "filled")) {
		ret = KSFT_USAGE;
		goto out;
	}
	ok = true;
	for (round = 0; round < (env.reswap ? 2 : 1); round++) {
		if (round)
			printf("# round 2: evict again what was read back\n");
		swap_events_read(&ev0);
		err = evict(&cg, addr, npages, &c);
		if (err) {
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
		if (c.evicted_evictable < c.evictable * env.min_evicted_pct / 100) {
			printf("# FAIL: fewer than %d%% of the %zu evictable pages left memory\n",
			       env.min_evicted_pct, c.evictable);
			ok = false;
		}
		if (round == 1)
			ok &= check_rewritten(&c, &out);
		else
			ok &= check_swapout(&c, &out, env.thp_size ? large_swpout() - large0 : 0,
					    env.thp_size ? large_swpout_fallback() - fallback0 : 0);
		ok &= check_swap_charge(&cg, &c);
		if (!round) {
			ok &= check_vswap_counters(&cg, &c, &out);
			ok &= check_swap_events(&cg, &c);
		}

		if (env.corrupt_dev && corrupt_one(addr, npages)) {
			ret = KSFT_USAGE;
			goto out;
		}
		if (env.hold_dir && !round && hold_point(env.hold_dir, "evicted")) {
			ret = KSFT_USAGE;
			goto out;
		}

		if (env.lost_min) {
			nbad = verify_lossy(addr, npages, &bad, &lost);
			printf("# %zu page(s) lost: reading them raised SIGBUS\n", lost);
			if (lost < env.lost_min) {
				printf("# FAIL: expected at least %zu lost pages\n", env.lost_min);
				ok = false;
			}
		} else {
			nbad = pattern_verify(addr, 0, npages, page_size, env.pattern,
					      env.seed, &bad);
		}
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
		/*
		 * Every evicted page must have come back from a backend, or
		 * have been written back by zswap since it was stored: that
		 * leaves it in the swap cache, and reading it is a minor fault.
		 */
		ok &= check_at_least(env.writeback ? "pswpin+zswpin+swpin_zero+zswpwb" :
				     "pswpin+zswpin+swpin_zero",
				     in.pswpin + in.zswpin + in.swpin_zero + lost +
				     (env.writeback ? out.zswpwb + in.zswpwb : 0),
				     c.evicted_total);
	}
	if (env.hold_dir && hold_point(env.hold_dir, "verified")) {
		ret = KSFT_USAGE;
		goto out;
	}
	ret = ok ? KSFT_PASS : KSFT_FAIL;
out:
	cgroup_leave(&cg);
	return ret;
}
