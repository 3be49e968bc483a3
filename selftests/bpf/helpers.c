// SPDX-License-Identifier: GPL-2.0
/* Kernel state the vswap BPF selftests look at; see helpers.h. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>

#include "helpers.h"
#include "workload.h"

long long kernel_enum(const char *type, const char *name)
{
	static struct btf *vmlinux;
	const struct btf_type *t;
	const struct btf_enum *e;
	int id, i;

	if (!vmlinux)
		vmlinux = btf__load_vmlinux_btf();
	id = vmlinux ? btf__find_by_name_kind(vmlinux, type, BTF_KIND_ENUM) : -1;
	t = id > 0 ? btf__type_by_id(vmlinux, id) : NULL;
	for (i = 0; t && i < btf_vlen(t); i++) {
		e = btf_enum(t) + i;
		if (!strcmp(btf__name_by_offset(vmlinux, e->name_off), name))
			return e->val;
	}
	fprintf(stderr, "# kernel has no %s in enum %s\n", name, type);
	return -1;
}

const char *vswap_policy_file(char *buf, size_t size)
{
	FILE *f = fopen("/sys/kernel/debug/vswap/policy", "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

long long vmstat(const char *name)
{
	char key[64];
	long long val;
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", key, &val) == 2) {
		if (!strcmp(key, name)) {
			fclose(f);
			return val;
		}
	}
	fclose(f);
	return -1;
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
		if (i == 25) {
			FILE *f = fopen("/sys/fs/cgroup/memory.reclaim", "w");

			if (f) {
				fputs("1G", f);
				fclose(f);
			}
		}
		usleep(100000);
	}
	return -1;
}
