// SPDX-License-Identifier: GPL-2.0
/* A log2 histogram printer, in the format of bcc's libbpf-tools. */
#include <stdio.h>

#include "log2_hist.h"

#define STARS_MAX 40

static void print_stars(unsigned int val, unsigned int val_max, int width)
{
	int nr_stars = val_max ? (int)((unsigned long long)val * width / val_max) : 0;
	int i;

	for (i = 0; i < width; i++)
		putchar(i < nr_stars ? '*' : ' ');
	if (val > val_max)
		putchar('+');
}

void print_log2_hist(const unsigned int *slots, int nr_slots, const char *unit)
{
	unsigned int val_max = 0;
	int i, last = -1;

	for (i = 0; i < nr_slots; i++) {
		if (slots[i] > 0)
			last = i;
		if (slots[i] > val_max)
			val_max = slots[i];
	}
	if (last < 0) {
		printf("%*s%-10s : (no events)\n", 5, "", unit);
		return;
	}
	printf("%*s%-19s : count    distribution\n", 5, "", unit);
	for (i = 0; i <= last; i++) {
		unsigned long long low = i ? 1ULL << i : 0, high = (1ULL << (i + 1)) - 1;

		printf("%10llu -> %-10llu : %-8u |", low, high, slots[i]);
		print_stars(slots[i], val_max, STARS_MAX);
		printf("|\n");
	}
}
