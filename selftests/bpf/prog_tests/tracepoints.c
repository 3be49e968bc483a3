// SPDX-License-Identifier: GPL-2.0
/*
 * Every vswap tracepoint fires, with fields that match what the workload
 * did: placements by cgroup and backend, transitions, slot allocation and
 * free, zswap writeback with its latency, and reverse-map reclaim.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/swap.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "test_progs.h"
#include "vswap_tp.skel.h"
#include "workload.h"

#define CGROUP	"vswap_bpf_tracepoints"

/* Slots moved from backend @old to @new, by the kernel's enum values. */
static __u64 transitions(struct vswap_tp *tp, long long old, long long new)
{
	return tp->bss->transitions[old * tp->rodata->nr_backends + new];
}

/* Mixed pages with zswap and a disk: zero, zswap and phys placements. */
static void test_place_and_transition(struct vswap_tp *tp)
{
	struct workload_result res;

	if (!ASSERT_OK(workload_run(&(struct workload){ .cgroup = CGROUP,
			.pattern = PATTERN_MIXED, .size = 12 << 20 }, &res), "workload"))
		return;
	ASSERT_EQ(res.bad_pages, 0, "pages intact");
	ASSERT_GT(tp->bss->place_events, res.evicted / 2, "a placement per non-zero page");
	ASSERT_EQ(tp->bss->place_pages, tp->bss->place_events, "nr is 1 for single pages");
	ASSERT_GT(tp->bss->place_by_backend[BACKEND(ZSWAP)], 0, "compressible pages: backend zswap");
	ASSERT_GT(tp->bss->place_by_backend[BACKEND(PHYS)], 0, "incompressible pages: backend phys");
	ASSERT_EQ(tp->bss->place_by_backend[BACKEND(ZERO)], 0, "zero pages are not placed");
	ASSERT_EQ(tp->bss->last_choice, PLACE(DEFAULT), "choice without a policy");
	ASSERT_NEQ(tp->bss->last_memcg_id, 0, "memcg id");
	ASSERT_GT(transitions(tp, BACKEND(NONE), BACKEND(ZSWAP)), 0, "none>zswap");
	ASSERT_GT(transitions(tp, BACKEND(NONE), BACKEND(PHYS)), 0, "none>phys");
	ASSERT_GT(transitions(tp, BACKEND(NONE), BACKEND(ZERO)), 0, "none>zero");
	ASSERT_GT(transitions(tp, BACKEND(ZSWAP), BACKEND(NONE)), 0, "zswap>none (swap-in)");
	ASSERT_EQ(tp->bss->transition_same, 0, "no transition to the same backend");
}

/*
 * Slots the events say were allocated and not freed are the slots that
 * debugfs says came into use meanwhile: the two accounts must agree.
 */
static void test_slots(struct vswap_tp *tp)
{
	struct workload_result res;
	long long used0;

	vswap_settle();
	used0 = vswap_debugfs("used");
	tp->bss->slot_allocs = tp->bss->slot_frees = 0;
	if (!ASSERT_OK(workload_run(&(struct workload){ .cgroup = CGROUP,
			.pattern = PATTERN_COMPRESSIBLE, .size = 4 << 20 }, &res), "workload"))
		return;
	vswap_settle();
	ASSERT_GE(tp->bss->slot_allocs, res.evicted, "allocs");
	ASSERT_GT(tp->bss->slot_frees, 0, "frees");
	ASSERT_EQ(tp->bss->slot_allocs - tp->bss->slot_frees, vswap_debugfs("used") - used0,
		  "allocs - frees == change of debugfs used");
}

/* memory.zswap.max makes zswap write the cgroup's older entries back. */
static void test_writeback(struct vswap_tp *tp)
{
	struct workload_result res;

	tp->bss->writeback_ok = 0;
	if (!ASSERT_OK(workload_run(&(struct workload){ .cgroup = CGROUP,
			.pattern = PATTERN_HALF, .size = 16 << 20, .zswap_max = "4M" },
			&res), "workload"))
		return;
	ASSERT_EQ(res.bad_pages, 0, "pages intact");
	ASSERT_GT(tp->bss->writeback_ok, 0, "writebacks traced");
	ASSERT_GT(tp->data->writeback_latency_min, 0, "latency > 0");
	ASSERT_LE(tp->bss->writeback_latency_max, 1000000000ULL, "latency < 1 s");
	ASSERT_GT(tp->bss->writeback_phys_offset_max, 0, "physical slots");
}

/* swapoff reads every page back through the reverse map. */
static void test_rmap_swapoff(struct vswap_tp *tp)
{
	struct workload_result res;
	struct workload_run run;
	char dev[256];
	long long freed;

	if (!ASSERT_OK_PTR(swap_device(dev, sizeof(dev)), "a swap device"))
		return;
	tp->bss->rmap_by_reason[RMAP(SWAPOFF)] = 0;
	if (!ASSERT_OK(workload_start(&(struct workload){ .cgroup = CGROUP,
			.pattern = PATTERN_INCOMPRESSIBLE, .size = 8 << 20 }, &run), "start"))
		return;
	ASSERT_GT(workload_evicted(&run), 0, "evicted");
	freed = tp->bss->rmap_by_reason[RMAP(FREE)];
	if (ASSERT_OK(swapoff(dev), "swapoff"))
		ASSERT_OK(swapon(dev, 0), "swapon");
	ASSERT_OK(workload_finish(&run, &res), "finish");
	ASSERT_EQ(res.bad_pages, 0, "pages intact");
	ASSERT_GE(tp->bss->rmap_by_reason[RMAP(SWAPOFF)], res.evicted * 9 / 10,
		  "reason=swapoff per page");
	ASSERT_GE(tp->bss->rmap_by_reason[RMAP(FREE)] - freed,
		  tp->bss->rmap_by_reason[RMAP(SWAPOFF)], "reason=free for each");
}

void test_tracepoints(void)
{
	struct vswap_tp *tp = vswap_tp__open();

	if (!ASSERT_OK_PTR(tp, "open"))
		return;
	tp->bss->target_cgroup_id = workload_cgroup(CGROUP);
	if (!ASSERT_OK(vswap_tp__load(tp), "load") ||
	    !ASSERT_OK(vswap_tp__attach(tp), "attach"))
		goto out;
	if (test__start_subtest("place_and_transition"))
		test_place_and_transition(tp);
	if (test__start_subtest("slot_alloc_free"))
		test_slots(tp);
	if (test__start_subtest("writeback"))
		test_writeback(tp);
	if (test__start_subtest("rmap_swapoff"))
		test_rmap_swapoff(tp);
out:
	vswap_tp__destroy(tp);
	workload_cgroup_remove(CGROUP);
}
