#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cgroup-v1.sh - swap through vswap under cgroup v1's memory controller,
# whose memsw accounting charges swap entries while the page cache's lock
# is held (mem_cgroup_swapout() under i_pages). Run inside the VM by
# check.sh, in a boot of its own: the memory controller leaves the cgroup
# v2 hierarchy for a v1 one, which the other tests cannot share.
#
# For vswap off and on: a process within its memsw limit swaps 96 MiB out
# and reads it back intact; one over its memsw limit is OOM-killed, as
# memory.memsw.limit_in_bytes promises. On the debug kernel this is the
# lockdep proof that the i_pages and vswap locks nest one way only.
# Booted with vswap=off, it first checks that the switch starts at 0.
# Prints TAP; exits non-zero if a test failed.

set -u
. "$(dirname "$0")/../tools/lib/swaplab.sh"
v1=/tmp/memcg-v1
hog=$LAB_BUILD/bench/anon_hog
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "# $2"; echo "not ok $n $1"; }

echo -memory >"$CGROUP_ROOT/cgroup.subtree_control"
mkdir -p "$v1" && mount -t cgroup -o memory memory "$v1" ||
	{ echo "Bail out! cannot mount the v1 memory controller"; exit 1; }

# hog_in LIMIT MEMSW-LIMIT: anon_hog with 96 MiB of mixed pages in a v1
# cgroup; prints its exit status, then the cgroup's memsw peak in MiB.
hog_in() {
	local cg=$v1/hog rc peak
	mkdir "$cg" || return 1
	echo "$1" >"$cg/memory.limit_in_bytes" && echo "$2" >"$cg/memory.memsw.limit_in_bytes" ||
		{ rmdir "$cg"; return 1; }
	sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" -s 96M -p mixed' _ "$cg" "$hog" >/dev/null 2>&1
	rc=$?
	peak=$(($(cat "$cg/memory.memsw.max_usage_in_bytes") >> 20))
	rmdir "$cg"
	echo "$rc $peak"
}

echo "TAP version 13"
# check.sh boots this with vswap=off: the switch starts at 0, and swap_setup
# below turns it on for the vswap configurations.
if grep -qw 'vswap=off' /proc/cmdline && have_vswap; then
	if [ "$(cat /sys/kernel/mm/vswap/enabled)" = 0 ]; then
		ok "boot/vswap=off-starts-switched-off"
	else
		not_ok "boot/vswap=off-starts-switched-off" \
			"/sys/kernel/mm/vswap/enabled is $(cat /sys/kernel/mm/vswap/enabled) after vswap=off"
	fi
fi
configs="legacy-disk"
have_vswap && configs="$configs vswap-disk vswap-zswap+disk"
for config in $configs; do
	swap_setup "$config" || { not_ok "cgroup-v1/$config/setup" "cannot set up $config"; continue; }
	out0=$(vmstat pswpout) zout0=$(vmstat zswpout)
	read -r rc peak < <(hog_in 32M 1G)
	swapped=$(( $(vmstat pswpout) - out0 + $(vmstat zswpout) - zout0 ))
	if [ "$rc" = 0 ] && [ "$swapped" -gt 0 ]; then
		ok "cgroup-v1/$config/memsw-within-limit"
	else
		not_ok "cgroup-v1/$config/memsw-within-limit" \
			"anon_hog ended with status $rc after $swapped swap-outs (memsw peak $peak MiB)"
	fi
	read -r rc peak < <(hog_in 32M 64M)
	if [ "$rc" = 137 ] && [ "$peak" -le 64 ]; then
		ok "cgroup-v1/$config/memsw-limit-holds"
	else
		not_ok "cgroup-v1/$config/memsw-limit-holds" \
			"anon_hog ended with status $rc, memsw peak $peak MiB (limit 64 MiB)"
	fi
done
swap_off_all
echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
