/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hold points. A lab program started with --hold DIR stops at named points
 * of its run ("filled": its memory is written, not yet evicted; "evicted":
 * its memory is out; "verified": it was read back and checked, still
 * mapped) until the shell that started it has done
 * its own step there, such as a swapoff, a check of the counters, or
 * releasing several programs at once. The shell side is held_run and
 * hold_wait/hold_release in tools/lib/swaplab.sh.
 *
 * Protocol, all in DIR: the program writes "cgroup" (its cgroup's path)
 * at the start, then at each point creates NAME.ready and waits until
 * NAME.go exists.
 */
#ifndef SWAPLAB_HOLD_H
#define SWAPLAB_HOLD_H

/* Record the program's cgroup directory in @dir; 0 or -errno. */
int hold_start(const char *dir, const char *cgroup_path);
/* Stop at point @name until it is released; 0 or -errno. */
int hold_point(const char *dir, const char *name);

#endif
