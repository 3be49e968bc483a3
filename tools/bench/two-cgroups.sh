#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# two-cgroups.sh POLICY SIZE [SUMMARY] - swap two cgroups out and back at
# the same time under a placement policy, and measure what zswap did.
#
# Runs inside the VM, on vswap over zswap and the disk. POLICY is a
# vswapctl policy, or "none" for the kernel's default placement. The
# cgroup demo-text swaps SIZE of compressible pages and demo-random SIZE of
# incompressible ones (swap_roundtrip, which checks every byte read back).
# vswapstat measures both; its CSV summary (one interval for the whole
# run) goes to SUMMARY (default /tmp/two-cgroups.csv). Prints one line:
#   policy=P intact=0|1 text_zswap=N text_phys=N text_ms=F random_zswap=N
#   random_phys=N random_rejects=N random_ms=F zswap_ms=F
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/swaplab.sh"
policy=$1 size=$2 summary=${3:-/tmp/two-cgroups.csv}
vswapctl=$LAB_BUILD/tools/vswapctl

[ "$policy" = none ] || "$vswapctl" load "$policy" >/dev/null || exit 1
"$LAB_BUILD/tools/vswapstat" --csv 3600 >"$summary" 2>/tmp/two-cgroups.err &
stat=$!
wait_banner /tmp/two-cgroups.err 30 $stat || echo "two-cgroups: vswapstat did not start" >&2
intact=1
"$LAB_BUILD/bench/swap_roundtrip" -g demo-text -p compressible -s "$size" -m 90 \
	>/tmp/two-cgroups-text.log 2>&1 &
text=$!
"$LAB_BUILD/bench/swap_roundtrip" -g demo-random -p incompressible -s "$size" -m 90 \
	>/tmp/two-cgroups-random.log 2>&1 &
random=$!
wait $text || intact=0
wait $random || intact=0
kill -INT $stat
wait $stat
[ "$policy" = none ] || "$vswapctl" unload >/dev/null
[ $intact = 1 ] || cat /tmp/two-cgroups-text.log /tmp/two-cgroups-random.log >&2

csv_columns cgroup placed_zswap placed_phys zswap_rejects zswap_ms <"$summary" |
awk -v policy="$policy" -v intact=$intact '
$1 == "/demo-text" { tz = $2; tp = $3; tm = $5 }
$1 == "/demo-random" { rz = $2; rp = $3; rr = $4; rm = $5 }
END {
	printf "policy=%s intact=%d text_zswap=%d text_phys=%d text_ms=%.1f", policy, intact, tz, tp, tm
	printf " random_zswap=%d random_phys=%d random_rejects=%d random_ms=%.1f zswap_ms=%.1f\n",
	       rz, rp, rr, rm, tm + rm
}'
