// SPDX-License-Identifier: GPL-2.0
/* Reading and writing the kernel's files; see sysfs.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sysfs.h"

long long read_ll(const char *path)
{
	long long val;
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%lld", &val) == 1;
	fclose(f);
	return ok ? val : -1;
}

int write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	err = n < 0 ? -errno : 0;
	close(fd);
	return err;
}

long long read_key(const char *path, const char *key)
{
	char k[64];
	long long val, ret = -1;
	FILE *f = fopen(path, "r");

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

long long vmstat_read(const char *name)
{
	return read_key("/proc/vmstat", name);
}

static long long debugfs_counter(const char *dir, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return read_ll(path);
}

long long vswap_debugfs(const char *name)
{
	return debugfs_counter(VSWAP_DEBUGFS, name);
}

long long zswap_debugfs(const char *name)
{
	return debugfs_counter(ZSWAP_DEBUGFS, name);
}

int vswap_enabled(void)
{
	return read_ll(VSWAP_SYSFS "/enabled");
}

/* Sum the "Used" column of /proc/swaps; *@devices gets the row count. */
static long long proc_swaps(int *devices)
{
	long long size, used, total = 0;
	char line[512];
	FILE *f = fopen("/proc/swaps", "r");

	*devices = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %*s %lld %lld", &size, &used) != 2)
			continue;
		total += used;
		(*devices)++;
	}
	fclose(f);
	return total;
}

long long swap_used_kib(void)
{
	int devices;

	return proc_swaps(&devices);
}

int swap_devices(void)
{
	int devices;

	proc_swaps(&devices);
	return devices;
}
