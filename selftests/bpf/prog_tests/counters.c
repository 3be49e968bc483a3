// SPDX-License-Identifier: GPL-2.0
/*
 * The counters a fleet scrapes agree with vswap's own: for each placement a
 * policy can return, the /proc/vmstat counter of policy decisions moves by
 * exactly what debugfs (vswap/policy) counts, and the swap-outs a cgroup
 * reports in memory.stat (vswpout_*) match both /proc/vmstat and the slots
 * vswap's debugfs shows on that backend.
 */
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "cgroup.h"
#include "helpers.h"
#include "test_progs.h"
#include "vswap_test_ops.skel.h"
#include "workload.h"

#define CGROUP	"vswap_bpf_counters"

struct placement_case {
	const char *name;	/* subtest, and vswp_policy_<name> */
	long long placement;	/* what select_backend() returns */
	const char *outcome;	/* vswpout_<outcome> in vmstat and memory.stat */
	const char *backend;	/* vswap debugfs slot count, or NULL */
};

static long long cgroup_event(const char *key)
{
	struct test_cgroup cg;

	cgroup_at(&cg, CGROUP);
	return cgroup_read_key(&cg, "memory.stat", key);
}

/* A counter of debugfs vswap/policy ("default: 12" lines), or -1. */
static long long policy_stat(const char *name)
{
	char line[128], key[64];
	long long val, ret = -1;
	FILE *f = fopen(VSWAP_DEBUGFS "/policy", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63[^:]: %lld", key, &val) == 2 && !strcmp(key, name))
			ret = val;
	if (f)
		fclose(f);
	return ret;
}

static void check_placement(struct vswap_test_ops *ops, const struct placement_case *c)
{
	long long policy_vm0, policy_dbg0, out_vm0, slots0, out_cg, slots;
	char vm_name[64], out_name[64];
	struct workload_result res;
	struct workload_run run;
	struct bpf_link *link;

	snprintf(vm_name, sizeof(vm_name), "vswp_policy_%s", c->name);
	snprintf(out_name, sizeof(out_name), "vswpout_%s", c->outcome);
	ops->bss->placement = c->placement;
	link = bpf_map__attach_struct_ops(ops->maps.test_ops_a);
	if (!ASSERT_OK_PTR(link, "attach"))
		return;
	policy_vm0 = vmstat_read(vm_name);
	policy_dbg0 = policy_stat(c->name);
	out_vm0 = vmstat_read(out_name);
	slots0 = c->backend ? vswap_debugfs(c->backend) : 0;
	if (!ASSERT_GE(policy_vm0, 0, vm_name) || !ASSERT_GE(policy_dbg0, 0, "debugfs policy") ||
	    !ASSERT_OK(workload_start(&(struct workload){ .cgroup = CGROUP,
			.pattern = PATTERN_COMPRESSIBLE, .size = 8 << 20,
			.want_pct = c->backend ? 0 : 1 }, &run), "start"))
		goto out;
	res.evicted = workload_evicted(&run);
	/* The policy's decisions: both views count each one once. */
	ASSERT_GT(vmstat_read(vm_name) - policy_vm0, 0, "decisions counted");
	ASSERT_EQ(vmstat_read(vm_name) - policy_vm0, policy_stat(c->name) - policy_dbg0,
		  "vmstat == debugfs");
	/* Their outcome: the cgroup's own count is the system's, and for a
	 * backend the slots it holds now. */
	out_cg = cgroup_event(out_name);
	ASSERT_GT(out_cg, 0, "cgroup swap-outs counted");
	ASSERT_EQ(vmstat_read(out_name) - out_vm0, out_cg, "vmstat == memory.stat");
	if (c->backend) {
		slots = vswap_debugfs(c->backend) - slots0;
		ASSERT_GE(slots, res.evicted * 9 / 10, "debugfs slots of the evicted pages");
		ASSERT_LE(slots, out_cg, "debugfs slots <= swap-outs");
	}
	ASSERT_OK(workload_finish(&run, &res), "finish");
	ASSERT_EQ(res.bad_pages, 0, "pages intact");
out:
	bpf_link__destroy(link);
	workload_cgroup_remove(CGROUP);
}

void test_counters(void)
{
	struct placement_case cases[] = {
		{ "default", PLACE(DEFAULT), "zswap", "zswap" },
		{ "zswap", PLACE(ZSWAP), "zswap", "zswap" },
		{ "phys", PLACE(PHYS), "phys", "phys" },
		{ "keep", PLACE(KEEP), "kept", NULL },
		{ "invalid", 42, "zswap", "zswap" },	/* becomes the default */
	};
	struct vswap_test_ops *ops = vswap_test_ops__open_and_load();
	unsigned int i;

	if (!ASSERT_OK_PTR(ops, "open_and_load"))
		return;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (test__start_subtest(cases[i].name))
			check_placement(ops, &cases[i]);
	vswap_test_ops__destroy(ops);
}
