/* SPDX-License-Identifier: GPL-2.0 */
/* Sizes on the command lines of the lab's programs. */
#ifndef SWAPLAB_SIZE_H
#define SWAPLAB_SIZE_H

#include <stddef.h>

/*
 * "N" with an optional K, M or G suffix (KiB, MiB, GiB), in bytes; a bare
 * number counts in units of @unit bytes. 0 if @s is not such a size.
 */
size_t parse_size(const char *s, size_t unit);

#endif
