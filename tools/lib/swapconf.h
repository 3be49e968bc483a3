/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The named swap configurations of the swap lab. Tests, benchmarks and the
 * demo use the same names, which tools/lib/swaplab.sh (swap_setup) sets up:
 *
 *   legacy-zswap        zswap and no swap device, vswap off: nothing can be
 *                       swapped (the baseline vswap-zswap is compared with)
 *   legacy-disk         a physical swap disk, vswap off
 *   legacy-zswap+disk   zswap in front of the disk, vswap off
 *   vswap-zswap         vswap with zswap, and no physical swap device
 *   vswap-disk          vswap backed by the disk, zswap off
 *   vswap-zswap+disk    vswap with zswap, backed by the disk
 *   legacy-zram         zram as the only swap device, zswap off, vswap off
 *   vswap-zram          vswap backed by zram, zswap off
 *
 * That is (legacy|vswap)-(zswap|disk|zswap+disk|zram).
 */
#ifndef SWAPLAB_SWAPCONF_H
#define SWAPLAB_SWAPCONF_H

#include <stdbool.h>
#include <stddef.h>

struct swap_config {
	char name[32];
	bool vswap;	/* new swap-outs go through the virtual device */
	bool zswap;	/* zswap is enabled */
	bool disk;	/* a physical swap device is on */
	bool zram;	/* ... and it is zram, not the disk */
};

/* Parse a configuration name; 0, or -EINVAL if it names none. */
int swap_config_parse(const char *name, struct swap_config *cfg);
/*
 * Does the running system look like @cfg? 0, or -1 with the difference
 * described in @why.
 */
int swap_config_check(const struct swap_config *cfg, char *why, size_t len);

#endif
