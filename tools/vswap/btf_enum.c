// SPDX-License-Identifier: GPL-2.0
/* The running kernel's enums, from its BTF; see btf_enum.h. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>

#include "btf_enum.h"

static struct btf *vmlinux_btf(void)
{
	static struct btf *btf;

	if (!btf)
		btf = btf__load_vmlinux_btf();
	return btf;
}

/* Call @fn for each enumerator of @type; stops when it returns non-zero. */
static int for_each_enumerator(const char *type,
			       int (*fn)(const char *name, long long value, void *arg),
			       void *arg)
{
	struct btf *btf = vmlinux_btf();
	const struct btf_type *t;
	const struct btf_enum *e;
	int id, i, ret;

	if (!btf)
		return -errno ?: -ENOENT;
	id = btf__find_by_name_kind(btf, type, BTF_KIND_ENUM);
	if (id < 0)
		return -ENOENT;
	t = btf__type_by_id(btf, id);
	e = btf_enum(t);
	for (i = 0; i < btf_vlen(t); i++, e++) {
		ret = fn(btf__name_by_offset(btf, e->name_off), e->val, arg);
		if (ret)
			return ret;
	}
	return 0;
}

struct lookup {
	const char *prefix;	/* NULL: match the whole name */
	const char *name;
	long long value;
};

/* Does @full, less @prefix, equal @name in lower case? */
static bool short_name_is(const char *full, const char *prefix, const char *name)
{
	size_t len = prefix ? strlen(prefix) : 0;

	if (len && strncmp(full, prefix, len))
		return false;
	for (full += len; *full && *name; full++, name++)
		if (tolower((unsigned char)*full) != tolower((unsigned char)*name))
			return false;
	return !*full && !*name;
}

static int match(const char *name, long long value, void *arg)
{
	struct lookup *l = arg;

	if (l->prefix ? !short_name_is(name, l->prefix, l->name) : strcmp(name, l->name))
		return 0;
	l->value = value;
	return 1;
}

static int lookup(const char *type, struct lookup *l, long long *value)
{
	int ret = for_each_enumerator(type, match, l);

	if (ret < 0)
		return ret;
	if (!ret)
		return -ENOENT;
	*value = l->value;
	return 0;
}

int btf_enum_value(const char *type, const char *name, long long *value)
{
	struct lookup l = { .name = name };

	return lookup(type, &l, value);
}

int btf_enum_parse(const char *type, const char *prefix, const char *name,
		   long long *value)
{
	struct lookup l = { .prefix = prefix, .name = name };

	return lookup(type, &l, value);
}

struct name_table {
	const char *prefix;
	char (*names)[BTF_ENUM_NAME_LEN];
	int max, count;
};

static int collect(const char *name, long long value, void *arg)
{
	struct name_table *t = arg;
	size_t len = strlen(t->prefix);
	char *out;

	if (strncmp(name, t->prefix, len) || value < 0 || value >= t->max)
		return 0;
	out = t->names[value];
	snprintf(out, BTF_ENUM_NAME_LEN, "%s", name + len);
	for (; *out; out++)
		*out = tolower((unsigned char)*out);
	if (value >= t->count)
		t->count = value + 1;
	return 0;
}

int btf_enum_names(const char *type, const char *prefix,
		   char names[][BTF_ENUM_NAME_LEN], int max)
{
	struct name_table t = { .prefix = prefix, .names = names, .max = max };
	int ret;

	memset(names, 0, (size_t)max * BTF_ENUM_NAME_LEN);
	ret = for_each_enumerator(type, collect, &t);
	return ret < 0 ? ret : t.count;
}

const char *btf_enum_list(const char *type, const char *prefix, char *buf,
			  size_t size)
{
	char names[16][BTF_ENUM_NAME_LEN];
	int n = btf_enum_names(type, prefix, names, 16), i;
	size_t len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len < size; i++)
		if (names[i][0])
			len += snprintf(buf + len, size - len, "%s%s", len ? ", " : "", names[i]);
	return buf;
}
