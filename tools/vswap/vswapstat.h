/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswapstat.h - what vswapstat.bpf.c and vswapstat.c share.
 *
 * The arrays are indexed by the kernel's enum vswap_backend and enum
 * vswap_rmap_reason. Their sizes are capacities, checked against the
 * kernel's enums in vswapstat.bpf.c; vswapstat.c reads the enumerators'
 * names and values from the kernel's BTF.
 */
#ifndef __VSWAPSTAT_H
#define __VSWAPSTAT_H

#define VSWAPSTAT_MAX_BACKENDS		8
#define VSWAPSTAT_MAX_RMAP_REASONS	8
/* log2 slots of the writeback latency histogram, in microseconds */
#define VSWAPSTAT_HIST_SLOTS		27

/* One cgroup's activity, as counted by the tracepoints. */
struct vswapstat_cgroup {
	__u64 placed[VSWAPSTAT_MAX_BACKENDS];	/* by final backend; none = kept */
	__u64 invalid;				/* policy returns out of range */
	__u64 writeback_ok;			/* zswap -> phys */
	__u64 writeback_fail;			/* left in zswap */
	__u64 rmap[VSWAPSTAT_MAX_RMAP_REASONS];	/* by enum vswap_rmap_reason */
	__u64 zswap_stores;			/* folios zswap tried to store */
	__u64 zswap_rejects;			/* ... and did not */
	__u64 zswap_store_ns;			/* time in zswap_store() */
};

struct vswapstat_hist {
	__u32 slots[VSWAPSTAT_HIST_SLOTS];
};

#endif /* __VSWAPSTAT_H */
