#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo-guest.sh - the demo, run inside the VM by demo.sh.
#
# Swaps 128 MiB of mixed memory (a third each compressible, incompressible
# and zero-filled pages) out and back, first to a swap disk alone, then
# with zswap in front of it, and shows where every kind of page went.

set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../selftests/lib/harness.sh"
bin=${VSWAP_BUILD:-$here/../../build}/selftests

round_trip() { # CONFIG TITLE
	echo
	echo "== $2 =="
	swap_setup "$1" || return 1
	"$bin/swap_integrity" -c "$1" -p mixed -s 128M -e reclaim | sed 's/^# //'
	local rc=${PIPESTATUS[0]}
	[ "$rc" = 0 ] && echo "=> every byte read back intact" || echo "=> FAILED (exit $rc)"
	return "$rc"
}

echo "vswap demo on $(uname -r): $(nproc) CPUs, $(awk '/MemTotal/ {printf "%d MiB", $2 / 1024}' /proc/meminfo) RAM,"
echo "swap disk $SWAP_DISK ($(($(blockdev --getsize64 "$SWAP_DISK") >> 20)) MiB), zswap compressor $(cat "$ZSWAP_PARAMS/compressor")"

round_trip disk "1. swap disk only: every non-zero page is written to disk" &&
round_trip zswap+disk "2. zswap in front of the disk: compressible pages stay in RAM, compressed"
status=$?
swap_off_all
echo
echo "Today every page above also holds a slot on the swap disk, even those in"
echo "zswap or marked zero. The vswap series removes that requirement."
exit $status
