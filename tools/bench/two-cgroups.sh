#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# two-cgroups.sh POLICY SIZE [SUMMARY] - swap two cgroups out and back at
# the same time under a placement policy, and measure what zswap did.
#
# Runs inside the VM, on vswap over zswap and the disk. POLICY is a
# vswapctl policy, or "none" for the kernel's default placement. The
# cgroup demo-text swaps SIZE of compressible pages and demo-random SIZE of
# incompressible ones (swap_integrity, which checks every byte read back).
# vswapstat measures both; its summary goes to SUMMARY (default
# /tmp/two-cgroups.txt). Prints one line:
#   policy=P intact=0|1 text_zswap=N text_phys=N text_ms=F random_zswap=N
#   random_phys=N random_rejects=N random_ms=F zswap_ms=F
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${VSWAP_BUILD:-$here/../../build}
policy=$1 size=$2 summary=${3:-/tmp/two-cgroups.txt}
vswapctl=$build/tools/vswapctl

[ "$policy" = none ] || "$vswapctl" load "$policy" >/dev/null || exit 1
"$build/tools/vswapstat" -H -T 3600 1 >"$summary" 2>&1 &
stat=$!
# vswapstat has attached when it prints its banner.
for _ in $(seq 100); do
	grep -q 'Hit Ctrl-C' "$summary" && break
	sleep 0.1
done
intact=1
"$build/selftests/swap_integrity" -g demo-text -c zswap+disk -p compressible \
	-s "$size" -e reclaim >/tmp/two-cgroups-text.log 2>&1 &
text=$!
"$build/selftests/swap_integrity" -g demo-random -c zswap+disk -p incompressible \
	-s "$size" -e reclaim >/tmp/two-cgroups-random.log 2>&1 &
random=$!
wait $text || intact=0
wait $random || intact=0
kill -INT $stat
wait $stat
[ "$policy" = none ] || "$vswapctl" unload >/dev/null
[ $intact = 1 ] || cat /tmp/two-cgroups-text.log /tmp/two-cgroups-random.log >&2

# CGROUP ZSWAP PHYS KEPT INVALID Z_REJ Z_MS ...
awk -v policy="$policy" -v intact=$intact '
$1 == "/demo-text" { tz = $2; tp = $3; tm = $7 }
$1 == "/demo-random" { rz = $2; rp = $3; rr = $6; rm = $7 }
END {
	printf "policy=%s intact=%d text_zswap=%d text_phys=%d text_ms=%.1f", policy, intact, tz, tp, tm
	printf " random_zswap=%d random_phys=%d random_rejects=%d random_ms=%.1f zswap_ms=%.1f\n",
	       rz, rp, rr, rm, tm + rm
}' "$summary"
