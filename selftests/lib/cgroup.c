// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "vmstat.h"

int cgroup_enter_new(struct test_cgroup *cg, const char *name)
{
	char pid[32];

	snprintf(cg->path, sizeof(cg->path), CGROUP_ROOT "/%s", name);
	if (mkdir(cg->path, 0755) && errno != EEXIST)
		return -errno;
	snprintf(pid, sizeof(pid), "%d", getpid());
	return cgroup_write(cg, "cgroup.procs", pid);
}

void cgroup_leave(struct test_cgroup *cg)
{
	char pid[32];

	snprintf(pid, sizeof(pid), "%d", getpid());
	write_str(CGROUP_ROOT "/cgroup.procs", pid);
	rmdir(cg->path);
}

int cgroup_write(const struct test_cgroup *cg, const char *file, const char *val)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", cg->path, file);
	return write_str(path, val);
}

long long cgroup_read(const struct test_cgroup *cg, const char *file)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", cg->path, file);
	return read_ll(path);
}

long long cgroup_read_key(const struct test_cgroup *cg, const char *file,
			  const char *key)
{
	char path[512], k[64];
	long long val, ret = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", cg->path, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", k, &val) == 2) {
		if (!strcmp(k, key)) {
			ret = val;
			break;
		}
	}
	fclose(f);
	return ret;
}

int cgroup_reclaim(const struct test_cgroup *cg, size_t bytes)
{
	char val[32];
	int err;

	snprintf(val, sizeof(val), "%zu", bytes);
	err = cgroup_write(cg, "memory.reclaim", val);
	/* EAGAIN only means "reclaimed less than asked". */
	return err == -EAGAIN ? 0 : err;
}
