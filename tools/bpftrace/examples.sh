#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# examples.sh - capture <script>_example.txt for each bpftrace script, in the
# VM: tools/vm/run-vm.sh -o DIR -- tools/bpftrace/examples.sh
#
# Each script runs around the workload its example describes
# (tools/bench/swap_roundtrip), on vswap over zswap and the disk; the files
# go to $VSWAP_OUT (DIR on the host).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/swaplab.sh"
out=${VSWAP_OUT:-/tmp}

roundtrip() { "$LAB_BUILD/bench/swap_roundtrip" -m 90 "$@" >/dev/null; }

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
		trace_around "$script" "$@"
	} >"$out/${script}_example.txt"
	echo "$script: $out/${script}_example.txt"
}

swapoff_and_on() { swapoff "$SWAP_DISK" && swapon "$SWAP_DISK"; }
two_cgroups() { roundtrip -g example -p compressible -s 16M && roundtrip -p compressible -s 16M; }

swap_setup vswap-zswap+disk || { echo "cannot set up vswap-zswap+disk" >&2; exit 1; }
example vswaptransitions \
"A 24 MiB round trip of mixed pages (a third each compressible,
incompressible and zero-filled) swapped out and read back: zswap takes the
compressible third, the disk the incompressible one, the zero pages take
the zero marker; then every slot goes back to none as the pages are read." \
	roundtrip -p mixed -s 24M
example vswapwblat \
"32 MiB of half-random pages in a cgroup whose memory.zswap.max is 4 MiB:
zswap writes its older entries back to the disk as new ones arrive." \
	roundtrip -p half -s 32M -z 4M
example vswaprmap \
"16 MiB of incompressible pages on the disk, then swapoff of the disk while
they are out: the reverse map finds every slot (swapoff), and each slot is
released (free) once its page is back in memory." \
	held_run swapoff_and_on "" roundtrip -p incompressible -s 16M
cgroup_make example >/dev/null
"$LAB_BUILD/tools/vswapctl" load cgroup_tier -o tiers=/sys/fs/cgroup/example:phys >/dev/null
example vswapplace \
"The cgroup_tier policy sends the cgroup \"example\" to disk (placement phys)
and leaves the others to the kernel (placement default): 16 MiB of
compressible pages in \"example\", then 16 MiB in another cgroup." \
	two_cgroups
"$LAB_BUILD/tools/vswapctl" unload >/dev/null
cgroup_remove example
swap_off_all
