// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vmstat.h"

long long vmstat_read(const char *name)
{
	char key[64];
	long long val, ret = -1;
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", key, &val) == 2) {
		if (!strcmp(key, name)) {
			ret = val;
			break;
		}
	}
	fclose(f);
	return ret;
}

#define SWAP_EVENTS(X) \
	X(pswpin) X(pswpout) X(zswpin) X(zswpout) X(zswpwb) \
	X(swpin_zero) X(swpout_zero) X(thp_swpout) X(thp_swpout_fallback)

void swap_events_read(struct swap_events *ev)
{
#define READ_ONE(f) ev->f = vmstat_read(#f);
	SWAP_EVENTS(READ_ONE)
#undef READ_ONE
}

void swap_events_sub(struct swap_events *delta, const struct swap_events *after,
		     const struct swap_events *before)
{
#define SUB_ONE(f) delta->f = after->f - before->f;
	SWAP_EVENTS(SUB_ONE)
#undef SUB_ONE
}

void swap_events_format(const struct swap_events *ev, char *buf, int len)
{
	int n = 0;

#define FMT_ONE(f) \
	if (n < len) \
		n += snprintf(buf + n, len - n, "%s%s=%lld", n ? " " : "", #f, ev->f);
	SWAP_EVENTS(FMT_ONE)
#undef FMT_ONE
}

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
