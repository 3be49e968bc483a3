// SPDX-License-Identifier: GPL-2.0
/*
 * A policy returning garbage: each out-of-range value becomes the default
 * placement, is counted in debugfs (vswap/policy_invalid) and is traced
 * verbatim as the choice of vswap_place; no page is lost.
 */
#include <bpf/libbpf.h>

#include "helpers.h"
#include "test_progs.h"
#include "vswap_test_ops.skel.h"
#include "vswap_tp.skel.h"
#include "workload.h"

#define CGROUP	"vswap_bpf_invalid"

static void check_clamped(struct vswap_test_ops *ops, struct vswap_tp *tp,
			  int value)
{
	struct workload_result res;
	struct bpf_link *link;
	long long invalid;

	ops->bss->placement = value;
	tp->bss->place_events = 0;
	link = bpf_map__attach_struct_ops(ops->maps.test_ops_a);
	if (!ASSERT_OK_PTR(link, "attach"))
		return;
	invalid = vswap_debugfs("policy_invalid");
	if (!ASSERT_OK(workload_run(&(struct workload){ .cgroup = CGROUP,
			.pattern = PATTERN_MIXED, .size = 8 << 20 }, &res), "workload"))
		goto out;
	ASSERT_EQ(res.bad_pages, 0, "pages intact");
	ASSERT_GT(res.evicted, 0, "pages evicted");
	ASSERT_GE(vswap_debugfs("policy_invalid") - invalid, tp->bss->place_events,
		  "every invalid return counted");
	ASSERT_GT(tp->bss->place_events, 0, "placements traced");
	ASSERT_EQ(tp->bss->last_choice, value, "traced choice is the raw value");
	ASSERT_EQ(tp->bss->last_placement, PLACE(DEFAULT), "applied placement");
out:
	bpf_link__destroy(link);
}

void test_invalid_return(void)
{
	struct vswap_test_ops *ops = vswap_test_ops__open();
	struct vswap_tp *tp = vswap_tp__open();

	if (!ASSERT_OK_PTR(ops, "open ops") || !ASSERT_OK_PTR(tp, "open tp"))
		goto out;
	tp->bss->target_cgroup_id = workload_cgroup(CGROUP);
	if (!ASSERT_OK(vswap_test_ops__load(ops), "load ops") ||
	    !ASSERT_OK(vswap_tp__load(tp), "load tp") ||
	    !ASSERT_OK(vswap_tp__attach(tp), "attach tp"))
		goto out;
	if (test__start_subtest("too_large"))
		check_clamped(ops, tp, 42);
	if (test__start_subtest("negative"))
		check_clamped(ops, tp, -1);
out:
	vswap_tp__destroy(tp);
	vswap_test_ops__destroy(ops);
	workload_cgroup_remove(CGROUP);
}
