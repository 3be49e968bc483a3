// SPDX-License-Identifier: GPL-2.0
/*
 * test_vswap_bpf - the vswap BPF selftests: struct vswap_ops, the vswap
 * tracepoints and the policies in bpf/. Run as root in the test VM, on the
 * vswap kernel, with zswap and a physical swap device set up (run.sh does).
 *
 * Prints TAP, one line per subtest, and ends with "N passed, N failed".
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <bpf/libbpf.h>

#include "test_progs.h"

#define TEST(name) void test_##name(void);
#include "prog_tests/tests.h"
#undef TEST

static const struct {
	const char *name;
	void (*run)(void);
} tests[] = {
#define TEST(name) { #name, test_##name },
#include "prog_tests/tests.h"
#undef TEST
};

int env_verbose;
static const char *filter;
static const char *cur_test;
static char cur_subtest[128];
static bool subtest_failed, test_failed, subtest_open;
static int nr_passed, nr_failed, tap_index;

static char libbpf_log[64 * 1024];
static size_t libbpf_log_len;

static int libbpf_print_fn(enum libbpf_print_level level, const char *fmt,
			   va_list args)
{
	va_list copy;
	int n;

	va_copy(copy, args);
	n = vsnprintf(libbpf_log + libbpf_log_len,
		      sizeof(libbpf_log) - libbpf_log_len, fmt, copy);
	va_end(copy);
	if (n > 0)
		libbpf_log_len += (size_t)n < sizeof(libbpf_log) - libbpf_log_len ?
				  (size_t)n : sizeof(libbpf_log) - libbpf_log_len - 1;
	if (env_verbose || level == LIBBPF_WARN)
		return vfprintf(stderr, fmt, args);
	return 0;
}

const char *test__libbpf_log(void)
{
	return libbpf_log;
}

void test__libbpf_log_reset(void)
{
	libbpf_log_len = 0;
	libbpf_log[0] = '\0';
}

void test__fail(void)
{
	if (subtest_open)
		subtest_failed = true;
	else
		test_failed = true;
}

static void report(const char *name, bool failed)
{
	printf("%s %d - %s\n", failed ? "not ok" : "ok", ++tap_index, name);
	fflush(stdout);
	if (failed)
		nr_failed++;
	else
		nr_passed++;
}

static void end_subtest(void)
{
	char name[256];

	if (!subtest_open)
		return;
	snprintf(name, sizeof(name), "%s/%s", cur_test, cur_subtest);
	report(name, subtest_failed);
	subtest_open = false;
}

/* -t NAME selects a test, -t NAME/SUB one of its subtests. */
static bool selected(const char *test, const char *subtest)
{
	size_t len;

	if (!filter)
		return true;
	len = strcspn(filter, "/");
	if (strlen(test) != len || strncmp(filter, test, len))
		return false;
	return !subtest || !filter[len] || !strcmp(filter + len + 1, subtest);
}

bool test__start_subtest(const char *name)
{
	end_subtest();
	if (!selected(cur_test, name))
		return false;
	snprintf(cur_subtest, sizeof(cur_subtest), "%s", name);
	subtest_open = true;
	subtest_failed = false;
	test__libbpf_log_reset();
	printf("# %s/%s\n", cur_test, name);
	fflush(stdout);
	return true;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: test_vswap_bpf [-t TEST[/SUBTEST]] [-l] [-v]\n"
"The vswap BPF selftests. Run as root in the test VM (selftests/run.sh).\n"
"\n"
"  -t, --test T     run only test T, or only subtest T/S\n"
"  -l, --list       list the tests\n"
"  -v, --verbose    show libbpf's messages\n"
"  -h, --help\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "test", required_argument, NULL, 't' },
		{ "list", no_argument, NULL, 'l' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	size_t i;
	int c;

	while ((c = getopt_long(argc, argv, "t:lvh", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			filter = optarg;
			break;
		case 'l':
			for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
				printf("%s\n", tests[i].name);
			return 0;
		case 'v':
			env_verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	libbpf_set_print(libbpf_print_fn);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n");
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (!selected(tests[i].name, NULL))
			continue;
		cur_test = tests[i].name;
		test_failed = false;
		tests[i].run();
		end_subtest();
		if (test_failed)
			report(cur_test, true);
	}
	printf("%d passed, %d failed\n", nr_passed, nr_failed);
	return nr_failed ? 1 : 0;
}
