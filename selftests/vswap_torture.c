// SPDX-License-Identifier: GPL-2.0
/*
 * vswap_torture - randomized swap torture: every page written reads back.
 *
 * Worker processes each own regions of anonymous memory (4 KiB pages, PMD
 * THP, and whatever mTHP sizes sysfs enables) and of shmem (memfd). Each
 * page holds zero, compressible or random data derived from a key that the
 * worker records in a table of its own, mlock()ed so that the table itself
 * is never swapped. The workers loop over random operations: write, verify,
 * MADV_PAGEOUT/COLD/WILLNEED/DONTNEED/FREE, mremap, mprotect, fork (a child
 * that checks and writes, or stays alive as a sharer), partial munmap and
 * remap, moving to the other cgroup, and memory.reclaim.
 *
 * A chaos process meanwhile turns swap devices off and on, flips the vswap
 * switch and zswap, changes the workers' cgroup limits, attaches, replaces
 * and detaches placement policies, drops caches and compacts memory.
 *
 * The run is reproducible from its seed (printed; --seed). It passes if
 * every verify matched, no worker died except by an OOM kill its cgroup
 * recorded, and after the workers are gone the swap counters are back at
 * their baseline and every removed cgroup is released. On a mismatch it
 * prints the page, the expected and the found checksum, the region kind
 * and the region's last operations.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "size.h"
#include "sysfs.h"

#define MAX_WORKERS	16
#define MAX_REGIONS	8
#define OP_HISTORY	8
#define THP_SIZE	(2UL << 20)
#define CG_NAMES	2
#define ZSWAP_PARAMS	"/sys/module/zswap/parameters"
#define CORRUPT_BYTES	(256L << 20)

static size_t page_size;

/* --- options ---------------------------------------------------------- */

static struct {
	int workers;
	unsigned int seconds;
	unsigned long long seed;
	size_t worker_bytes;
	const char *cgroup;	/* parent of the workers' cgroups */
	const char *disks[2];	/* swap devices chaos turns off and on */
	int nr_disks;
	const char *vswapctl;	/* loader for policy chaos, or NULL */
	bool chaos;
	bool make_it_fail;	/* workers opt in to fault injection */
	const char *corrupt;	/* test of the test: a disk alias to corrupt */
	unsigned int op_mask;	/* the worker operations to run */
	unsigned int chaos_mask;	/* the chaos actions to take */
	unsigned int region_mask;	/* the kinds of region of each worker */
	bool verbose;
} opt = {
	.op_mask = ~0u,
	.chaos_mask = ~0u,
	.region_mask = ~0u,
	.workers = 4,
	.seconds = 60,
	.worker_bytes = 32UL << 20,
	.cgroup = "/sys/fs/cgroup/vswap-torture",
	.chaos = true,
};

/* State the processes share: a stop flag and what went wrong. */
struct shared {
	volatile int stop;
	volatile int mismatches;
	volatile int child_failures;
	volatile int children_killed;	/* SIGKILL: the OOM killer, checked */
	volatile int cgroup_moves_failed;
	volatile unsigned long ops;
	volatile unsigned long pages_verified;
	volatile unsigned long chaos_ops;
};
static struct shared *shared;
/* Pages this process found wrong. */
static unsigned long my_mismatches;

/* --- random numbers: splitmix64, one state per process ------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t rnd_below(size_t n)
{
	return n ? rnd() % n : 0;
}

/* --- page contents ------------------------------------------------------ */

enum page_data { DATA_ZERO, DATA_COMPRESSIBLE, DATA_RANDOM, NR_DATA };
static const char *const data_name[NR_DATA] = { "zero", "compressible", "random" };

/* What a page must hold. A key of 0 with DATA_ZERO is a never-written page. */
struct page_rec {
	uint64_t key;
	uint8_t data;
	uint8_t maybe_zero;	/* MADV_FREE: the old data, or zero */
	uint8_t lost;		/* its swap slot could not be read: SIGBUS */
};

static void page_fill(void *p, uint8_t data, uint64_t key)
{
	uint64_t *w = p, x = key;
	size_t i, n = page_size / sizeof(*w);

	switch (data) {
	case DATA_ZERO:
		memset(p, 0, page_size);
		break;
	case DATA_COMPRESSIBLE:
		/* A few distinct words per page: zswap stores it compressed. */
		for (i = 0; i < n; i++)
			w[i] = i % 64 ? key : key + i;
		break;
	default:
		for (i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			w[i] = x;
		}
	}
}

static uint64_t checksum(const void *p)
{
	const unsigned char *c = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < page_size; i++)
		h = (h ^ c[i]) * 0x100000001b3ULL;
	return h;
}

/* --- regions ------------------------------------------------------------ */

enum region_kind { R_ANON, R_THP, R_MTHP, R_MEMFD, NR_KINDS };
static const char *const kind_name[NR_KINDS] = { "anon-4K", "thp-2M", "anon-mthp", "memfd" };

enum op {
	OP_WRITE, OP_VERIFY, OP_PAGEOUT, OP_COLD, OP_WILLNEED, OP_DONTNEED,
	OP_FREE, OP_MREMAP, OP_MPROTECT, OP_FORK, OP_REMAP, OP_MOVE_CG,
	OP_RECLAIM, NR_OPS
};
static const char *const op_name[NR_OPS] = {
	"write", "verify", "pageout", "cold", "willneed", "dontneed", "free",
	"mremap", "mprotect", "fork", "munmap+remap", "move-cgroup", "reclaim",
};
/* Relative frequencies. */
static const unsigned int op_weight[NR_OPS] = {
	[OP_WRITE] = 20, [OP_VERIFY] = 12, [OP_PAGEOUT] = 20, [OP_COLD] = 4,
	[OP_WILLNEED] = 4, [OP_DONTNEED] = 4, [OP_FREE] = 3, [OP_MREMAP] = 3,
	[OP_MPROTECT] = 3, [OP_FORK] = 4, [OP_REMAP] = 3, [OP_MOVE_CG] = 3,
	[OP_RECLAIM] = 6,
};

struct op_rec {
	uint8_t op;
	uint32_t first, nr;
};

struct region {
	enum region_kind kind;
	char *addr;
	size_t npages;
	int fd;			/* memfd, or -1 */
	struct page_rec *pages;	/* mlock()ed */
	struct op_rec history[OP_HISTORY];
	unsigned int nr_ops;
};

struct worker {
	int id;
	int cg;			/* index of the cgroup it is in */
	struct region regions[MAX_REGIONS];
	int nr_regions;
	char *scratch;		/* one page: expected contents */
};

static void note_op(struct region *r, enum op op, size_t first, size_t nr)
{
	struct op_rec *h = &r->history[r->nr_ops++ % OP_HISTORY];

	h->op = op;
	h->first = first;
	h->nr = nr;
}

static void *map_anon(size_t size, size_t align)
{
	char *p = mmap(NULL, size + align, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t a;

	if (p == MAP_FAILED)
		return NULL;
	if (!align)
		return p;
	a = ((uintptr_t)p + align - 1) & ~(align - 1);
	if (a > (uintptr_t)p)
		munmap(p, a - (uintptr_t)p);
	munmap((char *)a + size, (uintptr_t)p + align - a);
	return (void *)a;
}

static int region_map(struct region *r, enum region_kind kind, size_t bytes)
{
	size_t table = bytes / page_size * sizeof(struct page_rec);

	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->fd = -1;
	r->npages = bytes / page_size;
	r->pages = mmap(NULL, table, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (r->pages == MAP_FAILED || mlock(r->pages, table)) {
		perror("vswap_torture: the page table cannot be locked in memory");
		return -1;
	}
	switch (kind) {
	case R_MEMFD:
		r->fd = memfd_create("vswap-torture", 0);
		if (r->fd < 0 || ftruncate(r->fd, bytes))
			return -1;
		r->addr = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
		if (r->addr == MAP_FAILED)
			return -1;
		break;
	default:
		r->addr = map_anon(bytes, kind == R_THP ? THP_SIZE : 0);
		if (!r->addr)
			return -1;
		/* Plain 4K pages, a PMD THP, or the mTHP sizes sysfs enables. */
		madvise(r->addr, bytes, kind == R_ANON ? MADV_NOHUGEPAGE :
			kind == R_THP ? MADV_HUGEPAGE : MADV_NORMAL);
	}
	return 0;
}

static bool region_private(const struct region *r)
{
	return r->kind != R_MEMFD;
}

/* --- write and verify ---------------------------------------------------- */

static sigjmp_buf sigbus_jump;
static volatile sig_atomic_t in_access;

static void on_sigbus(int sig)
{
	if (!in_access)
		_exit(128 + sig);
	siglongjmp(sigbus_jump, 1);
}

/* Fill the page at @addr; -1 if touching it raised SIGBUS. */
static int guarded_fill(char *addr, uint8_t data, uint64_t key)
{
	if (sigsetjmp(sigbus_jump, 1)) {
		in_access = 0;
		return -1;
	}
	in_access = 1;
	page_fill(addr, data, key);
	in_access = 0;
	return 0;
}

/* Does the page at @addr hold @expected? -1 if reading it raised SIGBUS. */
static int guarded_equal(const char *addr, const char *expected)
{
	int equal;

	if (sigsetjmp(sigbus_jump, 1)) {
		in_access = 0;
		return -1;
	}
	in_access = 1;
	equal = !memcmp(addr, expected, page_size);
	in_access = 0;
	return equal;
}

static void write_pages(struct region *r, size_t first, size_t nr)
{
	size_t i;

	for (i = first; i < first + nr; i++) {
		struct page_rec *p = &r->pages[i];

		p->data = rnd_below(NR_DATA);
		p->key = rnd() | 1;
		p->maybe_zero = 0;
		/* A poisoned slot (SIGBUS) stays so until the page is unmapped. */
		p->lost = guarded_fill(r->addr + i * page_size, p->data, p->key) != 0;
	}
}

static void report_mismatch(struct worker *w, struct region *r, size_t i,
			    const char *who)
{
	const struct page_rec *p = &r->pages[i];
	unsigned int k, n = r->nr_ops < OP_HISTORY ? r->nr_ops : OP_HISTORY;

	fprintf(stderr,
		"vswap_torture: MISMATCH %s worker %d, %s region at %p, page %zu "
		"(%s data, key %#llx): expected checksum %016llx, found %016llx\n",
		who, w->id, kind_name[r->kind], (void *)r->addr, i, data_name[p->data],
		(unsigned long long)p->key, (unsigned long long)checksum(w->scratch),
		(unsigned long long)checksum(r->addr + i * page_size));
	fprintf(stderr, "vswap_torture:   last operations on the region, oldest first:");
	for (k = r->nr_ops - n; k < r->nr_ops; k++) {
		const struct op_rec *h = &r->history[k % OP_HISTORY];

		fprintf(stderr, " %s[%u+%u]", op_name[h->op], h->first, h->nr);
	}
	fprintf(stderr, "\n");
	__sync_fetch_and_add(&shared->mismatches, 1);
	my_mismatches++;
}

/* Verify pages [first, first + nr) of @r; the number that did not match. */
static size_t verify_pages(struct worker *w, struct region *r, size_t first,
			   size_t nr, const char *who)
{
	size_t i, bad = 0;

	for (i = first; i < first + nr; i++) {
		struct page_rec *p = &r->pages[i];
		char *addr = r->addr + i * page_size;
		int equal;

		if (p->lost)
			continue;
		page_fill(w->scratch, p->data, p->key);
		equal = guarded_equal(addr, w->scratch);
		if (equal < 0) {
			/* The page's slot could not be read: lost, not wrong. */
			p->lost = 1;
			fprintf(stderr, "vswap_torture: worker %d: %s page %zu lost (SIGBUS)\n",
				w->id, kind_name[r->kind], i);
			continue;
		}
		if (!equal && p->maybe_zero) {
			page_fill(w->scratch, DATA_ZERO, 0);
			equal = guarded_equal(addr, w->scratch) > 0;
			page_fill(w->scratch, p->data, p->key);
		}
		if (!equal) {
			report_mismatch(w, r, i, who);
			bad++;
		}
	}
	__sync_fetch_and_add(&shared->pages_verified, nr);
	return bad;
}

static size_t verify_all(struct worker *w, bool private_only, const char *who)
{
	size_t bad = 0;
	int i;

	for (i = 0; i < w->nr_regions; i++)
		if (!private_only || region_private(&w->regions[i]))
			bad += verify_pages(w, &w->regions[i], 0, w->regions[i].npages, who);
	return bad;
}

/* --- cgroups --------------------------------------------------------------- */

static void cg_path(char *buf, size_t len, int cg, const char *file)
{
	snprintf(buf, len, "%s/w%d%s%s", opt.cgroup, cg, file ? "/" : "", file ? file : "");
}

static int cg_write(int cg, const char *file, const char *val)
{
	char path[512];

	cg_path(path, sizeof(path), cg, file);
	return write_str(path, val);
}

static long long cg_oom_kills(void)
{
	char path[512];
	long long n, sum = 0;
	int cg;

	for (cg = 0; cg < CG_NAMES; cg++) {
		cg_path(path, sizeof(path), cg, "memory.events");
		n = read_key(path, "oom_kill");
		sum += n > 0 ? n : 0;
	}
	return sum;
}

static int cg_enter(int cg)
{
	char pid[32];

	snprintf(pid, sizeof(pid), "%d", getpid());
	return cg_write(cg, "cgroup.procs", pid);
}

static int cgroups_make(void)
{
	char path[512];
	int cg;

	if (mkdir(opt.cgroup, 0755) && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", opt.cgroup);
	write_str("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
	if (write_str(path, "+memory"))
		return -1;
	for (cg = 0; cg < CG_NAMES; cg++) {
		cg_path(path, sizeof(path), cg, NULL);
		if (mkdir(path, 0755) && errno != EEXIST)
			return -1;
	}
	return 0;
}

/* Remove the workers' cgroups; false if they stay dying (referenced). */
static bool cgroups_remove(void)
{
	char path[512];
	long long dying = -1;
	int cg, i;

	for (cg = 0; cg < CG_NAMES; cg++) {
		cg_path(path, sizeof(path), cg, NULL);
		rmdir(path);
	}
	snprintf(path, sizeof(path), "%s/cgroup.stat", opt.cgroup);
	for (i = 0; i < 300; i++) {
		dying = read_key(path, "nr_dying_descendants");
		if (dying <= 0)
			break;
		if (i % 50 == 49)
			write_str("/proc/sys/vm/drop_caches", "3");
		usleep(100000);
	}
	rmdir(opt.cgroup);
	return dying <= 0;
}

/* Chaos actions, for --chaos-ops. */
enum { CH_SWAPONOFF, CH_VSWAP, CH_ZSWAP, CH_MEMORY_MAX, CH_ZSWAP_MAX, CH_SWAP_MAX,
       CH_POLICY, CH_DROP_CACHES, CH_COMPACT, NR_CHAOS };
static const char *const chaos_name[NR_CHAOS] = {
	"swaponoff", "vswap", "zswap", "memory-max", "zswap-max", "swap-max",
	"policy", "drop-caches", "compact",
};

/* --- worker operations ------------------------------------------------------ */

/* A child that checks the private regions, writes some pages (copy on
 * write) and checks those; or that stays a while as a sharer first. */
static void fork_child(struct worker *w, bool sharer)
{
	struct region *r;
	size_t first, nr;
	int bad;

	if (sharer)
		usleep(rnd_below(300000));
	bad = verify_all(w, true, "fork child") != 0;
	r = &w->regions[rnd_below(w->nr_regions)];
	if (region_private(r) && r->npages) {
		nr = 1 + rnd_below(r->npages / 4 + 1);
		first = rnd_below(r->npages - nr + 1);
		write_pages(r, first, nr);
		bad |= verify_pages(w, r, first, nr, "fork child after COW") != 0;
	}
	if (sharer)
		bad |= verify_all(w, true, "fork sharer") != 0;
	_exit(bad);
}

static void reap_children(bool block)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, block ? 0 : WNOHANG)) > 0) {
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
			__sync_fetch_and_add(&shared->children_killed, 1);
			continue;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "vswap_torture: a fork child failed (status %#x)\n", status);
			__sync_fetch_and_add(&shared->child_failures, 1);
		}
	}
}

static void op_mremap(struct worker *w, struct region *r)
{
	size_t bytes = r->npages * page_size;
	char *dst, *p;

	if (r->kind == R_THP)
		dst = map_anon(bytes, THP_SIZE);
	else
		dst = map_anon(bytes, 0);
	if (!dst)
		return;
	/* Move the region, swap entries and all, to a new place. */
	p = mremap(r->addr, bytes, bytes, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	if (p == MAP_FAILED) {
		munmap(dst, bytes);
		return;
	}
	r->addr = p;
	note_op(r, OP_MREMAP, 0, r->npages);
	verify_pages(w, r, 0, r->npages < 16 ? r->npages : 16, "after mremap");
}

static void op_remap(struct region *r, size_t first, size_t nr)
{
	char *at = r->addr + first * page_size;
	size_t i;

	/* Unmapping part of a large folio splits it. */
	munmap(at, nr * page_size);
	if (r->kind == R_MEMFD) {
		/* The file keeps the data: it is back once mapped again. */
		if (mmap(at, nr * page_size, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, r->fd, first * page_size) == MAP_FAILED)
			abort();
		return;
	}
	if (mmap(at, nr * page_size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		abort();
	for (i = first; i < first + nr; i++)
		r->pages[i] = (struct page_rec){ .data = DATA_ZERO };
}

static void op_dontneed(struct region *r, size_t first, size_t nr, int advice)
{
	size_t i;

	if (madvise(r->addr + first * page_size, nr * page_size, advice))
		return;
	if (r->kind == R_MEMFD)
		return;		/* shmem keeps the data of a mapping */
	for (i = first; i < first + nr; i++) {
		if (advice == MADV_DONTNEED)
			r->pages[i] = (struct page_rec){ .data = DATA_ZERO };
		else if (!r->pages[i].lost)
			r->pages[i].maybe_zero = 1;
	}
}

static unsigned int weight(unsigned int i)
{
	return opt.op_mask & (1u << i) ? op_weight[i] : 0;
}

static enum op pick_op(void)
{
	unsigned int total = 0, x, i;

	for (i = 0; i < NR_OPS; i++)
		total += weight(i);
	x = rnd_below(total);
	for (i = 0; i < NR_OPS; i++) {
		if (x < weight(i))
			break;
		x -= weight(i);
	}
	return i;
}

static void worker_step(struct worker *w)
{
	struct region *r = &w->regions[rnd_below(w->nr_regions)];
	enum op op = pick_op();
	size_t nr = 1 + rnd_below(r->npages / 2), first = rnd_below(r->npages - nr + 1);
	char val[32];
	pid_t pid;

	/* Large-folio regions get aligned ranges too, whole and partial. */
	if (r->kind == R_THP && rnd_below(2)) {
		first &= ~(THP_SIZE / page_size - 1);
		nr = r->npages - first < THP_SIZE / page_size ? r->npages - first :
		     THP_SIZE / page_size;
	}
	note_op(r, op, first, nr);
	switch (op) {
	case OP_WRITE:
		write_pages(r, first, nr);
		break;
	case OP_VERIFY:
		verify_pages(w, r, first, nr, "verify");
		break;
	case OP_PAGEOUT:
		madvise(r->addr + first * page_size, nr * page_size, MADV_PAGEOUT);
		break;
	case OP_COLD:
		madvise(r->addr + first * page_size, nr * page_size, MADV_COLD);
		break;
	case OP_WILLNEED:
		madvise(r->addr + first * page_size, nr * page_size, MADV_WILLNEED);
		break;
	case OP_DONTNEED:
		op_dontneed(r, first, nr, MADV_DONTNEED);
		break;
	case OP_FREE:
		if (region_private(r))
			op_dontneed(r, first, nr, MADV_FREE);
		break;
	case OP_MREMAP:
		op_mremap(w, r);
		break;
	case OP_MPROTECT:
		if (!mprotect(r->addr + first * page_size, nr * page_size, PROT_READ)) {
			verify_pages(w, r, first, nr, "read-only");
			mprotect(r->addr + first * page_size, nr * page_size,
				 PROT_READ | PROT_WRITE);
		}
		break;
	case OP_FORK:
		pid = fork();
		if (pid == 0) {
			rng_state ^= (uint64_t)getpid() << 32;
			fork_child(w, rnd_below(2));
		}
		break;
	case OP_REMAP:
		op_remap(r, first, nr);
		break;
	case OP_MOVE_CG:
		w->cg = !w->cg;
		if (cg_enter(w->cg))
			__sync_fetch_and_add(&shared->cgroup_moves_failed, 1);
		break;
	case OP_RECLAIM:
		snprintf(val, sizeof(val), "%zu", nr * page_size);
		cg_write(w->cg, "memory.reclaim", val);	/* EAGAIN is fine */
		break;
	default:
		break;
	}
	reap_children(false);
	__sync_fetch_and_add(&shared->ops, 1);
}

static int worker_main(int id)
{
	static const enum region_kind kinds[] = { R_ANON, R_THP, R_MTHP, R_MEMFD };
	size_t bytes = opt.worker_bytes / 4, i;
	struct worker w = { .id = id, .cg = id % CG_NAMES };

	rng_state = opt.seed + 0x1000 * (id + 1);
	signal(SIGBUS, on_sigbus);
	if (opt.make_it_fail)
		write_str("/proc/self/make-it-fail", "1");
	if (cg_enter(w.cg)) {
		fprintf(stderr, "vswap_torture: worker %d cannot enter its cgroup\n", id);
		return 2;
	}
	w.scratch = mmap(NULL, page_size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mlock(w.scratch, page_size);
	bytes = (bytes + THP_SIZE - 1) & ~(THP_SIZE - 1);
	for (i = 0; i < 4; i++) {
		if (!(opt.region_mask & (1u << kinds[i])))
			continue;
		if (region_map(&w.regions[w.nr_regions], kinds[i], bytes)) {
			fprintf(stderr, "vswap_torture: worker %d cannot map its %s region: %s\n",
				id, kind_name[kinds[i]], strerror(errno));
			return 2;
		}
		write_pages(&w.regions[w.nr_regions], 0, bytes / page_size);
		w.nr_regions++;
	}
	while (!shared->stop)
		worker_step(&w);
	reap_children(true);
	/* The last word: every page, after the chaos settled. */
	verify_all(&w, false, "final verify");
	return my_mismatches ? 1 : 0;
}

/* --- chaos ------------------------------------------------------------------- */

static void chaos_say(const char *fmt, ...)
{
	va_list ap;

	if (!opt.verbose)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "vswap_torture: chaos: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

static int run_quiet(char *const argv[])
{
	int status, fd;
	pid_t pid = fork();

	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct chaos_state {
	bool disk_on[2];
	bool policy;
	char vswap_enabled[8], zswap_enabled[8], pool_percent[8];
};

static void read_str(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = 0;
	if (f) {
		if (fgets(buf, len, f))
			buf[strcspn(buf, "\n")] = 0;
		fclose(f);
	}
}

/* The second disk ranks above the first, as the torture suite sets them up. */
static int disk_swapon(int d)
{
	return swapon(opt.disks[d], d ? SWAP_FLAG_PREFER | 5 : 0);
}

static void chaos_step(struct chaos_state *s)
{
	static const char *const policies[] = { "zswap_first", "size_tier", "adaptive" };
	static const char *const mem_max[] = { "max", "max", "75%", "50%" };
	static const char *const zswap_max[] = { "max", "max", "0", "8M" };
	static const char *const swap_max[] = { "max", "max", "64M", "0" };
	char val[32], *argv[5];
	int d, cg = rnd_below(CG_NAMES), rc;
	unsigned int action = rnd_below(NR_CHAOS);

	if (!(opt.chaos_mask & (1u << action)))
		return;
	switch (action) {
	case 0:	/* swapoff or swapon a disk */
		if (!opt.nr_disks)
			break;
		d = rnd_below(opt.nr_disks);
		if (s->disk_on[d]) {
			rc = swapoff(opt.disks[d]);
			chaos_say("swapoff %s: %s", opt.disks[d], rc ? strerror(errno) : "ok");
			s->disk_on[d] = rc != 0;
		} else {
			rc = disk_swapon(d);
			chaos_say("swapon %s: %s", opt.disks[d], rc ? strerror(errno) : "ok");
			s->disk_on[d] = !rc;
		}
		break;
	case 1:
		write_str(VSWAP_SYSFS "/enabled", rnd_below(2) ? "1" : "0");
		break;
	case 2:
		write_str(ZSWAP_PARAMS "/enabled", rnd_below(3) ? "Y" : "N");
		snprintf(val, sizeof(val), "%d", (int)(5 + rnd_below(20)));
		write_str(ZSWAP_PARAMS "/max_pool_percent", val);
		break;
	case 3: {
		/* memory.max as a share of a worker's memory; never with swap.max=0. */
		const char *m = mem_max[rnd_below(4)];
		unsigned long long pct = 100;

		if (strcmp(m, "max")) {
			pct = strtoull(m, NULL, 10);
			snprintf(val, sizeof(val), "%llu",
				 (unsigned long long)opt.worker_bytes * pct / 100 *
				 (opt.workers / CG_NAMES + 1));
			cg_write(cg, "memory.swap.max", "max");
			m = val;
		}
		cg_write(cg, "memory.max", m);
		break;
	}
	case 4:
		cg_write(cg, "memory.zswap.max", zswap_max[rnd_below(4)]);
		cg_write(cg, "memory.zswap.writeback", rnd_below(3) ? "1" : "0");
		break;
	case 5: {
		const char *m = swap_max[rnd_below(4)];

		/* No swap at all is only safe without a memory limit. */
		if (!strcmp(m, "0"))
			cg_write(cg, "memory.max", "max");
		cg_write(cg, "memory.swap.max", m);
		break;
	}
	case 6:
		if (!opt.vswapctl)
			break;
		argv[0] = (char *)opt.vswapctl;
		if (s->policy && rnd_below(3) == 0) {
			argv[1] = "unload";
			argv[2] = NULL;
		} else {
			argv[1] = "load";
			argv[2] = s->policy ? "--replace" : (char *)policies[rnd_below(3)];
			argv[3] = s->policy ? (char *)policies[rnd_below(3)] : NULL;
			argv[4] = NULL;
		}
		rc = run_quiet(argv);
		chaos_say("vswapctl %s %s: %d", argv[1], argv[2] ? argv[2] : "", rc);
		if (!rc)
			s->policy = !strcmp(argv[1], "load");
		break;
	case 7:
		write_str("/proc/sys/vm/drop_caches", "3");
		break;
	default:
		write_str("/proc/sys/vm/compact_memory", "1");
	}
	__sync_fetch_and_add(&shared->chaos_ops, 1);
}

/* Put everything chaos may have changed back as it was. */
static void chaos_restore(struct chaos_state *s)
{
	char *argv[3] = { (char *)opt.vswapctl, "unload", NULL };
	int d, cg;

	for (cg = 0; cg < CG_NAMES; cg++) {
		cg_write(cg, "memory.max", "max");
		cg_write(cg, "memory.swap.max", "max");
		cg_write(cg, "memory.zswap.max", "max");
		cg_write(cg, "memory.zswap.writeback", "1");
	}
	for (d = 0; d < opt.nr_disks; d++)
		if (!s->disk_on[d] && disk_swapon(d))
			fprintf(stderr, "vswap_torture: cannot swapon %s again: %s\n",
				opt.disks[d], strerror(errno));
	if (s->policy)
		run_quiet(argv);
	if (s->vswap_enabled[0])
		write_str(VSWAP_SYSFS "/enabled", s->vswap_enabled);
	write_str(ZSWAP_PARAMS "/enabled", s->zswap_enabled);
	write_str(ZSWAP_PARAMS "/max_pool_percent", s->pool_percent);
}

static int chaos_main(void)
{
	struct chaos_state s = { .disk_on = { true, true } };

	rng_state = opt.seed;
	read_str(VSWAP_SYSFS "/enabled", s.vswap_enabled, sizeof(s.vswap_enabled));
	read_str(ZSWAP_PARAMS "/enabled", s.zswap_enabled, sizeof(s.zswap_enabled));
	read_str(ZSWAP_PARAMS "/max_pool_percent", s.pool_percent, sizeof(s.pool_percent));
	while (!shared->stop) {
		usleep(50000 + rnd_below(400000));
		chaos_step(&s);
	}
	chaos_restore(&s);
	return 0;
}

/* --- baselines --------------------------------------------------------------- */

struct baseline {
	long long vswap_used, vswap_clusters, swap_used_kib, zswap_pages, dying;
};

static void baseline_read(struct baseline *b)
{
	b->vswap_used = read_ll(VSWAP_DEBUGFS "/used");
	b->vswap_clusters = read_ll(VSWAP_DEBUGFS "/clusters");
	b->swap_used_kib = swap_used_kib();
	b->zswap_pages = read_ll("/sys/kernel/debug/zswap/stored_pages");
	b->dying = read_key("/sys/fs/cgroup/cgroup.stat", "nr_dying_descendants");
}

static bool base_clean(const struct baseline *b)
{
	return b->vswap_used <= 0 && b->swap_used_kib <= 0 && b->zswap_pages <= 0;
}

static bool baseline_back(const struct baseline *b, const struct baseline *now)
{
	return now->vswap_used <= b->vswap_used && now->vswap_clusters <= b->vswap_clusters &&
	       now->swap_used_kib <= b->swap_used_kib && now->zswap_pages <= b->zswap_pages &&
	       now->dying <= b->dying;
}

/* Wait for the counters to come back; cgroups are released asynchronously. */
static bool baseline_wait(const struct baseline *b)
{
	struct baseline now;
	int i;

	for (i = 0; i < 300; i++) {
		baseline_read(&now);
		if (baseline_back(b, &now))
			return true;
		if (i % 50 == 49)
			write_str("/proc/sys/vm/drop_caches", "3");
		usleep(100000);
	}
	fprintf(stderr,
		"vswap_torture: counters not back at baseline after 30 s: vswap used %lld (was %lld), "
		"clusters %lld (%lld), /proc/swaps used %lld KiB (%lld), zswap pages %lld (%lld), "
		"dying cgroups %lld (%lld)\n",
		now.vswap_used, b->vswap_used, now.vswap_clusters, b->vswap_clusters,
		now.swap_used_kib, b->swap_used_kib, now.zswap_pages, b->zswap_pages,
		now.dying, b->dying);
	return false;
}

/*
 * After the workers are gone: drop the swap-cache folios still charged to
 * their cgroups, by reclaim of those cgroups only (reclaim of anything else
 * would swap out other processes), cycle the --disk devices through swapoff
 * and swapon, which gives the slots that per-CPU slots caches hold freed,
 * with their zswap entries and charges, back to their device; then the
 * cgroups must hold no swap and, once removed, be released.
 */
/* A number in a file of the workers' parent cgroup, or a key of one. */
static long long parent_value(const char *file, const char *key)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", opt.cgroup, file);
	return key ? read_key(path, key) : read_ll(path);
}

/*
 * What the workers' cgroups still hold in swap: every backend of vswap,
 * memory.swap.current and memory.zswap.current, hierarchical. Other
 * processes' swap does not count here, unlike in the global baseline.
 */
static long long own_swap(void)
{
	return parent_value("memory.stat", "vswap_zero") +
	       parent_value("memory.stat", "vswap_zswap") +
	       parent_value("memory.stat", "vswap_phys") +
	       parent_value("memory.swap.current", NULL) +
	       parent_value("memory.zswap.current", NULL);
}

static bool settle(bool strict_release)
{
	char path[512];
	bool ok = true;
	int i, d;

	snprintf(path, sizeof(path), "%s/memory.reclaim", opt.cgroup);
	for (i = 0; i < 3; i++)
		write_str(path, "1G");
	/* Freed legacy slots wait in per-CPU caches, charged, until drained. */
	for (d = 0; d < opt.nr_disks; d++)
		if (swapoff(opt.disks[d]) || disk_swapon(d))
			fprintf(stderr, "vswap_torture: cannot cycle %s through swapoff and swapon: %s\n",
				opt.disks[d], strerror(errno));
	for (i = 0; i < 300 && own_swap() > 0; i++) {
		if (i % 50 == 0)
			write_str(path, "1G");
		usleep(100000);
	}
	if (own_swap() > 0) {
		fprintf(stderr, "vswap_torture: the workers' cgroups still hold swap after 30 s: "
			"vswap zero %lld, zswap %lld, phys %lld bytes, memory.swap.current %lld, "
			"memory.zswap.current %lld\n",
			parent_value("memory.stat", "vswap_zero"),
			parent_value("memory.stat", "vswap_zswap"),
			parent_value("memory.stat", "vswap_phys"),
			parent_value("memory.swap.current", NULL),
			parent_value("memory.zswap.current", NULL));
		ok = false;
	}
	if (!cgroups_remove()) {
		fprintf(stderr, "vswap_torture: the workers' removed cgroups were not released in 30 s%s\n",
			strict_release ? "" : " (not counted: other processes had swap when the run began)");
		ok = ok && !strict_release;
	}
	return ok;
}

/* --- progress --------------------------------------------------------------- */

/*
 * Faults injected so far: the suite arms failslab and fail_page_alloc with
 * a large "times", which counts down by one per injected failure.
 */
static const char *const fault_times[] = {
	"/sys/kernel/debug/failslab/times",
	"/sys/kernel/debug/fail_page_alloc/times",
};
static long long faults_armed[2];

static void faults_arm(void)
{
	int i;

	for (i = 0; i < 2; i++)
		faults_armed[i] = read_ll(fault_times[i]);
}

static long long faults_injected(void)
{
	long long now, sum = 0;
	int i;

	for (i = 0; i < 2; i++) {
		now = read_ll(fault_times[i]);
		if (faults_armed[i] > 0 && now >= 0 && now <= faults_armed[i])
			sum += faults_armed[i] - now;
	}
	return sum;
}

static void progress(long elapsed)
{
	printf("# %ld s: %lu operations, %lu pages verified, %lu chaos actions, "
	       "%lld faults injected, %d mismatches; vswap used %lld, zswap pages %lld, "
	       "disk %lld KiB\n",
	       elapsed, shared->ops, shared->pages_verified, shared->chaos_ops,
	       faults_injected(), shared->mismatches, read_ll(VSWAP_DEBUGFS "/used"),
	       read_ll("/sys/kernel/debug/zswap/stored_pages"), swap_used_kib());
}

/* --- test of the test -------------------------------------------------------- */

/*
 * Overwrite every used slot of the only swap device through @alias, a
 * device that aliases it, while the workers hold their memory out: a run
 * that then reports no mismatch measures nothing.
 */
static int corrupt_disk(const char *alias)
{
	char junk[4096];
	int fd = open(alias, O_WRONLY);
	off_t off;

	if (fd < 0) {
		fprintf(stderr, "vswap_torture: cannot open %s: %s\n", alias, strerror(errno));
		return -1;
	}
	memset(junk, 0xa5, sizeof(junk));
	/* Slot 0 is the swap header; the slots after it, where swap-outs go
	 * first, get junk. */
	for (off = 4096; off < CORRUPT_BYTES; off += sizeof(junk))
		if (pwrite(fd, junk, sizeof(junk), off) != sizeof(junk))
			break;
	fsync(fd);
	close(fd);
	write_str("/proc/sys/vm/drop_caches", "3");
	return 0;
}

/* --- main -------------------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vswap_torture [OPTION]...\n"
"Randomized swap torture: workers swap, fork, remap and move between cgroups\n"
"while a chaos process turns swap devices, vswap, zswap, cgroup limits and\n"
"policies on and off. Every page written must read back intact.\n"
"\n"
"  -w, --workers N      worker processes (default 4, at most %d)\n"
"  -t, --time SECONDS   how long the workers run (default 60)\n"
"  -s, --seed N         random seed; printed, to reproduce a run\n"
"  -m, --memory N[KMG]  memory per worker, a bare number is MiB (default 32)\n"
"  -g, --cgroup DIR     parent of the workers' cgroups (default %s)\n"
"  -d, --disk DEV       a swap device chaos turns off and on (up to 2)\n"
"  -p, --vswapctl PATH  attach, replace and detach policies with this loader\n"
"  -n, --no-chaos       workers only\n"
"  -o, --ops LIST       only these worker operations (comma-separated; -o list\n"
"                       names them)\n"
"  -c, --chaos-ops LIST only these chaos actions (-c list names them)\n"
"  -r, --regions LIST   only these kinds of region (-r list names them)\n"
"  -f, --make-it-fail   workers opt in to failslab and fail_page_alloc\n"
"  -C, --corrupt DEV    test of the test: overwrite the swap device through\n"
"                       DEV, an alias of it, mid-run; the run must fail\n"
"  -v, --verbose        say what chaos does\n"
"  -h, --help\n"
"\n"
"Exit status: 0 every page intact and every counter back at its baseline,\n"
"1 a failure (reported on stderr), 2 usage or setup error.\n",
		MAX_WORKERS, opt.cgroup);
}

/* A comma-separated list of @names as a bit mask; "list" prints them. */
static int parse_names(const char *arg, const char *const *names, int n,
		       unsigned int *mask)
{
	char *copy = strdup(arg), *tok, *save = NULL;
	int i;

	*mask = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < n && strcmp(tok, names[i]); i++)
			;
		if (i == n) {
			fprintf(stderr, "vswap_torture: '%s' is none of:", tok);
			for (i = 0; i < n; i++)
				fprintf(stderr, " %s", names[i]);
			fprintf(stderr, "\n");
			free(copy);
			return -1;
		}
		*mask |= 1u << i;
	}
	free(copy);
	return *mask ? 0 : -1;
}

static int parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "workers", required_argument, NULL, 'w' },
		{ "time", required_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 's' },
		{ "memory", required_argument, NULL, 'm' },
		{ "cgroup", required_argument, NULL, 'g' },
		{ "disk", required_argument, NULL, 'd' },
		{ "vswapctl", required_argument, NULL, 'p' },
		{ "no-chaos", no_argument, NULL, 'n' },
		{ "ops", required_argument, NULL, 'o' },
		{ "chaos-ops", required_argument, NULL, 'c' },
		{ "regions", required_argument, NULL, 'r' },
		{ "make-it-fail", no_argument, NULL, 'f' },
		{ "corrupt", required_argument, NULL, 'C' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	bool seeded = false;
	int c;

	while ((c = getopt_long(argc, argv, "w:t:s:m:g:d:p:no:c:r:fC:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'w':
			opt.workers = atoi(optarg);
			break;
		case 't':
			opt.seconds = strtoul(optarg, NULL, 0);
			break;
		case 's':
			opt.seed = strtoull(optarg, NULL, 0);
			seeded = true;
			break;
		case 'm':
			opt.worker_bytes = parse_size(optarg, 1UL << 20);
			break;
		case 'g':
			opt.cgroup = optarg;
			break;
		case 'd':
			if (opt.nr_disks == 2) {
				fprintf(stderr, "vswap_torture: at most two --disk\n");
				return -1;
			}
			opt.disks[opt.nr_disks++] = optarg;
			break;
		case 'p':
			opt.vswapctl = optarg;
			break;
		case 'n':
			opt.chaos = false;
			break;
		case 'o':
			if (parse_names(optarg, op_name, NR_OPS, &opt.op_mask))
				return -1;
			break;
		case 'c':
			if (parse_names(optarg, chaos_name, NR_CHAOS, &opt.chaos_mask))
				return -1;
			break;
		case 'r':
			if (parse_names(optarg, kind_name, NR_KINDS, &opt.region_mask))
				return -1;
			break;
		case 'f':
			opt.make_it_fail = true;
			break;
		case 'C':
			opt.corrupt = optarg;
			break;
		case 'v':
			opt.verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc || opt.workers < 1 || opt.workers > MAX_WORKERS ||
	    opt.worker_bytes < 4 * THP_SIZE) {
		fprintf(stderr, "vswap_torture: bad arguments (1..%d workers, at least 8M each)\n",
			MAX_WORKERS);
		return -1;
	}
	if (!seeded)
		opt.seed = (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 16);
	return 0;
}

int main(int argc, char **argv)
{
	pid_t workers[MAX_WORKERS], chaos = 0, pid;
	long long oom0, ooms;
	struct baseline base;
	int i, status, failed = 0, killed = 0;
	time_t start, end, next_progress;

	page_size = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv))
		return 2;
	/*
	 * Shared memory is charged to the cgroup that first touches it: fault
	 * it in here, in ours, and lock it. Else a worker charges it, reclaim
	 * swaps it out, and its swap slot outlives the workers: their cgroups
	 * stay dying and the counters off their baseline until we exit.
	 */
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE | MAP_LOCKED, -1, 0);
	if (shared == MAP_FAILED || cgroups_make()) {
		fprintf(stderr, "vswap_torture: cannot set up (%s): run as root with cgroup v2\n",
			strerror(errno));
		return 2;
	}
	baseline_read(&base);
	faults_arm();
	oom0 = cg_oom_kills();
	printf("# vswap_torture: seed %llu, %d workers of %zu MiB, %u s, chaos %s%s\n",
	       opt.seed, opt.workers, opt.worker_bytes >> 20, opt.seconds,
	       opt.chaos ? "on" : "off", opt.make_it_fail ? ", fault injection" : "");

	for (i = 0; i < opt.workers; i++) {
		workers[i] = fork();
		if (workers[i] == 0)
			_exit(worker_main(i));
	}
	if (opt.chaos) {
		chaos = fork();
		if (chaos == 0)
			_exit(chaos_main());
	}
	start = time(NULL);
	end = start + opt.seconds;
	next_progress = start + 60;
	while (time(NULL) < end) {
		sleep(1);
		if (opt.corrupt && time(NULL) >= end - opt.seconds / 2) {
			printf("# corrupting the swap device through %s\n", opt.corrupt);
			corrupt_disk(opt.corrupt);
			opt.corrupt = NULL;
		}
		if (time(NULL) >= next_progress) {
			progress(time(NULL) - start);
			next_progress += 60;
		}
	}
	shared->stop = 1;
	if (chaos && waitpid(chaos, &status, 0) == chaos && status)
		failed = 1;
	for (i = 0; i < opt.workers; i++) {
		if (waitpid(workers[i], &status, 0) != workers[i])
			continue;
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
			killed++;
			continue;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "vswap_torture: worker %d failed (status %#x)\n", i, status);
			failed = 1;
		}
	}
	while ((pid = wait(&status)) > 0)
		;
	ooms = cg_oom_kills() - oom0;
	killed += shared->children_killed;
	if (killed > ooms) {
		fprintf(stderr, "vswap_torture: %d processes were killed, but only %lld OOM kills were recorded\n",
			killed, ooms);
		failed = 1;
	} else if (killed) {
		printf("# %d process(es) OOM-killed by their cgroup's memory.max (expected under chaos: "
		       "%d workers, %d fork children)\n",
		       killed, killed - shared->children_killed, shared->children_killed);
	}
	/*
	 * In make check, earlier suites leave swapped pages, some of them of
	 * cgroups that are gone, and with faults injected the workers'
	 * cgroups were then seen to stay dying for over 30 s (why is still
	 * open: it did not happen from a clean start). Only a run that began
	 * with nothing swapped out (make torture) holds the release of the
	 * workers' cgroups, and the global counters, to their baseline.
	 */
	if (!settle(base_clean(&base)))
		failed = 1;
	if (base_clean(&base) && !baseline_wait(&base))
		failed = 1;
	progress(time(NULL) - start);
	printf("# %d failed fork children, %d failed cgroup moves\n",
	       shared->child_failures, shared->cgroup_moves_failed);
	if (shared->mismatches || shared->child_failures)
		failed = 1;
	printf("vswap_torture: %s (seed %llu)\n", failed ? "FAIL" : "PASS", opt.seed);
	return failed;
}
