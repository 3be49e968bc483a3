// SPDX-License-Identifier: GPL-2.0
/*
 * swap_fork - swapped-out memory stays right across fork and copy-on-write.
 *
 * The parent fills memory, swaps it out and forks, so that both processes
 * map the same swap slots. The child overwrites the first half (a swap-in
 * and a COW copy per page), swaps everything out again and checks that it
 * sees its new first half and the parent's second half. The parent waits,
 * swaps out again and checks that it still sees only its own data.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "evict.h"
#include "pattern.h"
#include "size.h"

#define SEED_PARENT	0x9a7e47
#define SEED_CHILD	0xc41d

static size_t page_size, npages;
static int pattern = PATTERN_MIXED;
static int min_pct = 60;

static int check(const char *who, char *addr, size_t first, size_t n,
		 unsigned long long seed)
{
	struct mismatch bad;
	size_t nbad = pattern_verify(addr + first * page_size, first, n, page_size,
				     pattern, seed, &bad);

	if (!nbad)
		return 0;
	printf("# FAIL: %s: %zu bad page(s) in pages %zu..%zu; first: page %zu byte %zu "
	       "is 0x%02x, expected 0x%02x\n", who, nbad, first, first + n - 1,
	       bad.page, bad.offset, bad.actual, bad.expected);
	return 1;
}

static long swap_out(struct test_cgroup *cg, char *addr, const char *who)
{
	long evicted = evict_region(cg, EVICT_RECLAIM, addr, npages, 0,
				    npages * min_pct / 100);

	printf("# %s: %ld of %zu pages evicted\n", who, evicted, npages);
	if (evicted < (long)(npages * min_pct / 100)) {
		printf("# FAIL: %s: fewer than %d%% of the pages left memory\n", who, min_pct);
		return -1;
	}
	return evicted;
}

static int child(struct test_cgroup *cg, char *addr)
{
	size_t half = npages / 2;
	int bad = 0;

	/* Each page faults in from swap, then gets its own copy. */
	pattern_fill(addr, 0, half, page_size, pattern, SEED_CHILD);
	if (swap_out(cg, addr, "child") < 0)
		return 1;
	bad |= check("child", addr, 0, half, SEED_CHILD);
	bad |= check("child", addr, half, npages - half, SEED_PARENT);
	return bad;
}

int main(int argc, char **argv)
{
	size_t size = 32UL << 20;
	struct test_cgroup cg;
	char name[64];
	int c, status, ret = 1;
	char *addr;
	pid_t pid;

	page_size = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt(argc, argv, "s:p:m:h")) != -1) {
		switch (c) {
		case 's':
			size = parse_size(optarg, 1UL << 20);
			break;
		case 'p':
			pattern = pattern_parse(optarg);
			break;
		case 'm':
			min_pct = atoi(optarg);
			break;
		default:
			fprintf(c == 'h' ? stdout : stderr,
				"Usage: swap_fork [-s N[KMG]] [-p pattern] [-m min-evicted-%%]\n"
				"Check swapped-out memory across fork and copy-on-write.\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (pattern < 0 || !size) {
		fprintf(stderr, "swap_fork: bad pattern or size (see -h)\n");
		return 2;
	}
	npages = size / page_size;

	snprintf(name, sizeof(name), "swap_fork.%d", getpid());
	if (cgroup_enter_new(&cg, name)) {
		fprintf(stderr, "swap_fork: cannot enter a new memory cgroup\n");
		return 2;
	}
	addr = pattern_map(npages, page_size, pattern, SEED_PARENT);
	if (!addr) {
		ret = 2;
		goto out;
	}
	if (swap_out(&cg, addr, "parent before fork") < 0)
		goto out;

	pid = fork();
	if (pid < 0) {
		perror("swap_fork: fork");
		ret = 2;
		goto out;
	}
	if (!pid)
		_exit(child(&cg, addr));
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("# FAIL: the child saw wrong data or failed (status 0x%x)\n", status);
		goto out;
	}
	if (swap_out(&cg, addr, "parent after the child") < 0)
		goto out;
	ret = check("parent", addr, 0, npages, SEED_PARENT);
out:
	cgroup_leave(&cg);
	return ret;
}
