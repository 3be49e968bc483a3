// SPDX-License-Identifier: GPL-2.0
/* Memory cgroups of the swap lab; see cgroup.h. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "sysfs.h"

void cgroup_at(struct test_cgroup *cg, const char *name)
{
	snprintf(cg->path, sizeof(cg->path), CGROUP_ROOT "/%s", name);
}

int cgroup_enter_new(struct test_cgroup *cg, const char *name)
{
	char pid[32];

	cgroup_at(cg, name);
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

static const char *cgroup_file(const struct test_cgroup *cg, const char *file,
			       char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", cg->path, file);
	return buf;
}

int cgroup_write(const struct test_cgroup *cg, const char *file, const char *val)
{
	char path[512];

	return write_str(cgroup_file(cg, file, path, sizeof(path)), val);
}

long long cgroup_read(const struct test_cgroup *cg, const char *file)
{
	char path[512];

	return read_ll(cgroup_file(cg, file, path, sizeof(path)));
}

long long cgroup_read_key(const struct test_cgroup *cg, const char *file,
			  const char *key)
{
	char path[512];

	return read_key(cgroup_file(cg, file, path, sizeof(path)), key);
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
