// SPDX-License-Identifier: GPL-2.0
/* Kernel state the vswap BPF selftests look at; see helpers.h. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "btf_enum.h"
#include "cgroup.h"
#include "helpers.h"
#include "sysfs.h"

long long kernel_enum(const char *type, const char *name)
{
	long long value;

	if (!btf_enum_value(type, name, &value))
		return value;
	fprintf(stderr, "# kernel has no %s in enum %s\n", name, type);
	return -1;
}

const char *vswap_policy_file(char *buf, size_t size)
{
	FILE *f = fopen(VSWAP_DEBUGFS "/policy", "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

const char *swap_device(char *buf, size_t size)
{
	char line[512], fmt[32];
	FILE *f = fopen("/proc/swaps", "r");
	const char *found = NULL;

	if (!f)
		return NULL;
	snprintf(fmt, sizeof(fmt), "%%%zus", size - 1);
	if (fgets(line, sizeof(line), f) && fgets(line, sizeof(line), f) &&
	    sscanf(line, fmt, buf) == 1)
		found = buf;
	fclose(f);
	return found;
}

int vswap_settle(void)
{
	int i;

	for (i = 0; i < 50; i++) {
		if (vswap_debugfs("used") == 0)
			return 0;
		if (i == 25)
			write_str(CGROUP_ROOT "/memory.reclaim", "1G");
		usleep(100000);
	}
	return -1;
}
