/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __VSWAP_LOG2_HIST_H
#define __VSWAP_LOG2_HIST_H

/* Print a log2 histogram as bcc tools do; @unit names the values. */
void print_log2_hist(const unsigned int *slots, int nr_slots, const char *unit);

#endif
