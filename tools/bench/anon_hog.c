// SPDX-License-Identifier: GPL-2.0
/*
 * anon_hog - fill anonymous memory until done or killed.
 *
 * Maps SIZE of private anonymous memory and writes every page once, in
 * order, with a verifiable pattern (tools/lib/pattern.h), then reads it
 * all back and checks it. Run it in a cgroup whose memory.max is below
 * SIZE: whether and how fast it is OOM-killed is what the edge
 * benchmarks (tools/bench/edges-bench.sh) measure. If it survives, it
 * prints one key=value line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pattern.h"
#include "size.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: anon_hog [-s SIZE] [-p PATTERN]\n"
"Write SIZE of anonymous memory page by page, then read it back and check\n"
"it. Meant to be OOM-killed by its cgroup's memory.max.\n"
"\n"
"  -s, --size N[KMG]    memory to fill; a bare number is MiB (default 256)\n"
"  -p, --pattern P      page contents: compressible, incompressible, zero,\n"
"                       half or mixed (default incompressible)\n"
"  -h, --help\n"
"\n"
"Exit status: 0 all memory filled and read back intact, 1 wrong data,\n"
"2 usage or setup error (and SIGKILL when the OOM killer picks it).\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "pattern", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	size_t page_size = sysconf(_SC_PAGESIZE), size = 256UL << 20, npages, bad;
	int pattern = PATTERN_INCOMPRESSIBLE, c;
	char *addr;

	while ((c = getopt_long(argc, argv, "s:p:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			size = parse_size(optarg, 1UL << 20);
			break;
		case 'p':
			pattern = pattern_parse(optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
		if (!size || pattern < 0) {
			fprintf(stderr, "anon_hog: invalid argument '%s' for -%c (see --help)\n",
				optarg, c);
			return 2;
		}
	}
	npages = size / page_size;
	addr = pattern_map(npages, page_size, pattern, 1);
	if (!addr) {
		perror("anon_hog: mmap");
		return 2;
	}
	bad = pattern_verify(addr, 0, npages, page_size, pattern, 1, NULL);
	printf("filled_mib=%zu bad=%zu\n", size >> 20, bad);
	return bad ? 1 : 0;
}
