#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo-guest.sh - the demo, run inside the VM by demo.sh.
#
# Part 1 swaps 128 MiB of mixed memory (a third each compressible,
# incompressible and zero-filled pages) out and back four ways and shows
# where every kind of page went: a swap disk alone, zswap in front of the
# disk, the virtual swap device with zswap and no swap disk at all, and the
# virtual swap device with zswap over the disk.
#
# Part 2 (demo-policies.sh) runs two cgroups, one compressible and one
# incompressible, under the default placement and under the adaptive BPF
# policy, with vswapstat and bpftrace live, and reports the difference.

set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/swaplab.sh"

round_trip() { # CONFIG TITLE
	echo
	echo "== $2 =="
	swap_setup "$1" || return 1
	echo "configuration $1; swap devices: $(swapon --show=NAME --noheadings | tr "\n" " ")"
	"$LAB_BUILD/bench/swap_roundtrip" -p mixed -s 128M -m 60 --report
	local rc=$?
	[ "$rc" = 0 ] && echo "=> every byte read back intact" || echo "=> FAILED (exit $rc)"
	return "$rc"
}

echo "vswap demo on $(uname -r): $(nproc) CPUs, $(awk '/MemTotal/ {printf "%d MiB", $2 / 1024}' /proc/meminfo) RAM,"
echo "swap disk $SWAP_DISK ($(($(blockdev --getsize64 "$SWAP_DISK") >> 20)) MiB), zswap compressor $(cat "$ZSWAP_PARAMS/compressor")"

round_trip legacy-disk "1. swap disk only: every non-zero page is written to disk" &&
round_trip legacy-zswap+disk "2. zswap in front of the disk: the disk still holds a slot for every page"
status=$?
if [ "$status" = 0 ] && have_vswap; then
	round_trip vswap-zswap "3. vswap: zswap with no swap disk at all; the disk slots are gone" &&
	round_trip vswap-zswap+disk "4. vswap over the disk: only what zswap rejects gets a disk slot"
	status=$?
	echo
	echo "In 2, every page holds a slot on the disk: 'swap devices ... used' counts"
	echo "all 128 MiB although only the incompressible third was written there."
	echo "In 3, no disk is configured: zswap holds the compressible pages, zero pages"
	echo "take no storage, and what zswap rejects stays in memory, intact."
	echo "In 4, the disk holds the incompressible third only, and memory.swap.current"
	echo "counts just that: zswap and zero pages take no swap space."
	[ "$status" = 0 ] && "$here/demo-policies.sh"
	status=$?
fi
swap_off_all
exit $status
