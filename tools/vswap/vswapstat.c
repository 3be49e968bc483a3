// SPDX-License-Identifier: GPL-2.0
/*
 * vswapstat - vswap activity per interval: placements, backend
 * transitions, zswap writebacks and reverse-map reclaims, per cgroup,
 * with a log2 histogram of writeback latency.
 */
#include <argp.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "btf_enum.h"
#include "cgroup_path.h"
#include "log2_hist.h"
#include "vswapstat.h"
#include "vswapstat.skel.h"

static struct env {
	int interval;
	int count;
	const char *cgroup;
	bool timestamp;
	bool no_hist;
	bool csv;
	bool verbose;
} env = {
	.interval = 1,
	.count = -1,
	.timestamp = true,
};

/* The kernel's enum vswap_backend and enum vswap_rmap_reason, from BTF. */
static char backend_names[VSWAPSTAT_MAX_BACKENDS][BTF_ENUM_NAME_LEN];
static char reason_names[VSWAPSTAT_MAX_RMAP_REASONS][BTF_ENUM_NAME_LEN];
static int nr_backends;

/* Indices of the columns, by enumerator name. */
static struct {
	int zswap, phys, kept;		/* backends; "none" means kept resident */
	int full, swapoff, freed;	/* reverse-map reasons */
} col;

const char *argp_program_version = "vswapstat 1.0";
const char argp_program_doc[] =
"Show vswap activity per interval, per cgroup.\n"
"\n"
"Per cgroup: pages placed in zswap or on a physical device, or kept\n"
"resident (KEPT), placement policy returns out of range (INVALID), pages\n"
"zswap compressed and rejected (Z_REJ), the time spent in zswap_store()\n"
"for the cgroup's pages, mostly compressing them (Z_MS, milliseconds), zswap\n"
"writebacks to disk that worked (WB) or did not (WB_ERR), and physical\n"
"slots the reverse map reclaimed because the devices were full (R_FULL)\n"
"or for swapoff (R_OFF), and physical slots released (P_FREE). Slots\n"
"placed before vswapstat started count under cgroup \"?\". Then the\n"
"backend transitions of all virtual slots, and the latency of zswap\n"
"writebacks (physical slot allocation and decompression).\n"
"\n"
"With --csv, one line per cgroup and interval, after a header: time,\n"
"cgroup, placed_zswap, placed_phys, kept, invalid, zswap_rejects,\n"
"zswap_ms, writeback, writeback_failed, rmap_full, rmap_swapoff and\n"
"rmap_free, the same counts as the table; no transitions or histogram.\n"
"\n"
"EXAMPLES:\n"
"  vswapstat             # every second, until Ctrl-C\n"
"  vswapstat 5 3         # three 5-second intervals\n"
"  vswapstat -c /sys/fs/cgroup/batch 1\n"
"  vswapstat --csv 10 1  # one 10-second interval, for a script\n";

static const struct argp_option opts[] = {
	{ "cgroup", 'c', "CGROUP", 0, "Count only this cgroup (a cgroupfs path)", 0 },
	{ "no-hist", 'H', NULL, 0, "Do not print the latency histogram", 0 },
	{ "no-timestamp", 'T', NULL, 0, "Do not print a time per interval", 0 },
	{ "csv", 'C', NULL, 0, "Print CSV, one line per cgroup and interval", 0 },
	{ "verbose", 'v', NULL, 0, "Show libbpf's messages", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Show the full help", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	static int pos_args;
	long val;

	switch (key) {
	case 'c':
		env.cgroup = arg;
		break;
	case 'H':
		env.no_hist = true;
		break;
	case 'T':
		env.timestamp = false;
		break;
	case 'C':
		env.csv = true;
		break;
	case 'v':
		env.verbose = true;
		break;
	case 'h':
		argp_state_help(state, stderr, ARGP_HELP_STD_HELP);
		break;
	case ARGP_KEY_ARG:
		errno = 0;
		val = strtol(arg, NULL, 10);
		if (errno || val <= 0 || pos_args >= 2)
			argp_error(state, "invalid argument '%s': expected [interval] [count]", arg);
		if (pos_args++ == 0)
			env.interval = val;
		else
			env.count = val;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int libbpf_print_fn(enum libbpf_print_level level, const char *format,
			   va_list args)
{
	if (level != LIBBPF_WARN && !env.verbose)
		return 0;
	return vfprintf(stderr, format, args);
}

static volatile sig_atomic_t exiting;

static void sig_handler(int sig)
{
	(void)sig;
	exiting = 1;
}

/* Resolve the names of the cgroups counted so far. */
static void name_cgroups(int map_fd)
{
	__u64 key, *prev = NULL;
	char name[256];

	while (!bpf_map_get_next_key(map_fd, prev, &key)) {
		cgroup_name(key, name, sizeof(name));
		prev = &key;
	}
}

/* The columns, from the kernel's enum names; -ENOENT if one is missing. */
static int resolve_columns(void)
{
	static const struct {
		int *col;
		char (*names)[BTF_ENUM_NAME_LEN];
		int max;
		const char *name;
	} want[] = {
		{ &col.zswap, backend_names, VSWAPSTAT_MAX_BACKENDS, "zswap" },
		{ &col.phys, backend_names, VSWAPSTAT_MAX_BACKENDS, "phys" },
		{ &col.kept, backend_names, VSWAPSTAT_MAX_BACKENDS, "none" },
		{ &col.full, reason_names, VSWAPSTAT_MAX_RMAP_REASONS, "full" },
		{ &col.swapoff, reason_names, VSWAPSTAT_MAX_RMAP_REASONS, "swapoff" },
		{ &col.freed, reason_names, VSWAPSTAT_MAX_RMAP_REASONS, "free" },
	};
	int nr_reasons, i, j;

	nr_backends = btf_enum_names("vswap_backend", "VSWAP_", backend_names,
				     VSWAPSTAT_MAX_BACKENDS);
	nr_reasons = btf_enum_names("vswap_rmap_reason", "VSWAP_RMAP_", reason_names,
				    VSWAPSTAT_MAX_RMAP_REASONS);
	if (nr_backends <= 0 || nr_reasons <= 0)
		return -ENOENT;
	for (i = 0; i < (int)(sizeof(want) / sizeof(want[0])); i++) {
		*want[i].col = -1;
		for (j = 0; j < want[i].max; j++)
			if (!strcmp(want[i].names[j], want[i].name))
				*want[i].col = j;
		if (*want[i].col < 0)
			return -ENOENT;
	}
	return 0;
}

static void print_header(void)
{
	if (env.csv)
		printf("time,cgroup,placed_zswap,placed_phys,kept,invalid,zswap_rejects,"
		       "zswap_ms,writeback,writeback_failed,rmap_full,rmap_swapoff,rmap_free\n");
	else
		printf("%-24s %7s %7s %6s %7s %7s %7s %6s %6s %6s %6s %7s\n", "CGROUP",
		       "ZSWAP", "PHYS", "KEPT", "INVALID", "Z_REJ", "Z_MS", "WB", "WB_ERR",
		       "R_FULL", "R_OFF", "P_FREE");
}

static void print_row(const char *ts, const char *name, const struct vswapstat_cgroup *s)
{
	const char *fmt = env.csv ?
		"%s%s,%llu,%llu,%llu,%llu,%llu,%.1f,%llu,%llu,%llu,%llu,%llu\n" :
		"%s%-24s %7llu %7llu %6llu %7llu %7llu %7.1f %6llu %6llu %6llu %6llu %7llu\n";

	printf(fmt, env.csv ? ts : "", name,
	       s->placed[col.zswap], s->placed[col.phys], s->placed[col.kept], s->invalid,
	       s->zswap_rejects, s->zswap_store_ns / 1e6, s->writeback_ok,
	       s->writeback_fail, s->rmap[col.full], s->rmap[col.swapoff], s->rmap[col.freed]);
}

/* Print and clear the per-cgroup counters. */
static void print_cgroups(int map_fd, const char *ts)
{
	struct vswapstat_cgroup stats;
	__u64 key, next, *prev = NULL;
	char name[256], csv_ts[40];
	int rows = 0;

	snprintf(csv_ts, sizeof(csv_ts), "%s,", ts);
	if (!env.csv)
		print_header();
	while (!bpf_map_get_next_key(map_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_and_delete_elem(map_fd, &key, &stats))
			continue;
		print_row(csv_ts, cgroup_name(key, name, sizeof(name)), &stats);
		rows++;
		prev = NULL;	/* the key is gone: start over */
	}
	if (!rows && !env.csv)
		printf("(no placements)\n");
}

static void print_transitions(struct vswapstat *skel)
{
	__u64 *t = skel->bss->transitions;
	int old, new, printed = 0;

	printf("transitions:");
	for (old = 0; old < nr_backends; old++) {
		for (new = 0; new < nr_backends; new++) {
			__u64 n = __atomic_exchange_n(&t[old * VSWAPSTAT_MAX_BACKENDS + new], 0,
						      __ATOMIC_RELAXED);

			if (!n)
				continue;
			printf(" %s>%s %llu", backend_names[old], backend_names[new],
			       (unsigned long long)n);
			printed = 1;
		}
	}
	printf("%s\n", printed ? "" : " none");
}

static void print_hist(struct vswapstat *skel)
{
	unsigned int slots[VSWAPSTAT_HIST_SLOTS];
	int i;

	for (i = 0; i < VSWAPSTAT_HIST_SLOTS; i++)
		slots[i] = __atomic_exchange_n(&skel->bss->writeback_usecs.slots[i], 0,
					       __ATOMIC_RELAXED);
	printf("writeback latency:\n");
	print_log2_hist(slots, VSWAPSTAT_HIST_SLOTS, "usecs");
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		.options = opts,
		.parser = parse_arg,
		.args_doc = "[INTERVAL] [COUNT]",
		.doc = argp_program_doc,
	};
	struct vswapstat *skel;
	char ts[32];
	time_t now;
	int err, i;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return 1;
	libbpf_set_print(libbpf_print_fn);
	if (resolve_columns()) {
		fprintf(stderr, "vswapstat: the kernel has no vswap enums in its BTF (is this the vswap kernel?)\n");
		return 1;
	}

	skel = vswapstat__open();
	if (!skel) {
		fprintf(stderr, "vswapstat: cannot open the BPF object: %s\n", strerror(errno));
		return 1;
	}
	if (env.cgroup) {
		skel->rodata->filter_cgroup_id = cgroup_id_of(env.cgroup);
		if (!skel->rodata->filter_cgroup_id) {
			fprintf(stderr, "vswapstat: %s: not a cgroup directory\n", env.cgroup);
			err = 1;
			goto cleanup;
		}
	}
	err = vswapstat__load(skel);
	if (err) {
		fprintf(stderr, "vswapstat: cannot load the BPF programs: %s%s\n", strerror(-err),
			err == -EPERM ? " (needs root)" : " (is this the vswap kernel?)");
		goto cleanup;
	}
	err = vswapstat__attach(skel);
	if (err) {
		fprintf(stderr, "vswapstat: cannot attach to the vswap tracepoints: %s\n",
			strerror(-err));
		goto cleanup;
	}
	cgroup_names_scan();
	signal(SIGINT, sig_handler);
	signal(SIGTERM, sig_handler);
	/* The banner goes to stderr with --csv, so that stdout is pure CSV. */
	fprintf(env.csv ? stderr : stdout,
		"Tracing vswap placements, transitions, writebacks and reverse-map reclaims... Hit Ctrl-C to end.\n");
	fflush(stdout);
	if (env.csv)
		print_header();

	while (!exiting && env.count != 0) {
		/* Name new cgroups each second: they may be gone at print time. */
		for (i = 0; i < env.interval && !exiting; i++) {
			sleep(1);
			name_cgroups(bpf_map__fd(skel->maps.cgroups));
		}
		now = time(NULL);
		strftime(ts, sizeof(ts), "%H:%M:%S", localtime(&now));
		if (!env.csv) {
			printf("\n");
			if (env.timestamp)
				printf("%s\n", ts);
		}
		print_cgroups(bpf_map__fd(skel->maps.cgroups), ts);
		if (!env.csv)
			print_transitions(skel);
		if (!env.csv && !env.no_hist)
			print_hist(skel);
		fflush(stdout);
		if (env.count > 0)
			env.count--;
	}

cleanup:
	vswapstat__destroy(skel);
	return err ? 1 : 0;
}
