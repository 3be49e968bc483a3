// SPDX-License-Identifier: GPL-2.0
/*
 * vswapctl - load, inspect and unload vswap placement policies.
 *
 * Every policy in bpf/ is built into this one binary (its BPF object is
 * embedded by its skeleton). `load` opens it, sets its tunables, loads it,
 * attaches its struct_ops and any tracing programs, and pins every link
 * under /sys/fs/bpf/vswap, so the policy outlives vswapctl. `unload`
 * removes the pins, which detaches it. The kernel keeps the active
 * policy's name, its decision counters and the last exit reason in
 * debugfs (vswap/policy); `status` shows them, with the policy's own
 * counters read from its pinned .bss map.
 */
#include <argp.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "btf_enum.h"
#include "cgroup_path.h"
#include "adaptive.skel.h"
#include "cgroup_tier.skel.h"
#include "size_tier.skel.h"
#include "zswap_first.skel.h"

#define BPFFS		"/sys/fs/bpf"
#define PIN_DIR		BPFFS "/vswap"
#define LINK_PIN	PIN_DIR "/policy"
#define BSS_PIN		PIN_DIR "/bss"
#define DEBUGFS		"/sys/kernel/debug"
#define POLICY_FILE	DEBUGFS "/vswap/policy"
#define MAX_OPTS	32

struct policy {
	const char *name;
	const void *(*elf_bytes)(size_t *size);
	const char *summary;
};

static const struct policy policies[] = {
	{ "zswap_first", zswap_first__elf_bytes,
	  "the kernel's default in BPF: zswap, and disk for what it rejects" },
	{ "cgroup_tier", cgroup_tier__elf_bytes,
	  "each cgroup's tier (zswap, phys, keep, default) from a map" },
	{ "adaptive", adaptive__elf_bytes,
	  "cgroups whose pages zswap rejects go straight to disk" },
	{ "size_tier", size_tier__elf_bytes,
	  "large folios to disk, small ones to zswap" },
};

static struct env {
	const char *command;
	const char *policy;
	const char *opts[MAX_OPTS];
	int nr_opts;
	bool replace;
	bool verbose;
} env;

const char *argp_program_version = "vswapctl 1.0";
const char argp_program_doc[] =
"Load, inspect and unload vswap placement policies (BPF struct_ops).\n"
"\n"
"COMMANDS:\n"
"  list                   the built-in policies and their tunables\n"
"  load POLICY [-o K=V]   attach POLICY; it stays attached (pinned under\n"
"                         " PIN_DIR ") after vswapctl exits\n"
"  status                 the active policy, its decisions and counters,\n"
"                         and why the last policy stopped\n"
"  unload                 detach the active policy\n"
"\n"
"A tunable K=V sets a policy's `const volatile` variable K to V, a number\n"
"or a placement (default, zswap, phys or keep: the names of the kernel's\n"
"enum vswap_placement, lower case). For a map K of cgroup ids,\n"
"V is CGROUP:PLACEMENT, with CGROUP a path in " CGROUP_FS ".\n"
"Each policy's design is described at the top of bpf/<policy>.bpf.c.\n"
"\n"
"EXAMPLES:\n"
"  vswapctl list\n"
"  vswapctl load adaptive\n"
"  vswapctl load adaptive -o reject_threshold=768 -o probe_interval=16\n"
"  vswapctl load cgroup_tier -o tiers=/sys/fs/cgroup/batch:phys\n"
"  vswapctl load --replace size_tier   # swap policies atomically\n"
"  vswapctl status\n"
"  vswapctl unload\n";

static const struct argp_option opts[] = {
	{ "opt", 'o', "K=V", 0, "Set a tunable or add a map entry (repeatable)", 0 },
	{ "replace", 'r', NULL, 0, "Replace the active policy in place", 0 },
	{ "verbose", 'v', NULL, 0, "Show libbpf's messages, the verifier's too", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Show the full help", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'o':
		if (env.nr_opts == MAX_OPTS)
			argp_error(state, "at most %d options", MAX_OPTS);
		env.opts[env.nr_opts++] = arg;
		break;
	case 'r':
		env.replace = true;
		break;
	case 'v':
		env.verbose = true;
		break;
	case 'h':
		argp_state_help(state, stderr, ARGP_HELP_STD_HELP);
		break;
	case ARGP_KEY_ARG:
		if (!env.command)
			env.command = arg;
		else if (!env.policy && !strcmp(env.command, "load"))
			env.policy = arg;
		else
			argp_error(state, "unexpected argument '%s'", arg);
		break;
	case ARGP_KEY_END:
		if (!env.command)
			argp_error(state, "a command is required");
		if (!strcmp(env.command, "load") && !env.policy)
			argp_error(state, "load: which policy? (see 'vswapctl list')");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int libbpf_print_fn(enum libbpf_print_level level, const char *format,
			   va_list args)
{
	if (level == LIBBPF_DEBUG && !env.verbose)
		return 0;
	if (level == LIBBPF_INFO && !env.verbose)
		return 0;
	return vfprintf(stderr, format, args);
}

static const struct policy *find_policy(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(policies) / sizeof(policies[0]); i++)
		if (!strcmp(policies[i].name, name))
			return &policies[i];
	return NULL;
}

static struct bpf_object *open_policy(const struct policy *p)
{
	LIBBPF_OPTS(bpf_object_open_opts, open_opts, .object_name = p->name);
	struct bpf_object *obj;
	const void *bytes;
	size_t size;

	bytes = p->elf_bytes(&size);
	obj = bpf_object__open_mem(bytes, size, &open_opts);
	if (!obj)
		fprintf(stderr, "vswapctl: cannot open policy %s: %s\n", p->name,
			strerror(errno));
	return obj;
}

/* The value of a placement ("zswap"), from the running kernel's BTF. */
static int placement_value(const char *name, long long *value)
{
	return btf_enum_parse("vswap_placement", "VSWAP_PLACE_", name, value);
}

/* "default, zswap, phys, keep", as the running kernel names them. */
static const char *placement_names(void)
{
	static char buf[128];

	return btf_enum_list("vswap_placement", "VSWAP_PLACE_", buf, sizeof(buf));
}

static int parse_value(const char *text, long long *value)
{
	char *end;

	errno = 0;
	*value = strtoll(text, &end, 0);
	if (!errno && end != text && !*end)
		return 0;
	return placement_value(text, value);
}

/* A variable of the policy's .rodata section: where it is and how big. */
static int find_rodata_var(struct bpf_object *obj, const char *name,
			   __u32 *offset, __u32 *size)
{
	struct btf *btf = bpf_object__btf(obj);
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	int id, i;

	id = btf ? btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC) : -1;
	if (id < 0)
		return -ENOENT;
	sec = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);

		if (!strcmp(btf__name_by_offset(btf, var->name_off), name)) {
			*offset = vs->offset;
			*size = vs->size;
			return 0;
		}
	}
	return -ENOENT;
}

static int set_tunable(struct bpf_object *obj, const char *key, const char *val)
{
	struct bpf_map *rodata = bpf_object__find_map_by_name(obj, ".rodata");
	__u32 offset, size;
	long long value;
	size_t total;
	char *data;

	if (!rodata || find_rodata_var(obj, key, &offset, &size))
		return -ENOENT;
	if (parse_value(val, &value)) {
		fprintf(stderr, "vswapctl: %s=%s: not a number or a placement\n", key, val);
		return -EINVAL;
	}
	data = bpf_map__initial_value(rodata, &total);
	if (!data || offset + size > total || size > sizeof(value))
		return -EINVAL;
	memcpy(data + offset, &value, size);	/* little-endian */
	return 0;
}

/* K=CGROUP:PLACEMENT for a map K; applied once the policy is loaded. */
static int add_map_entry(struct bpf_object *obj, const char *key, const char *val)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, key);
	char path[4096], *colon;
	long long placement;
	__u64 id;
	__u32 value;

	if (!map)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s", val);
	colon = strrchr(path, ':');
	if (!colon) {
		fprintf(stderr, "vswapctl: %s=%s: expected CGROUP:PLACEMENT\n", key, val);
		return -EINVAL;
	}
	*colon = '\0';
	id = cgroup_id_of(path);
	if (!id) {
		fprintf(stderr, "vswapctl: %s: not a cgroup directory\n", path);
		return -EINVAL;
	}
	if (placement_value(colon + 1, &placement)) {
		fprintf(stderr, "vswapctl: %s: not a placement (%s)\n", colon + 1,
			placement_names());
		return -EINVAL;
	}
	value = placement;
	if (bpf_map__update_elem(map, &id, sizeof(id), &value, sizeof(value), BPF_ANY)) {
		fprintf(stderr, "vswapctl: cannot add %s to map %s: %s\n", val, key,
			strerror(errno));
		return -errno;
	}
	return 0;
}

/* Apply tunables before the load (maps == false) or map entries after it. */
static int apply_opts(struct bpf_object *obj, const char *policy, bool maps)
{
	char key[128];
	const char *eq;
	int i, err;

	for (i = 0; i < env.nr_opts; i++) {
		eq = strchr(env.opts[i], '=');
		if (!eq || eq == env.opts[i] || eq - env.opts[i] >= (long)sizeof(key)) {
			fprintf(stderr, "vswapctl: '%s': expected K=V\n", env.opts[i]);
			return -EINVAL;
		}
		snprintf(key, sizeof(key), "%.*s", (int)(eq - env.opts[i]), env.opts[i]);
		if (bpf_object__find_map_by_name(obj, key) && key[0] != '.') {
			err = maps ? add_map_entry(obj, key, eq + 1) : 0;
		} else {
			err = maps ? 0 : set_tunable(obj, key, eq + 1);
			if (err == -ENOENT)
				fprintf(stderr, "vswapctl: %s has no tunable or map '%s' (see 'vswapctl list')\n",
					policy, key);
		}
		if (err)
			return err;
	}
	return 0;
}

static void print_tunables(struct bpf_object *obj)
{
	struct bpf_map *rodata = bpf_object__find_map_by_name(obj, ".rodata");
	struct btf *btf = bpf_object__btf(obj);
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	struct bpf_map *map;
	const char *data;
	long long value;
	size_t total;
	int id, i;

	id = btf && rodata ? btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC) : -1;
	data = id > 0 ? bpf_map__initial_value(rodata, &total) : NULL;
	if (data) {
		sec = btf__type_by_id(btf, id);
		vs = btf_var_secinfos(sec);
		for (i = 0; i < btf_vlen(sec); i++, vs++) {
			const struct btf_type *var = btf__type_by_id(btf, vs->type);

			if (vs->size > sizeof(value))
				continue;
			value = 0;
			memcpy(&value, data + vs->offset, vs->size);
			printf("      -o %s=%lld\n", btf__name_by_offset(btf, var->name_off), value);
		}
	}
	bpf_object__for_each_map(map, obj)
		if (bpf_map__type(map) == BPF_MAP_TYPE_HASH && bpf_map__key_size(map) == 8)
			printf("      -o %s=CGROUP:PLACEMENT\n", bpf_map__name(map));
}

static int cmd_list(void)
{
	size_t i;

	for (i = 0; i < sizeof(policies) / sizeof(policies[0]); i++) {
		struct bpf_object *obj = open_policy(&policies[i]);

		printf("%-12s %s\n", policies[i].name, policies[i].summary);
		if (obj)
			print_tunables(obj);
		bpf_object__close(obj);
	}
	return 0;
}

/* bpffs at /sys/fs/bpf: mount it if nothing is mounted there yet. */
static int ensure_bpffs(void)
{
	struct statfs st;

	if (!statfs(BPFFS, &st) && st.f_type == BPF_FS_MAGIC)
		return 0;
	if (mount("bpf", BPFFS, "bpf", 0, NULL)) {
		fprintf(stderr, "vswapctl: %s is not a BPF filesystem and mounting one failed: %s\n",
			BPFFS, strerror(errno));
		return -errno;
	}
	return 0;
}

static int pin_link(struct bpf_link *link, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", PIN_DIR, name);
	if (bpf_link__pin(link, path)) {
		fprintf(stderr, "vswapctl: cannot pin %s: %s\n", path, strerror(errno));
		return -errno;
	}
	return 0;
}

static const char *load_error_hint(int err)
{
	switch (err) {
	case -EPERM:
	case -EACCES:
		return "attaching a policy needs CAP_SYS_ADMIN, or CAP_BPF and CAP_PERFMON";
	case -EBUSY:
		return "a policy is already active: 'vswapctl unload' it, or use --replace";
	case -ENOENT:
		return "is this the vswap kernel (CONFIG_VSWAP_BPF)?";
	default:
		return "run with -v for the verifier's log";
	}
}

/* Attach @obj's struct_ops map, replacing the pinned policy if asked to. */
static struct bpf_link *attach_ops(struct bpf_map *ops, const char *policy)
{
	struct bpf_link *link;
	int err;

	if (!env.replace) {
		link = bpf_map__attach_struct_ops(ops);
		if (!link)
			goto fail;
		return link;
	}
	link = bpf_link__open(LINK_PIN);
	if (!link) {
		fprintf(stderr, "vswapctl: --replace: no policy is loaded (%s)\n", LINK_PIN);
		return NULL;
	}
	if (bpf_link__update_map(link, ops)) {
		bpf_link__destroy(link);
		goto fail;
	}
	return link;
fail:
	err = -errno;
	fprintf(stderr, "vswapctl: cannot attach %s: %s (%s)\n", policy,
		strerror(-err), load_error_hint(err));
	return NULL;
}

/*
 * With --replace, the old policy's other pins (tracing links, .bss) are
 * removed; its struct_ops link stays and now runs the new policy.
 */
static void remove_pins(bool keep_link)
{
	struct dirent *de;
	char path[512];
	DIR *dir;

	dir = opendir(PIN_DIR);
	if (!dir)
		return;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", PIN_DIR, de->d_name);
		if (keep_link && !strcmp(path, LINK_PIN))
			continue;
		unlink(path);
	}
	closedir(dir);
}

/* Attach and pin every program of @obj that is not a struct_ops callback. */
static int attach_tracing(struct bpf_object *obj)
{
	struct bpf_program *prog;
	struct bpf_link *link;
	int err;

	bpf_object__for_each_program(prog, obj) {
		if (bpf_program__type(prog) == BPF_PROG_TYPE_STRUCT_OPS)
			continue;
		link = bpf_program__attach(prog);
		err = link ? pin_link(link, bpf_program__name(prog)) : -errno;
		bpf_link__destroy(link);	/* the pin keeps it */
		if (err) {
			fprintf(stderr, "vswapctl: cannot attach %s: %s\n",
				bpf_program__name(prog), strerror(-err));
			return err;
		}
	}
	return 0;
}

static int cmd_load(void)
{
	const struct policy *p = find_policy(env.policy);
	struct bpf_map *map, *ops = NULL, *bss;
	struct bpf_link *ops_link = NULL;
	struct bpf_object *obj;
	int err;

	if (!p) {
		fprintf(stderr, "vswapctl: no policy '%s' (see 'vswapctl list')\n", env.policy);
		return 1;
	}
	if (ensure_bpffs())
		return 1;
	if (!env.replace && !access(LINK_PIN, F_OK)) {
		fprintf(stderr, "vswapctl: a policy is already loaded (%s): 'vswapctl unload' it, or use --replace\n",
			LINK_PIN);
		return 1;
	}
	obj = open_policy(p);
	if (!obj)
		return 1;
	err = apply_opts(obj, p->name, false);
	if (err)
		goto out;
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "vswapctl: cannot load %s: %s (%s)\n", p->name,
			strerror(-err), load_error_hint(err));
		goto out;
	}
	err = apply_opts(obj, p->name, true);
	if (err)
		goto out;
	bpf_object__for_each_map(map, obj)
		if (bpf_map__type(map) == BPF_MAP_TYPE_STRUCT_OPS)
			ops = map;
	if (!ops) {
		fprintf(stderr, "vswapctl: %s has no struct_ops map\n", p->name);
		err = -EINVAL;
		goto out;
	}
	if (mkdir(PIN_DIR, 0700) && errno != EEXIST) {
		err = -errno;
		fprintf(stderr, "vswapctl: cannot create %s: %s\n", PIN_DIR, strerror(errno));
		goto out;
	}
	if (env.replace) {
		/*
		 * The pinned link switches to the new policy; then the old
		 * policy's other pins go and the new one's tracing comes.
		 */
		ops_link = attach_ops(ops, p->name);
		if (!ops_link) {
			err = -EINVAL;
			goto out;
		}
		remove_pins(true);
		err = attach_tracing(obj);
	} else {
		/* Tracing first: a policy may learn from it from the start. */
		err = attach_tracing(obj);
		ops_link = err ? NULL : attach_ops(ops, p->name);
		if (!err && !ops_link)
			err = -EINVAL;
		err = err ?: pin_link(ops_link, "policy");
		if (err) {
			remove_pins(false);
			goto out;
		}
	}
	bss = bpf_object__find_map_by_name(obj, ".bss");
	if (bss && bpf_map__pin(bss, BSS_PIN))
		fprintf(stderr, "vswapctl: warning: cannot pin %s: status will not show its counters\n",
			BSS_PIN);
	printf("vswapctl: %s %s; pinned under %s\n", p->name,
	       env.replace ? "replaced the active policy" : "attached", PIN_DIR);
out:
	bpf_link__destroy(ops_link);
	bpf_object__close(obj);
	return err ? 1 : 0;
}

/* The u64 variables of the active policy's .bss map: its own counters. */
static void print_policy_counters(void)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), i;
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	struct btf *btf = NULL;
	char *data = NULL;
	int fd, id, zero = 0;

	fd = bpf_obj_get(BSS_PIN);
	if (fd < 0)
		return;
	if (bpf_map_get_info_by_fd(fd, &info, &len) || !info.btf_id)
		goto out;
	btf = btf__load_from_kernel_by_id(info.btf_id);
	data = calloc(1, info.value_size);
	if (!btf || !data || bpf_map_lookup_elem(fd, &zero, data))
		goto out;
	id = btf__find_by_name_kind(btf, ".bss", BTF_KIND_DATASEC);
	if (id < 0)
		goto out;
	sec = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	printf("policy counters:\n");
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);
		__u64 value = 0;

		if (vs->size != 8 && vs->size != 4)
			continue;
		memcpy(&value, data + vs->offset, vs->size);
		printf("  %-20s %llu\n", btf__name_by_offset(btf, var->name_off),
		       (unsigned long long)value);
	}
out:
	free(data);
	btf__free(btf);
	close(fd);
}

static bool has_cap(const struct __user_cap_data_struct caps[2], int cap)
{
	return caps[cap / 32].effective & (1u << (cap % 32));
}

/*
 * @command needs the capabilities to load and attach BPF, and root's files:
 * the pins under /sys/fs/bpf and debugfs. Without them, libbpf fails in
 * ways that point elsewhere (a refused BTF load reads "Operation not
 * supported"): say what is missing before trying.
 */
static int require_privilege(const char *command)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct caps[2] = {};

	if (syscall(SYS_capget, &hdr, caps)) {
		fprintf(stderr, "vswapctl: cannot read this process's capabilities: %s\n",
			strerror(errno));
		return -1;
	}
	if (has_cap(caps, CAP_SYS_ADMIN) ||
	    (has_cap(caps, CAP_BPF) && has_cap(caps, CAP_PERFMON)))
		return 0;
	fprintf(stderr, "vswapctl: %s: permission denied: run it as root (it needs CAP_SYS_ADMIN, or CAP_BPF and CAP_PERFMON, and access to %s and %s)\n",
		command, BPFFS, DEBUGFS);
	return -1;
}

static int cmd_status(void)
{
	char line[256];
	FILE *f;

	f = fopen(POLICY_FILE, "r");
	if (!f && errno == ENOENT && !mount("debugfs", DEBUGFS, "debugfs", 0, NULL))
		f = fopen(POLICY_FILE, "r");
	if (!f) {
		fprintf(stderr, "vswapctl: cannot read %s: %s (is this the vswap kernel?)\n",
			POLICY_FILE, strerror(errno));
		return 1;
	}
	printf("kernel (%s):\n", POLICY_FILE);
	while (fgets(line, sizeof(line), f))
		printf("  %s", line);
	fclose(f);
	printf("pinned: %s\n", access(LINK_PIN, F_OK) ? "nothing" : LINK_PIN);
	print_policy_counters();
	return 0;
}

static int cmd_unload(void)
{
	int fd;

	if (access(LINK_PIN, F_OK)) {
		fprintf(stderr, "vswapctl: no policy is loaded (%s does not exist)\n", LINK_PIN);
		return 1;
	}
	/* Detach now: dropping the last pin would detach it asynchronously. */
	fd = bpf_obj_get(LINK_PIN);
	if (fd < 0 || bpf_link_detach(fd)) {
		fprintf(stderr, "vswapctl: cannot detach %s: %s\n", LINK_PIN, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	close(fd);
	remove_pins(false);
	rmdir(PIN_DIR);
	printf("vswapctl: policy detached\n");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		.options = opts,
		.parser = parse_arg,
		.args_doc = "COMMAND [ARG...]",
		.doc = argp_program_doc,
	};
	int err;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return 1;
	libbpf_set_print(libbpf_print_fn);
	if (!strcmp(env.command, "list"))
		return cmd_list();
	if (strcmp(env.command, "load") && strcmp(env.command, "status") &&
	    strcmp(env.command, "unload")) {
		fprintf(stderr, "vswapctl: unknown command '%s' (see --help)\n", env.command);
		return 1;
	}
	if (require_privilege(env.command))
		return 1;
	if (!strcmp(env.command, "load"))
		return cmd_load();
	if (!strcmp(env.command, "status"))
		return cmd_status();
	return cmd_unload();
}
