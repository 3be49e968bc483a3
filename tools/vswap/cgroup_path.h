/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __VSWAP_CGROUP_PATH_H
#define __VSWAP_CGROUP_PATH_H

#include <stddef.h>
#include <stdint.h>

#define CGROUP_FS "/sys/fs/cgroup"

/* The id of the cgroup at @path (its cgroupfs inode number), 0 on error. */
uint64_t cgroup_id_of(const char *path);

/*
 * The path of cgroup @id relative to CGROUP_FS ("/" for the root, "?" for
 * id 0), written to @buf. New cgroups are looked for on a miss; a cgroup
 * seen once keeps its name after it is removed.
 */
const char *cgroup_name(uint64_t id, char *buf, size_t size);

/* Learn the names of the cgroups that exist now. */
void cgroup_names_scan(void);

#endif
