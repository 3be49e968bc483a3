# SPDX-License-Identifier: GPL-2.0
# Suite: physical swap with vswap off (the legacy path), the baseline every
# vswap configuration is held to. Sourced by run.sh.

for config in legacy-disk legacy-zswap+disk; do
	disk_matrix "$config"
done
tap_run "fork/legacy-zswap+disk" fork_test legacy-zswap+disk

# The integrity check must be able to fail: overwrite one evicted page's
# slot on the swap disk (through /dev/vdd, which run-vm.sh attaches as an
# alias of /dev/vda) and expect swap_integrity to report exactly that page.
corrupted_page_is_caught() {
	local out rc
	swap_setup legacy-disk || return 1
	out=$(integrity legacy-disk -p incompressible -s 16M -C /dev/vdd 2>&1)
	rc=$?
	echo "$out"
	[ "$rc" = 1 ] && grep -q 'FAIL: 1 bad page(s)' <<<"$out"
}
tap_run "integrity/detects-corrupted-page" corrupted_page_is_caught
