// SPDX-License-Identifier: GPL-2.0
/* Cgroup ids (cgroupfs inode numbers) to paths, and back. */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cgroup_path.h"

struct cgroup_entry {
	uint64_t id;
	char *path;
};

static struct cgroup_entry *entries;
static size_t nr_entries, cap_entries;

uint64_t cgroup_id_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return 0;
	return st.st_ino;
}

static const char *lookup(uint64_t id);

static int add_entry(const char *path, const struct stat *st, int type,
		     struct FTW *ftw)
{
	const char *rel = path + strlen(CGROUP_FS);

	(void)ftw;
	if (type != FTW_D || lookup(st->st_ino))
		return 0;
	if (nr_entries == cap_entries) {
		size_t cap = cap_entries ? 2 * cap_entries : 64;
		struct cgroup_entry *grown = realloc(entries, cap * sizeof(*grown));

		if (!grown)
			return -1;
		entries = grown;
		cap_entries = cap;
	}
	entries[nr_entries].id = st->st_ino;
	entries[nr_entries].path = strdup(*rel ? rel : "/");
	if (!entries[nr_entries].path)
		return -1;
	nr_entries++;
	return 0;
}

/*
 * Add the cgroups not seen yet. Removed ones are kept: their counts may
 * still be printed after they are gone.
 */
static void rescan(void)
{
	nftw(CGROUP_FS, add_entry, 16, FTW_PHYS | FTW_MOUNT);
}

static const char *lookup(uint64_t id)
{
	size_t i;

	for (i = 0; i < nr_entries; i++)
		if (entries[i].id == id)
			return entries[i].path;
	return NULL;
}

void cgroup_names_scan(void)
{
	rescan();
}

const char *cgroup_name(uint64_t id, char *buf, size_t size)
{
	const char *path;

	if (!id) {
		snprintf(buf, size, "?");
		return buf;
	}
	path = lookup(id);
	if (!path) {
		rescan();
		path = lookup(id);
	}
	if (path)
		snprintf(buf, size, "%s", path);
	else
		snprintf(buf, size, "id:%llu", (unsigned long long)id);
	return buf;
}
