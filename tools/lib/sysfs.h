/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading and writing the kernel's files: sysfs, procfs, cgroupfs and
 * debugfs. Every program of the swap lab goes through these.
 */
#ifndef SWAPLAB_SYSFS_H
#define SWAPLAB_SYSFS_H

#define VSWAP_SYSFS	"/sys/kernel/mm/vswap"
#define VSWAP_DEBUGFS	"/sys/kernel/debug/vswap"
#define ZSWAP_DEBUGFS	"/sys/kernel/debug/zswap"

/* The number at the start of @path; -1 if unreadable. */
long long read_ll(const char *path);
/* Write @val to @path; 0 or -errno. */
int write_str(const char *path, const char *val);
/* The value of "@key value" in a flat-keyed file (/proc/vmstat, memory.stat); -1 if absent. */
long long read_key(const char *path, const char *key);

/* A /proc/vmstat counter; -1 if the kernel does not have it. */
long long vmstat_read(const char *name);
/* A vswap debugfs counter ("used", "zswap", "policy_invalid"...); -1 if absent. */
long long vswap_debugfs(const char *name);
/* A zswap debugfs counter ("stored_pages", "reject_compress_poor"...). */
long long zswap_debugfs(const char *name);
/* Is vswap steering new swap-outs (/sys/kernel/mm/vswap/enabled)? -1 without vswap. */
int vswap_enabled(void);

/* KiB in use on all physical swap devices (/proc/swaps); -1 on error. */
long long swap_used_kib(void);
/* Physical swap devices in /proc/swaps. */
int swap_devices(void);

#endif
