// SPDX-License-Identifier: GPL-2.0
/*
 * Attach, replace and detach policies as fast as possible while a workload
 * swaps out mixed pages: every swap-out in flight finishes with some
 * policy or none, and every byte reads back intact.
 */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "test_progs.h"
#include "vswap_test_ops.skel.h"
#include "workload.h"

#define CGROUP	"vswap_bpf_storm"

/* Cycle until the workload reports its eviction; the number of cycles. */
static long storm(struct vswap_test_ops *skel, struct workload_run *run)
{
	struct pollfd pfd = { .fd = run->from_child, .events = POLLIN };
	static const char *const placements[] = { "ZSWAP", "PHYS", "KEEP", "DEFAULT" };
	struct bpf_link *link;
	long cycles = 0;
	char name[32];

	while (!poll(&pfd, 1, 0)) {
		snprintf(name, sizeof(name), "VSWAP_PLACE_%s", placements[cycles % 4]);
		skel->bss->placement = kernel_enum("vswap_placement", name);
		link = bpf_map__attach_struct_ops(skel->maps.test_ops_a);
		if (!ASSERT_OK_PTR(link, "attach"))
			return -1;
		usleep(2000);
		if (!ASSERT_OK(bpf_link__update_map(link, skel->maps.test_ops_b), "replace")) {
			bpf_link__destroy(link);
			return -1;
		}
		usleep(2000);
		bpf_link__destroy(link);
		cycles++;
	}
	return cycles;
}

void test_detach_storm(void)
{
	struct vswap_test_ops *skel = vswap_test_ops__open_and_load();
	struct workload_result res;
	struct workload_run run;
	long cycles;

	if (!ASSERT_OK_PTR(skel, "open_and_load"))
		return;
	if (!test__start_subtest("mixed_64M"))
		goto out;
	if (!ASSERT_OK(workload_start(&(struct workload){ .cgroup = CGROUP,
			.pattern = PATTERN_MIXED, .size = 64 << 20, .want_pct = 60 }, &run),
		       "start"))
		goto out;
	cycles = storm(skel, &run);
	res.evicted = workload_evicted(&run);
	ASSERT_OK(workload_finish(&run, &res), "finish");
	printf("#   %ld attach/replace/detach cycles, %ld of %ld pages evicted\n",
	       cycles, res.evicted, res.npages);
	ASSERT_GE(cycles, 2, "policies changed during the swap-out");
	ASSERT_GT(res.evicted, 0, "pages evicted");
	ASSERT_EQ(res.bad_pages, 0, "every page intact");
	ASSERT_GT(skel->bss->calls_a + skel->bss->calls_b, 0, "policies decided");
out:
	vswap_test_ops__destroy(skel);
	workload_cgroup_remove(CGROUP);
}
