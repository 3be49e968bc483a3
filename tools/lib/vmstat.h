/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Swap event counters from /proc/vmstat, so a test can prove that its
 * pages really went to (and came back from) the backend it expects.
 */
#ifndef SWAPLAB_VMSTAT_H
#define SWAPLAB_VMSTAT_H

struct swap_events {
	long long pswpin, pswpout;		/* pages read/written on disk */
	long long zswpin, zswpout, zswpwb;	/* zswap loads/stores/writebacks */
	long long swpin_zero, swpout_zero;	/* zero-page marker, no I/O */
	long long thp_swpout, thp_swpout_fallback;
	/* with vswap: swap-outs through it by destination, its writebacks */
	long long vswpout_zero, vswpout_zswap, vswpout_phys, vswpout_kept, vswpwb;
};

void swap_events_read(struct swap_events *ev);
/* *delta = *after - *before, field by field. */
void swap_events_sub(struct swap_events *delta, const struct swap_events *after,
		     const struct swap_events *before);
/* "pswpin=0 pswpout=12 ..." into @buf. */
void swap_events_format(const struct swap_events *ev, char *buf, int len);

#endif
