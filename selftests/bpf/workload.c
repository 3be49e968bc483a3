// SPDX-License-Identifier: GPL-2.0
/* Swap a verifiable pattern out of a cgroup and back; see workload.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "evict.h"
#include "workload.h"

#define PMD_SIZE	(2UL << 20)

uint64_t workload_cgroup(const char *cgroup)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), CGROUP_ROOT "/%s", cgroup);
	if (mkdir(path, 0755) && errno != EEXIST)
		return 0;
	if (stat(path, &st))
		return 0;
	return st.st_ino;
}

void workload_cgroup_remove(const char *cgroup)
{
	char path[512];

	snprintf(path, sizeof(path), CGROUP_ROOT "/%s", cgroup);
	rmdir(path);
}

static int write_all(int fd, const void *buf, size_t len)
{
	return write(fd, buf, len) == (ssize_t)len ? 0 : -1;
}

static int read_all(int fd, void *buf, size_t len)
{
	return read(fd, buf, len) == (ssize_t)len ? 0 : -1;
}

/* The child: fill, evict, report, wait for the go, verify, report. */
static void child(const struct workload *w, int in, int out)
{
	size_t page = sysconf(_SC_PAGESIZE), npages = w->size / page;
	struct test_cgroup cg;
	struct mismatch bad;
	long evicted, nr_bad;
	char *map, *buf;
	char go;

	if (cgroup_enter_new(&cg, w->cgroup) ||
	    cgroup_write(&cg, "memory.zswap.max", w->zswap_max ?: "max"))
		_exit(2);
	map = mmap(NULL, w->size + PMD_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		_exit(2);
	buf = w->thp ? (char *)(((unsigned long)map + PMD_SIZE - 1) & ~(PMD_SIZE - 1)) : map;
	if (w->thp)
		madvise(buf, w->size, MADV_HUGEPAGE);
	pattern_fill(buf, 0, npages, page, w->pattern, w->seed);
	evicted = evict_region(&cg, EVICT_RECLAIM, buf, npages, 0,
			       npages * (w->want_pct ? w->want_pct : 90) / 100);
	if (write_all(out, &evicted, sizeof(evicted)) || read_all(in, &go, 1))
		_exit(2);
	nr_bad = pattern_verify(buf, 0, npages, page, w->pattern, w->seed, &bad);
	if (nr_bad)
		fprintf(stderr, "#   workload: %ld bad pages, first %zu at byte %zu: %#x != %#x\n",
			nr_bad, bad.page, bad.offset, bad.actual, bad.expected);
	if (write_all(out, &nr_bad, sizeof(nr_bad)))
		_exit(2);
	_exit(nr_bad ? 1 : 0);
}

int workload_start(const struct workload *w, struct workload_run *run)
{
	int to_child[2], from_child[2];

	if (!workload_cgroup(w->cgroup) || pipe(to_child) || pipe(from_child))
		return -errno ?: -EINVAL;
	run->npages = w->size / sysconf(_SC_PAGESIZE);
	run->pid = fork();
	if (run->pid < 0)
		return -errno;
	if (!run->pid) {
		close(to_child[1]);
		close(from_child[0]);
		child(w, to_child[0], from_child[1]);
	}
	close(to_child[0]);
	close(from_child[1]);
	run->to_child = to_child[1];
	run->from_child = from_child[0];
	return 0;
}

long workload_evicted(struct workload_run *run)
{
	long evicted;

	if (read_all(run->from_child, &evicted, sizeof(evicted)))
		return -EIO;
	return evicted;
}

int workload_finish(struct workload_run *run, struct workload_result *res)
{
	long nr_bad = -1;
	int status = 0;

	if (write_all(run->to_child, "g", 1) ||
	    read_all(run->from_child, &nr_bad, sizeof(nr_bad)))
		nr_bad = -1;
	close(run->to_child);
	close(run->from_child);
	waitpid(run->pid, &status, 0);
	res->npages = run->npages;
	res->bad_pages = nr_bad;
	if (nr_bad < 0 || !WIFEXITED(status) || WEXITSTATUS(status) > 1)
		return -EIO;
	return 0;
}

int workload_run(const struct workload *w, struct workload_result *res)
{
	struct workload_run run;
	int err;

	err = workload_start(w, &run);
	if (err)
		return err;
	res->evicted = workload_evicted(&run);
	return workload_finish(&run, res);
}
