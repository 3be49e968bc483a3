// SPDX-License-Identifier: GPL-2.0
/*
 * The policies shipped in bpf/: pages land where each one says, checked
 * against vswap's per-backend slot counts, the cgroups' own swap and zswap
 * counters, and the kernel's THP swap-out counter.
 */
#include <stdio.h>
#include <bpf/libbpf.h>

#include "adaptive.skel.h"
#include "cgroup_tier.skel.h"
#include "helpers.h"
#include "cgroup.h"
#include "size_tier.skel.h"
#include "test_progs.h"
#include "workload.h"
#include "zswap_first.skel.h"

#define THP_PMD "/sys/kernel/mm/transparent_hugepage/hugepages-2048kB/enabled"

static long long cgroup_stat(const char *cgroup, const char *file, const char *key)
{
	struct test_cgroup cg;

	cgroup_at(&cg, cgroup);
	return key ? cgroup_read_key(&cg, file, key) : cgroup_read(&cg, file);
}

static void test_zswap_first(void)
{
	struct zswap_first *skel = zswap_first__open_and_load();
	struct workload_result res;
	struct workload_run run;
	struct bpf_link *link = NULL;
	long long zswap0, phys0;

	if (!ASSERT_OK_PTR(skel, "open_and_load"))
		return;
	link = bpf_map__attach_struct_ops(skel->maps.zswap_first_ops);
	if (!ASSERT_OK_PTR(link, "attach"))
		goto out;
	zswap0 = vswap_debugfs("zswap");
	phys0 = vswap_debugfs("phys");
	if (!ASSERT_OK(workload_start(&(struct workload){ .cgroup = "zswap_first",
			.pattern = PATTERN_COMPRESSIBLE, .size = 8 << 20 }, &run), "start"))
		goto out;
	res.evicted = workload_evicted(&run);
	ASSERT_GE(vswap_debugfs("zswap") - zswap0, res.evicted * 9 / 10, "slots in zswap");
	ASSERT_LE(vswap_debugfs("phys") - phys0, res.evicted / 10, "slots on disk");
	ASSERT_OK(workload_finish(&run, &res), "finish");
	ASSERT_EQ(res.bad_pages, 0, "pages intact");
	ASSERT_GE(skel->bss->nr_decisions, res.evicted, "decisions");
out:
	bpf_link__destroy(link);
	zswap_first__destroy(skel);
	workload_cgroup_remove("zswap_first");
}

/* Two cgroups of compressible data: one tiered to disk, one to zswap. */
static void test_cgroup_tier(void)
{
	struct cgroup_tier *skel = cgroup_tier__open_and_load();
	struct workload_run to_disk, to_zswap;
	struct workload_result res_disk, res_zswap;
	struct bpf_link *link = NULL;
	__u64 id;
	__u32 tier;

	if (!ASSERT_OK_PTR(skel, "open_and_load"))
		return;
	id = workload_cgroup("tier_phys");
	tier = PLACE(PHYS);
	ASSERT_OK(bpf_map__update_elem(skel->maps.tiers, &id, 8, &tier, 4, 0), "tier phys");
	id = workload_cgroup("tier_zswap");
	tier = PLACE(ZSWAP);
	ASSERT_OK(bpf_map__update_elem(skel->maps.tiers, &id, 8, &tier, 4, 0), "tier zswap");
	link = bpf_map__attach_struct_ops(skel->maps.cgroup_tier_ops);
	if (!ASSERT_OK_PTR(link, "attach"))
		goto out;
	if (!ASSERT_OK(workload_start(&(struct workload){ .cgroup = "tier_phys",
			.pattern = PATTERN_COMPRESSIBLE, .size = 8 << 20 }, &to_disk), "start phys"))
		goto out;
	if (!ASSERT_OK(workload_start(&(struct workload){ .cgroup = "tier_zswap",
			.pattern = PATTERN_COMPRESSIBLE, .size = 8 << 20 }, &to_zswap), "start zswap")) {
		workload_finish(&to_disk, &res_disk);
		goto out;
	}
	res_disk.evicted = workload_evicted(&to_disk);
	res_zswap.evicted = workload_evicted(&to_zswap);
	/* memory.swap.current counts physical slots only; zswapped pages zswap. */
	ASSERT_GE(cgroup_stat("tier_phys", "memory.swap.current", NULL) / 4096,
		  res_disk.evicted * 9 / 10, "phys tier: on disk");
	ASSERT_EQ(cgroup_stat("tier_phys", "memory.stat", "zswapped"), 0, "phys tier: not in zswap");
	ASSERT_GE(cgroup_stat("tier_zswap", "memory.stat", "zswapped") / 4096,
		  res_zswap.evicted * 9 / 10, "zswap tier: in zswap");
	ASSERT_EQ(cgroup_stat("tier_zswap", "memory.swap.current", NULL), 0, "zswap tier: not on disk");
	ASSERT_OK(workload_finish(&to_disk, &res_disk), "finish phys");
	ASSERT_OK(workload_finish(&to_zswap, &res_zswap), "finish zswap");
	ASSERT_EQ(res_disk.bad_pages + res_zswap.bad_pages, 0, "pages intact");
	ASSERT_GT(skel->bss->nr_mapped, 0, "decisions from the map");
out:
	bpf_link__destroy(link);
	cgroup_tier__destroy(skel);
	workload_cgroup_remove("tier_phys");
	workload_cgroup_remove("tier_zswap");
}

/* 2M THPs go to disk whole; small pages of the same data go to zswap. */
static void test_size_tier(void)
{
	struct size_tier *skel = size_tier__open_and_load();
	struct workload_result res;
	struct workload_run run;
	struct bpf_link *link = NULL;
	long long thp0, zswap0;
	char saved[64] = "never";
	FILE *f;

	if (!ASSERT_OK_PTR(skel, "open_and_load"))
		return;
	f = fopen(THP_PMD, "r");
	if (f) {
		if (fscanf(f, "%*[^[][%63[^]]", saved) != 1)
			snprintf(saved, sizeof(saved), "never");
		fclose(f);
	}
	if (!ASSERT_OK(write_str(THP_PMD, "madvise"), "enable THP"))
		goto out;
	link = bpf_map__attach_struct_ops(skel->maps.size_tier_ops);
	if (!ASSERT_OK_PTR(link, "attach"))
		goto out;
	thp0 = vmstat_read("thp_swpout");
	if (!ASSERT_OK(workload_run(&(struct workload){ .cgroup = "size_large",
			.pattern = PATTERN_COMPRESSIBLE, .size = 8 << 20, .thp = true }, &res),
		       "THP workload"))
		goto out;
	ASSERT_EQ(res.bad_pages, 0, "THP pages intact");
	ASSERT_GT(skel->bss->nr_large, 0, "large folios decided");
	ASSERT_GT(vmstat_read("thp_swpout") - thp0, 0, "THPs swapped out whole");
	zswap0 = vswap_debugfs("zswap");
	if (!ASSERT_OK(workload_start(&(struct workload){ .cgroup = "size_small",
			.pattern = PATTERN_COMPRESSIBLE, .size = 8 << 20 }, &run), "small workload"))
		goto out;
	res.evicted = workload_evicted(&run);
	ASSERT_GE(vswap_debugfs("zswap") - zswap0, res.evicted * 9 / 10, "small pages in zswap");
	ASSERT_OK(workload_finish(&run, &res), "finish");
	ASSERT_EQ(res.bad_pages, 0, "small pages intact");
	ASSERT_GE(skel->bss->nr_small, res.evicted, "small folios decided");
out:
	bpf_link__destroy(link);
	write_str(THP_PMD, saved);
	size_tier__destroy(skel);
	workload_cgroup_remove("size_large");
	workload_cgroup_remove("size_small");
}

/* Pages zswap compressed and then refused. */
static long long zswap_rejects(void)
{
	return zswap_debugfs("reject_compress_poor") + zswap_debugfs("reject_compress_fail");
}

/* The % of @cgroup's evicted pages that zswap refused after compressing. */
static long long rejected_by_zswap(const char *cgroup)
{
	struct workload_result res;
	long long rejects0 = zswap_rejects();

	if (!ASSERT_OK(workload_run(&(struct workload){ .cgroup = cgroup,
			.pattern = PATTERN_INCOMPRESSIBLE, .size = 16 << 20 }, &res), "workload"))
		return -1;
	if (!ASSERT_EQ(res.bad_pages, 0, "pages intact"))
		return -1;
	return (zswap_rejects() - rejects0) * 100 / (res.evicted ?: 1);
}

/*
 * Incompressible data in one cgroup, compressible in another: adaptive
 * learns that zswap rejects the first and sends it to disk directly, so
 * zswap compresses (and rejects) far fewer of its pages.
 */
static void test_adaptive(void)
{
	struct adaptive *skel = adaptive__open_and_load();
	struct workload_result res;
	struct bpf_link *ops = NULL, *learn = NULL;
	long long pct_default, pct_adaptive;

	if (!ASSERT_OK_PTR(skel, "open_and_load"))
		return;
	pct_default = rejected_by_zswap("adaptive_random");
	printf("#   without a policy zswap rejected %lld%% of the evicted pages\n", pct_default);
	learn = bpf_program__attach(skel->progs.adaptive_learn);
	ops = bpf_map__attach_struct_ops(skel->maps.adaptive_ops);
	if (!ASSERT_OK_PTR(learn, "attach learner") || !ASSERT_OK_PTR(ops, "attach"))
		goto out;
	pct_adaptive = rejected_by_zswap("adaptive_random");
	printf("#   with adaptive zswap rejected %lld%% (to disk directly: %llu, probes: %llu)\n",
	       pct_adaptive, (unsigned long long)skel->bss->nr_to_phys,
	       (unsigned long long)skel->bss->nr_probes);
	ASSERT_GE(pct_default, 90, "zswap rejects random data");
	ASSERT_LE(pct_adaptive, 20, "adaptive sends it to disk first");
	ASSERT_GT(skel->bss->nr_to_phys, 0, "placed on disk");
	/* Compressible data still goes to zswap. */
	if (!ASSERT_OK(workload_run(&(struct workload){ .cgroup = "adaptive_text",
			.pattern = PATTERN_COMPRESSIBLE, .size = 8 << 20 }, &res), "compressible"))
		goto out;
	ASSERT_EQ(res.bad_pages, 0, "compressible pages intact");
	ASSERT_GE(cgroup_stat("adaptive_text", "memory.stat", "zswpout"), res.evicted * 9 / 10,
		  "compressible data still goes to zswap");
out:
	bpf_link__destroy(ops);
	bpf_link__destroy(learn);
	adaptive__destroy(skel);
	workload_cgroup_remove("adaptive_random");
	workload_cgroup_remove("adaptive_text");
}

void test_policies(void)
{
	if (test__start_subtest("zswap_first"))
		test_zswap_first();
	if (test__start_subtest("cgroup_tier"))
		test_cgroup_tier();
	if (test__start_subtest("size_tier"))
		test_size_tier();
	if (test__start_subtest("adaptive"))
		test_adaptive();
}
