# SPDX-License-Identifier: GPL-2.0
# Suite: the virtual swap device with zswap and no physical device. Sourced
# by run.sh.

have_vswap || return 0
swap_setup vswap-zswap || { echo "Bail out! cannot set up vswap-zswap"; exit 1; }
for pattern in $PATTERNS; do
	for evict in pageout reclaim high; do
		tap_run "integrity/vswap-zswap/$pattern/$evict" \
			integrity vswap-zswap -p "$pattern" -e "$evict" -s 64M
	done
	tap_run "integrity/vswap-zswap/shmem-$pattern/reclaim" \
		integrity vswap-zswap -p "$pattern" -e reclaim -s 32M --shmem
done
# No backend stores a large folio whole yet: reclaim splits them. The
# pattern is compressible because splitting maps zero-filled subpages to
# the shared zero page instead of swapping them.
tap_run "thp/vswap-zswap/pmd-2M" with_thp 2M integrity vswap-zswap -p compressible -t 2M
tap_run "thp/vswap-zswap/mthp-64K" with_thp 64K integrity vswap-zswap -p compressible -t 64K
tap_run "fork/vswap-zswap" fork_test vswap-zswap
# memory.swap limits physical swap only: zswap through vswap goes on.
tap_run "vswap/vswap-zswap/swap-max-0-allows-zswap" \
	integrity vswap-zswap -p compressible -s 32M --swap-max 0
tap_run "vswap/no-leak-after-workloads" vswap_leaks

# Half the pages swapped out with vswap, half without: all come back.
switch_test() { swap_setup legacy-zswap+disk && "$BIN/swap_switch"; }
tap_run "vswap/switch-in-one-boot" switch_test
tap_run "vswap/no-leak-after-switch" vswap_leaks
