#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [-k BZIMAGE] [-r RUNS] [-c CASES] - boot the VM and run the
# benchmarks (bench-guest.sh; CASES is a regex of its round-trip cases, and
# skips the others). Results: build/bench/bench.txt. Not part of make check:
# speed is measured here, as ratios within one boot, never by timed tests.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kargs=()
runs=5
only=

while [ $# -gt 0 ]; do
	case "$1" in
	-k) kargs=(-k "$2"); shift 2 ;;
	-r) runs=$2; shift 2 ;;
	-c) only=$2; shift 2 ;;
	-h|--help) sed -n '3,7s/^# \?//p' "$0"; exit 0 ;;
	*) echo "bench.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
[ "$runs" -ge 5 ] || { echo "bench.sh: use at least 5 runs for a median and spread" >&2; exit 2; }

# 2 GiB: 256 MiB of test data plus headroom, so only the cgroup's own
# memory.reclaim evicts it, not global pressure.
"$repo/tools/vm/run-vm.sh" "${kargs[@]}" -m 2G -o "$repo/build/bench" -t 3600 \
	-- tools/bench/bench-guest.sh "$runs" "$only"
echo "results: build/bench/bench.txt"
