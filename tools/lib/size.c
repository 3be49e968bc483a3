// SPDX-License-Identifier: GPL-2.0
/* Sizes on the command lines of the lab's programs; see size.h. */
#include <stdlib.h>

#include "size.h"

size_t parse_size(const char *s, size_t unit)
{
	char *end;
	size_t n = strtoull(s, &end, 0);

	switch (*end) {
	case 'G': case 'g': n <<= 10; /* fall through */
	case 'M': case 'm': n <<= 10; /* fall through */
	case 'K': case 'k': n <<= 10; end++; break;
	case '\0': n *= unit; break;
	}
	return *end ? 0 : n;
}
