// SPDX-License-Identifier: GPL-2.0
/*
 * swap_workers - N processes whose memory is swapped out in a chosen slot
 * layout, held out while the caller acts (a swapoff, say), then checked.
 *
 * Each worker maps SIZE of anonymous memory in its own cgroup and fills it
 * with a verifiable pattern of its own. The parent then pages the workers
 * out with process_madvise(MADV_PAGEOUT), which allocates their swap slots
 * in the order it asks for:
 *
 *   interleaved  a chunk of each worker in turn, as when processes swap
 *                out at the same time: each one's slots are spread over
 *                the device, and swap readahead of one process reads the
 *                others' pages;
 *   contiguous   one worker after the other: each one's slots lie
 *                together, which is what swap readahead is made for.
 *
 * memory.reclaim on each worker's cgroup then pushes the pages out of the
 * swap cache, until they are really evicted (tools/lib/evict.h). With
 * --hold DIR the parent stops at "evicted" (tools/lib/hold.h); then every
 * worker reads its memory back and checks every byte, and the parent stops
 * at "verified". Prints one key=value line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "evict.h"
#include "hold.h"
#include "pattern.h"
#include "size.h"
#include "vmstat.h"

#define CHUNK_PAGES	16	/* pages per process_madvise() when interleaving */

static struct env {
	int workers;
	size_t size;
	bool contiguous;
	int pattern;
	const char *hold_dir;
} env = {
	.workers = 16,
	.size = 16UL << 20,
	.pattern = PATTERN_INCOMPRESSIBLE,
};

struct worker {
	pid_t pid;
	int pidfd;
	int to, from;		/* pipes: go, and the worker's reports */
	char name[64];		/* its cgroup, under the root */
	struct test_cgroup cg;
	char *addr;		/* its memory, in its address space */
};

static size_t page_size;

static void usage(FILE *f)
{
	fprintf(f,
"Usage: swap_workers [OPTION]...\n"
"Swap out the memory of N processes in a chosen slot layout, hold it out,\n"
"then read it back and check every byte. Prints one key=value line.\n"
"\n"
"  -n, --workers N      processes (default 16)\n"
"  -s, --size N[KMG]    memory per process; a bare number is MiB (default 16)\n"
"  -l, --layout L       interleaved (a chunk of each in turn, the default) or\n"
"                       contiguous (one process after the other)\n"
"  -p, --pattern P      page contents (default incompressible)\n"
"  -H, --hold DIR       stop once filled, once evicted and once verified\n"
"                       (tools/lib/hold.h)\n"
"  -h, --help\n"
"\n"
"Exit status: 0 pass, 1 wrong data or memory that did not leave RAM,\n"
"2 usage or setup error.\n");
}

static int parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "workers", required_argument, NULL, 'n' },
		{ "size", required_argument, NULL, 's' },
		{ "layout", required_argument, NULL, 'l' },
		{ "pattern", required_argument, NULL, 'p' },
		{ "hold", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c;

	while ((c = getopt_long(argc, argv, "n:s:l:p:H:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			env.workers = atoi(optarg);
			if (env.workers < 1)
				goto bad;
			break;
		case 's':
			env.size = parse_size(optarg, 1UL << 20);
			if (!env.size)
				goto bad;
			break;
		case 'l':
			if (strcmp(optarg, "interleaved") && strcmp(optarg, "contiguous"))
				goto bad;
			env.contiguous = !strcmp(optarg, "contiguous");
			break;
		case 'p':
			env.pattern = pattern_parse(optarg);
			if (env.pattern < 0)
				goto bad;
			break;
		case 'H':
			env.hold_dir = optarg;
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
	fprintf(stderr, "swap_workers: invalid argument '%s' for -%c (see --help)\n",
		optarg, c);
	return -1;
}

static int write_all(int fd, const void *buf, size_t len)
{
	return write(fd, buf, len) == (ssize_t)len ? 0 : -1;
}

static int read_all(int fd, void *buf, size_t len)
{
	return read(fd, buf, len) == (ssize_t)len ? 0 : -1;
}

/* The worker: fill, report where, wait, check, report the bad pages. */
static void worker(int index, struct worker *w)
{
	size_t npages = env.size / page_size;
	long nbad;
	char go;

	if (cgroup_enter_new(&w->cg, w->name))
		_exit(2);
	w->addr = pattern_map(npages, page_size, env.pattern, index + 1);
	if (!w->addr)
		_exit(2);
	if (write_all(w->from, &w->addr, sizeof(w->addr)) || read_all(w->to, &go, 1))
		_exit(2);
	nbad = pattern_verify(w->addr, 0, npages, page_size, env.pattern, index + 1, NULL);
	if (write_all(w->from, &nbad, sizeof(nbad)))
		_exit(2);
	_exit(nbad ? 1 : 0);
}

static int start(struct worker *w, int index)
{
	int to[2], from[2];

	snprintf(w->name, sizeof(w->name), "swap_workers.%d.%d", getpid(), index);
	cgroup_at(&w->cg, w->name);
	if (pipe(to) || pipe(from))
		return -errno;
	w->pid = fork();
	if (w->pid < 0)
		return -errno;
	if (!w->pid) {
		close(to[1]);
		close(from[0]);
		w->to = to[0];
		w->from = from[1];
		worker(index, w);
	}
	close(to[0]);
	close(from[1]);
	w->to = to[1];
	w->from = from[0];
	w->pidfd = syscall(SYS_pidfd_open, w->pid, 0);
	if (w->pidfd < 0 || read_all(w->from, &w->addr, sizeof(w->addr)))
		return -EIO;
	return 0;
}

/* MADV_PAGEOUT of @npages pages of @w from page @first. */
static int pageout(struct worker *w, size_t first, size_t npages)
{
	struct iovec iov = {
		.iov_base = w->addr + first * page_size,
		.iov_len = npages * page_size,
	};

	if (syscall(SYS_process_madvise, w->pidfd, &iov, 1, MADV_PAGEOUT, 0) < 0)
		return -errno;
	return 0;
}

/* Page every worker out in the layout asked for. */
static int pageout_all(struct worker *w)
{
	size_t npages = env.size / page_size, first;
	int i, err = 0;

	if (env.contiguous) {
		for (i = 0; i < env.workers && !err; i++)
			err = pageout(&w[i], 0, npages);
		return err;
	}
	for (first = 0; first < npages && !err; first += CHUNK_PAGES)
		for (i = 0; i < env.workers && !err; i++)
			err = pageout(&w[i], first, npages - first < CHUNK_PAGES ?
				      npages - first : CHUNK_PAGES);
	return err;
}

/*
 * Push every worker's pages out of the swap cache with memory.reclaim on
 * its cgroup. The parent cannot see the workers' pages, so it reclaims
 * until the cgroups' memory is down to the page tables and the like.
 */
static void reclaim_all(struct worker *w)
{
	long long before, current;
	int i, pass;

	for (i = 0; i < env.workers; i++) {
		before = -1;
		for (pass = 0; pass < 50; pass++) {
			current = cgroup_read(&w[i].cg, "memory.current");
			if (current < (long long)env.size / 20 || current == before)
				break;
			before = current;
			cgroup_reclaim(&w[i].cg, env.size);
			usleep(20000);
		}
	}
}

int main(int argc, char **argv)
{
	struct swap_events ev0, ev1, ev2, out, in;
	long nbad, bad = 0, failed = 0;
	struct worker *w;
	int i, err, status, ret = 2;

	page_size = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv))
		return 2;
	w = calloc(env.workers, sizeof(*w));
	if (!w)
		return 2;
	for (i = 0; i < env.workers; i++) {
		err = start(&w[i], i);
		if (err) {
			fprintf(stderr, "swap_workers: cannot start worker %d: %s\n", i, strerror(-err));
			goto out;
		}
	}
	if (env.hold_dir && (hold_start(env.hold_dir, CGROUP_ROOT) ||
			     hold_point(env.hold_dir, "filled")))
		goto out;
	swap_events_read(&ev0);
	err = pageout_all(w);
	if (err) {
		fprintf(stderr, "swap_workers: process_madvise: %s\n", strerror(-err));
		goto out;
	}
	reclaim_all(w);
	swap_events_read(&ev1);
	if (env.hold_dir && hold_point(env.hold_dir, "evicted"))
		goto out;
	for (i = 0; i < env.workers; i++)
		if (write_all(w[i].to, "g", 1) || read_all(w[i].from, &nbad, sizeof(nbad)))
			failed++;
		else
			bad += nbad;
	swap_events_read(&ev2);
	swap_events_sub(&out, &ev1, &ev0);
	swap_events_sub(&in, &ev2, &ev1);
	printf("workers=%d mib=%zu layout=%s pswpout=%lld zswpout=%lld swpout_zero=%lld "
	       "pswpin=%lld zswpin=%lld swpin_zero=%lld bad=%ld failed=%ld\n",
	       env.workers, env.size >> 20, env.contiguous ? "contiguous" : "interleaved",
	       out.pswpout, out.zswpout, out.swpout_zero, in.pswpin, in.zswpin,
	       in.swpin_zero, bad, failed);
	if (env.hold_dir && hold_point(env.hold_dir, "verified"))
		goto out;
	ret = bad || failed ? 1 : 0;
	/* The swap-ins must account for the evicted pages: no swap cache. */
	if (!ret && in.pswpin + in.zswpin + in.swpin_zero <
	    (long long)(env.size / page_size) * env.workers * 9 / 10) {
		fprintf(stderr, "swap_workers: the memory did not really leave RAM\n");
		ret = 1;
	}
out:
	for (i = 0; i < env.workers; i++) {
		if (w[i].pid > 0) {
			kill(w[i].pid, SIGKILL);
			waitpid(w[i].pid, &status, 0);
		}
		rmdir(w[i].cg.path);
	}
	free(w);
	return ret;
}
