// SPDX-License-Identifier: GPL-2.0
/* Hold points; see hold.h. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "hold.h"

int hold_start(const char *dir, const char *cgroup_path)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/cgroup", dir);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fprintf(f, "%s\n", cgroup_path);
	return fclose(f) ? -errno : 0;
}

int hold_point(const char *dir, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.ready", dir, name);
	f = fopen(path, "w");
	if (!f || fclose(f))
		return -errno;
	snprintf(path, sizeof(path), "%s/%s.go", dir, name);
	while (access(path, F_OK))
		usleep(20000);
	return 0;
}
