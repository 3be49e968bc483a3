#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# examples.sh - capture <script>_example.txt for each bpftrace script, in the
# VM: tools/vm/run-vm.sh -o DIR -- tools/bpftrace/examples.sh
#
# Each script runs around the workload its example describes, on vswap over
# zswap and the disk; the files go to $VSWAP_OUT (DIR on the host).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$repo/selftests/lib/harness.sh"
build=${VSWAP_BUILD:-$repo/build}
out=${VSWAP_OUT:-/tmp}
. "$repo/selftests/tools_test.sh"

integrity() { "$build/selftests/swap_integrity" -c zswap+disk -e reclaim "$@" >/dev/null; }

example() { # SCRIPT DESCRIPTION WORKLOAD...
	local script=$1 description=$2
	shift 2
	{
		echo "Demonstrations of $script.bt, captured in the vswap test VM"
		echo "(QEMU TCG, 2 CPUs, vswap over zswap and a 1 GiB swap disk)."
		echo
		echo "$description"
		echo
		echo "# bpftrace tools/bpftrace/$script.bt"
		bpftrace_run "$script" "$@"
	} >"$out/${script}_example.txt"
	echo "$script: $out/${script}_example.txt"
}

swap_setup vswap-zswap+disk || { echo "cannot set up vswap over the disk" >&2; exit 1; }
example vswaptransitions \
"A 24 MiB swap_integrity run of mixed pages (a third each compressible,
incompressible and zero-filled) swapped out and read back: zswap takes the
compressible third, the disk the incompressible one, the zero pages take
the zero marker; then every slot goes back to none as the pages are read." \
	integrity -p mixed -s 24M
example vswapwblat \
"32 MiB of half-random pages in a cgroup whose memory.zswap.max is 4 MiB:
zswap writes its older entries back to the disk as new ones arrive." \
	integrity -p half -s 32M -z 4M
example vswaprmap \
"16 MiB of incompressible pages on the disk, then swapoff of the disk while
they are out: the reverse map finds every slot (swapoff), and each slot is
released (free) once its page is back in memory." \
	integrity -p incompressible -s 16M -x "swapoff $SWAP_DISK && swapon $SWAP_DISK"
mkdir -p /sys/fs/cgroup/example
"$build/tools/vswapctl" load cgroup_tier -o tiers=/sys/fs/cgroup/example:phys >/dev/null
example vswapplace \
"The cgroup_tier policy sends the cgroup \"example\" to disk (choice 2) and
leaves the others to the kernel (choice 0): 16 MiB of compressible pages in
\"example\", then 16 MiB in another cgroup." \
	eval 'integrity -g example -p compressible -s 16M; integrity -p compressible -s 16M'
"$build/tools/vswapctl" unload >/dev/null
swap_off_all
