// SPDX-License-Identifier: GPL-2.0
/*
 * struct vswap_ops: attach, detach, replace, init failure, one policy at
 * a time, and the KEEP placement.
 */
#include <stdlib.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "test_progs.h"
#include "vswap_test_ops.skel.h"
#include "workload.h"

#define CGROUP	"vswap_bpf_struct_ops"

/* A compressible workload in CGROUP: the policy sees every page. */
static const struct workload compressible = {
	.cgroup = CGROUP, .pattern = PATTERN_COMPRESSIBLE, .size = 8 << 20,
};

static bool policy_is(const char *want)
{
	char buf[1024];

	return ASSERT_HAS_STR(vswap_policy_file(buf, sizeof(buf)), want, "debugfs policy");
}

static void test_attach(struct vswap_test_ops *skel)
{
	struct workload_result res;
	struct bpf_link *link;

	skel->bss->placement = PLACE(ZSWAP);
	link = bpf_map__attach_struct_ops(skel->maps.test_ops_a);
	if (!ASSERT_OK_PTR(link, "attach"))
		return;
	if (!policy_is("active: test_a\n"))
		goto out;
	ASSERT_EQ(skel->bss->init_calls, 1, "init called");
	if (!ASSERT_OK(workload_run(&compressible, &res), "workload"))
		goto out;
	ASSERT_EQ(res.bad_pages, 0, "pages intact");
	ASSERT_GE(skel->bss->target_calls, res.evicted, "a decision per evicted page");
	ASSERT_EQ(skel->bss->last_nr_pages, 1, "ctx nr_pages");
	ASSERT_EQ(skel->bss->last_order, 0, "ctx order");
	ASSERT_EQ(skel->bss->last_flags,
		  kernel_enum("vswap_place_flags", "VSWAP_FOLIO_ANON") |
		  kernel_enum("vswap_place_flags", "VSWAP_FOLIO_VIRTUAL"), "ctx flags");
	ASSERT_NEQ(skel->bss->last_memcg_id, 0, "ctx memcg_id");
	ASSERT_GT(skel->bss->last_ram_pages, 0, "ctx ram_pages");
	ASSERT_GT(skel->bss->last_phys_free_pages, 0, "ctx phys_free_pages (the disk has room)");
	ASSERT_EQ(skel->bss->last_zswap_max, ~0ULL, "ctx memcg_zswap_max unlimited");
out:
	bpf_link__destroy(link);
}

static void test_detach(struct vswap_test_ops *skel)
{
	struct workload_result res;
	struct bpf_link *link;
	__u64 calls;

	link = bpf_map__attach_struct_ops(skel->maps.test_ops_a);
	if (!ASSERT_OK_PTR(link, "attach"))
		return;
	bpf_link__destroy(link);
	ASSERT_EQ(skel->bss->exit_kind_a, EXIT(UNREG), "exit reason");
	if (!policy_is("active: none\nlast_exit: test_a detached\n"))
		return;
	calls = skel->bss->calls_a;
	if (!ASSERT_OK(workload_run(&compressible, &res), "workload"))
		return;
	ASSERT_EQ(res.bad_pages, 0, "pages intact");
	ASSERT_GT(res.evicted, 0, "pages evicted");
	ASSERT_EQ(skel->bss->calls_a, calls, "no call after detach");
}

static void test_replace(struct vswap_test_ops *skel)
{
	struct workload_result res;
	struct bpf_link *link;

	link = bpf_map__attach_struct_ops(skel->maps.test_ops_a);
	if (!ASSERT_OK_PTR(link, "attach"))
		return;
	if (!ASSERT_OK(bpf_link__update_map(link, skel->maps.test_ops_b), "update_map"))
		goto out;
	ASSERT_EQ(skel->bss->exit_kind_a, EXIT(REPLACED), "old policy's exit reason");
	if (!policy_is("active: test_b\nlast_exit: test_a replaced\n"))
		goto out;
	skel->bss->calls_b = 0;
	if (!ASSERT_OK(workload_run(&compressible, &res), "workload"))
		goto out;
	ASSERT_EQ(res.bad_pages, 0, "pages intact");
	ASSERT_GE(skel->bss->calls_b, res.evicted, "the new policy decides");
out:
	bpf_link__destroy(link);
	ASSERT_EQ(skel->bss->exit_kind_b, EXIT(UNREG), "new policy's exit reason");
}

static void test_init_fails(struct vswap_test_ops *skel)
{
	struct bpf_link *link;

	skel->bss->init_ret = -22;
	link = bpf_map__attach_struct_ops(skel->maps.test_ops_a);
	skel->bss->init_ret = 0;
	if (!ASSERT_ERR_PTR(link, "attach refused")) {
		bpf_link__destroy(link);
		return;
	}
	ASSERT_EQ(errno, 22, "errno is init()'s error");
	ASSERT_EQ(skel->bss->exit_kind_a, EXIT(INIT), "exit reason");
	ASSERT_EQ(skel->bss->exit_init_error, -22, "exit info: init error");
	policy_is("active: none\nlast_exit: test_a init failed\n");
}

static void test_one_at_a_time(struct vswap_test_ops *skel)
{
	struct bpf_link *a, *b;

	a = bpf_map__attach_struct_ops(skel->maps.test_ops_a);
	if (!ASSERT_OK_PTR(a, "attach a"))
		return;
	b = bpf_map__attach_struct_ops(skel->maps.test_ops_b);
	if (ASSERT_ERR_PTR(b, "attach b refused"))
		ASSERT_EQ(errno, EBUSY, "errno");
	bpf_link__destroy(b);
	policy_is("active: test_a\n");
	bpf_link__destroy(a);
}

static void test_keep(struct vswap_test_ops *skel)
{
	struct workload_result res;
	struct bpf_link *link;
	long long keep;
	char buf[1024];

	skel->bss->placement = PLACE(KEEP);
	link = bpf_map__attach_struct_ops(skel->maps.test_ops_a);
	if (!ASSERT_OK_PTR(link, "attach"))
		return;
	vswap_policy_file(buf, sizeof(buf));
	keep = atoll(strstr(buf, "keep: ") + 6);
	if (!ASSERT_OK(workload_run(&(struct workload){ .cgroup = CGROUP,
			.pattern = PATTERN_COMPRESSIBLE, .size = 4 << 20, .want_pct = 50 },
			&res), "workload"))
		goto out;
	ASSERT_EQ(res.bad_pages, 0, "pages intact");
	ASSERT_LE(res.evicted, res.npages / 20, "pages stay resident");
	vswap_policy_file(buf, sizeof(buf));
	ASSERT_GE(atoll(strstr(buf, "keep: ") + 6) - keep, res.npages / 2, "keep decisions counted");
out:
	bpf_link__destroy(link);
	skel->bss->placement = 0;
}

void test_struct_ops(void)
{
	struct vswap_test_ops *skel = vswap_test_ops__open();

	if (!ASSERT_OK_PTR(skel, "open"))
		return;
	skel->bss->target_cgroup_id = workload_cgroup(CGROUP);
	if (!ASSERT_OK(vswap_test_ops__load(skel), "load"))
		goto out;
	if (test__start_subtest("attach"))
		test_attach(skel);
	if (test__start_subtest("detach"))
		test_detach(skel);
	if (test__start_subtest("replace"))
		test_replace(skel);
	if (test__start_subtest("init_fails"))
		test_init_fails(skel);
	if (test__start_subtest("one_at_a_time"))
		test_one_at_a_time(skel);
	if (test__start_subtest("keep"))
		test_keep(skel);
out:
	vswap_test_ops__destroy(skel);
	workload_cgroup_remove(CGROUP);
}
