// SPDX-License-Identifier: GPL-2.0
/* Swap event counters; see vmstat.h. */
#include <stdio.h>

#include "sysfs.h"
#include "vmstat.h"

#define SWAP_EVENTS(X) \
	X(pswpin) X(pswpout) X(zswpin) X(zswpout) X(zswpwb) \
	X(swpin_zero) X(swpout_zero) X(thp_swpout) X(thp_swpout_fallback) \
	X(vswpout_zero) X(vswpout_zswap) X(vswpout_phys) X(vswpout_kept) X(vswpwb)

void swap_events_read(struct swap_events *ev)
{
#define READ_ONE(f) ev->f = vmstat_read(#f);
	SWAP_EVENTS(READ_ONE)
#undef READ_ONE
}

void swap_events_sub(struct swap_events *delta, const struct swap_events *after,
		     const struct swap_events *before)
{
#define SUB_ONE(f) delta->f = after->f - before->f;
	SWAP_EVENTS(SUB_ONE)
#undef SUB_ONE
}

void swap_events_format(const struct swap_events *ev, char *buf, int len)
{
	int n = 0;

#define FMT_ONE(f) \
	if (n < len) \
		n += snprintf(buf + n, len - n, "%s%s=%lld", n ? " " : "", #f, ev->f);
	SWAP_EVENTS(FMT_ONE)
#undef FMT_ONE
}
