// SPDX-License-Identifier: GPL-2.0
/*
 * swap_drained_fork DISK - swapoff finds the pages of a process forked
 * after a swapoff that left only virtual entries in use.
 *
 * Needs vswap, zswap and DISK swapped on (the vswap-zswap+disk
 * configuration). swapoff scans the mm list (init_mm.mmlist) for page
 * tables that hold swap entries, and empties that list when no swap
 * entry is left in use. If it empties the list while processes still
 * hold virtual entries, a child forked later is linked to its parent's
 * detached list, never to the real one: the next swapoff cannot find the
 * child's disk slots and retries forever. Steps:
 *
 *   1. The parent's pages go to zswap through vswap; DISK is swapped off.
 *   2. The parent forks; vswap is switched off and DISK swapped on again.
 *   3. The child swaps new pages out, to DISK now.
 *   4. swapoff(DISK) must finish within LIMIT_S seconds, and both
 *      processes' pages must read back intact.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pattern.h"
#include "residency.h"
#include "sysfs.h"

#define VSWAP_ENABLED	VSWAP_SYSFS "/enabled"
#define REGION_SIZE	(8UL << 20)
#define LIMIT_S		60
#define SEED		0xd7a1

static size_t page_size, npages;

/*
 * Fill a new region with @pattern and swap it out; NULL if fewer than 90%
 * of its pages got a swap entry (pages on their way to the disk may still
 * be in the swap cache: they count).
 */
static char *swapped_region(enum pattern pattern, const char *who)
{
	unsigned char *places = malloc(npages);
	size_t i, evicted = 0;
	char *addr;

	addr = pattern_map(npages, page_size, pattern, SEED);
	if (!addr || !places)
		return NULL;
	madvise(addr, REGION_SIZE, MADV_PAGEOUT);
	if (region_places(addr, npages, page_size, 0, places, NULL) == 0)
		for (i = 0; i < npages; i++)
			evicted += places[i] == PLACE_EVICTED ||
				   places[i] == PLACE_SWAPCACHE;
	free(places);
	printf("# %s: %zu of %zu %s pages swapped out\n", who, evicted, npages,
	       pattern_name(pattern));
	if (evicted < npages * 9 / 10) {
		printf("# FAIL: %s: fewer than 90%% of the pages left memory\n", who);
		return NULL;
	}
	return addr;
}

static int intact(const char *addr, enum pattern pattern, const char *who)
{
	size_t nbad = pattern_verify(addr, 0, npages, page_size, pattern, SEED, NULL);

	if (nbad)
		printf("# FAIL: %s: %zu of %zu pages came back wrong\n", who, nbad, npages);
	return !nbad;
}

/* The child: swap new pages out to the disk, wait for the swapoff, check. */
static int child(int ready_fd, int go_fd)
{
	char *mine, c = 0;
	int ok;

	mine = swapped_region(PATTERN_INCOMPRESSIBLE, "child");
	if (!mine || write(ready_fd, &c, 1) != 1)
		return 1;
	if (read(go_fd, &c, 1) != 1)
		return 1;
	ok = intact(mine, PATTERN_INCOMPRESSIBLE, "child");
	return ok ? 0 : 1;
}

static void on_alarm(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	int ready[2], go[2], status, was, ret = 1, err;
	const char *disk = argv[1];
	char *parents, c = 0;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	page_size = sysconf(_SC_PAGESIZE);
	npages = REGION_SIZE / page_size;
	if (argc != 2) {
		fprintf(stderr, "usage: swap_drained_fork DISK\n");
		return 2;
	}
	was = vswap_enabled();
	if (was < 0) {
		printf("# SKIP: no %s: kernel without CONFIG_VSWAP\n", VSWAP_ENABLED);
		return 4;
	}
	write_str(VSWAP_ENABLED, "1");
	parents = swapped_region(PATTERN_COMPRESSIBLE, "parent (vswap)");
	if (!parents)
		goto restore;
	if (swapoff(disk)) {
		printf("# FAIL: swapoff %s: %s\n", disk, strerror(errno));
		goto restore;
	}
	printf("# %s swapped off with only virtual entries in use\n", disk);

	if (pipe(ready) || pipe(go))
		goto restore;
	write_str(VSWAP_ENABLED, "0");
	if (swapon(disk, 0)) {
		printf("# FAIL: swapon %s: %s\n", disk, strerror(errno));
		goto restore;
	}
	pid = fork();
	if (pid < 0)
		goto restore;
	if (!pid)
		_exit(child(ready[1], go[0]));
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1) {
		printf("# FAIL: the child failed before its pages were out\n");
		waitpid(pid, NULL, 0);
		goto restore;
	}

	sigaction(SIGALRM, &sa, NULL);
	alarm(LIMIT_S);
	err = swapoff(disk) ? errno : 0;
	alarm(0);
	if (err == EINTR) {
		printf("# FAIL: swapoff %s did not finish in %d s: it cannot find the "
		       "child's pages\n", disk, LIMIT_S);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		swapoff(disk);	/* the child's slots are free now */
		goto restore;
	} else if (err) {
		printf("# FAIL: swapoff %s: %s\n", disk, strerror(err));
	}
	printf("# %s swapped off with the forked child's pages on it\n", disk);
	if (write(go[1], &c, 1) != 1 || waitpid(pid, &status, 0) != pid)
		goto restore;
	if (intact(parents, PATTERN_COMPRESSIBLE, "parent") && !err &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 0)
		ret = 0;
restore:
	write_str(VSWAP_ENABLED, was ? "1" : "0");
	printf("# %s\n", ret ? "FAIL" : "PASS");
	return ret;
}
