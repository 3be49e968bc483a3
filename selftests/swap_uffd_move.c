// SPDX-License-Identifier: GPL-2.0
/*
 * swap_uffd_move - UFFDIO_MOVE moves swap PTEs of virtual slots intact.
 *
 * UFFDIO_MOVE moves a swapped-out page by moving its swap PTE, and a page
 * still in the swap cache by moving the PTE and re-indexing the folio.
 * Both paths check the slot's swap-cache state, which vswap keeps in its
 * own table. A mixed region (zero, compressible and random pages, so every
 * backend of the current configuration) is swapped out, half of it read
 * back into the swap cache with MADV_WILLNEED, and moved to a second
 * region. The pages must arrive as swap PTEs, not be swapped in by the
 * move, and read back intact, both at once and after being swapped out
 * again from their new place.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pattern.h"
#include "residency.h"

#define REGION_SIZE	(16UL << 20)
#define SEED		0x0ffd

static size_t page_size, npages;

/* Pages of [@addr, +npages) behind a swap PTE (evicted or in the cache). */
static size_t swapped(char *addr)
{
	unsigned char *places = malloc(npages);
	size_t i, n = 0;

	if (places && !region_places(addr, npages, page_size, 0, places, NULL))
		for (i = 0; i < npages; i++)
			n += places[i] == PLACE_EVICTED || places[i] == PLACE_SWAPCACHE;
	free(places);
	return n;
}

static int uffd_open(char *dst)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = {
		.range = { .start = (unsigned long)dst, .len = REGION_SIZE },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	int uffd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);

	if (uffd < 0) {
		printf("# SKIP: userfaultfd: %m (kernel without CONFIG_USERFAULTFD?)\n");
		return -4;
	}
	if (ioctl(uffd, UFFDIO_API, &api) || !(api.features & UFFD_FEATURE_MOVE)) {
		printf("# SKIP: this kernel's userfaultfd has no UFFDIO_MOVE\n");
		return -4;
	}
	if (ioctl(uffd, UFFDIO_REGISTER, &reg)) {
		printf("# FAIL: UFFDIO_REGISTER: %m\n");
		return -1;
	}
	return uffd;
}

/* Move all of @src to @dst, retrying the parts the kernel asks to retry. */
static int move_all(int uffd, char *dst, char *src)
{
	unsigned long done = 0;
	struct uffdio_move mv;
	int tries = 0;

	while (done < REGION_SIZE) {
		mv = (struct uffdio_move){
			.dst = (unsigned long)dst + done,
			.src = (unsigned long)src + done,
			.len = REGION_SIZE - done,
		};
		if (!ioctl(uffd, UFFDIO_MOVE, &mv)) {
			done += mv.move;
			continue;
		}
		if (mv.move > 0)
			done += mv.move;
		if (errno != EAGAIN || ++tries > 1000) {
			printf("# FAIL: UFFDIO_MOVE at offset %lu: %m\n", done);
			return -1;
		}
	}
	return 0;
}

int main(void)
{
	size_t before, moved, nbad;
	char *src, *dst;
	int uffd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	page_size = sysconf(_SC_PAGESIZE);
	npages = REGION_SIZE / page_size;
	src = mmap(NULL, REGION_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	dst = mmap(NULL, REGION_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (src == MAP_FAILED || dst == MAP_FAILED)
		return 2;
	madvise(src, REGION_SIZE, MADV_NOHUGEPAGE);
	madvise(dst, REGION_SIZE, MADV_NOHUGEPAGE);
	uffd = uffd_open(dst);
	if (uffd < 0)
		return -uffd;

	pattern_fill(src, 0, npages, page_size, PATTERN_MIXED, SEED);
	madvise(src, REGION_SIZE, MADV_PAGEOUT);
	/* Half of it back into the swap cache: the folio path of the move. */
	madvise(src, REGION_SIZE / 2, MADV_WILLNEED);
	before = swapped(src);
	printf("# %zu of %zu mixed pages behind swap PTEs before the move\n", before, npages);
	if (before < npages * 6 / 10) {
		printf("# FAIL: too few pages were swapped out to test the move\n");
		return 1;
	}
	if (move_all(uffd, dst, src))
		return 1;
	moved = swapped(dst);
	printf("# %zu pages arrived behind swap PTEs, %zu left at the source\n",
	       moved, swapped(src));
	if (moved < before * 9 / 10) {
		printf("# FAIL: the move swapped pages in instead of moving their PTEs\n");
		return 1;
	}
	nbad = pattern_verify(dst, 0, npages, page_size, PATTERN_MIXED, SEED, NULL);
	madvise(dst, REGION_SIZE, MADV_PAGEOUT);
	nbad += pattern_verify(dst, 0, npages, page_size, PATTERN_MIXED, SEED, NULL);
	printf("# read back twice (after the move, after swapping out again): %zu bad pages\n",
	       nbad);
	printf("# %s\n", nbad ? "FAIL" : "PASS");
	return nbad ? 1 : 0;
}
