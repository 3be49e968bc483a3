#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo-report.sh DEFAULT ADAPTIVE SVG - the report of demo-policies.sh.
#
# DEFAULT and ADAPTIVE are vswapstat --csv summaries (one interval covering
# a phase). Prints, for each phase and cgroup, where the pages went and the
# CPU zswap spent storing them, then an ASCII chart of that CPU, and writes
# the same chart as an SVG file.
set -u
. "$(dirname "$0")/../lib/swaplab.sh"
[ $# = 3 ] || { sed -n '3,3s/^# \?//p' "$0" >&2; exit 2; }

# phase cgroup zswap phys rejects ms, one line per demo cgroup
rows=$(for phase in default adaptive; do
	file=$1
	[ $phase = adaptive ] && file=$2
	csv_columns cgroup placed_zswap placed_phys zswap_rejects zswap_ms <"$file" |
		awk -v phase=$phase '$1 ~ /^\/demo-/ {
		sub("^/demo-", "", $1); print phase, $1, $2, $3, $4, $5 }' | sort -k2,2r
done)
[ -n "$rows" ] || { echo "demo-report.sh: no demo cgroups in the summaries" >&2; exit 1; }

echo
echo "== Report: where the pages went, and the CPU zswap spent on them =="
echo "$rows" | awk '
BEGIN { printf "%-9s %-7s %12s %12s %12s %14s\n", "policy", "cgroup", "to zswap",
		"to disk", "zswap reject", "zswap CPU ms" }
{ printf "%-9s %-7s %12d %12d %12d %14.1f\n", $1, $2, $3, $4, $5, $6
  total[$1] += $6; if ($2 == "random") random[$1] = $6 }
END {
	if (total["default"] > 0)
		printf "\nadaptive spent %.0f%% less zswap CPU than the default (%.0f%% less on demo-random),\n" \
		       "and demo-text still went to zswap.\n",
		       100 * (1 - total["adaptive"] / total["default"]),
		       (random["default"] > 0 ? 100 * (1 - random["adaptive"] / random["default"]) : 0)
}'

echo
echo "zswap CPU (ms), each bar scaled to the largest:"
echo "$rows" | awk '
{ label[NR] = sprintf("%-8s %-6s", $1, $2); ms[NR] = $6; if ($6 > max) max = $6 }
END {
	for (i = 1; i <= NR; i++) {
		n = max > 0 ? int(50 * ms[i] / max + 0.5) : 0
		bar = ""
		for (j = 0; j < n; j++) bar = bar "#"
		printf "  %s |%-50s| %8.1f\n", label[i], bar, ms[i]
	}
}'

echo "$rows" | awk -v title="vswap placement: zswap CPU and where the pages went" '
{ label[NR] = $1 " / demo-" $2; zs[NR] = $3; ph[NR] = $4; ms[NR] = $6
  if ($6 > maxms) maxms = $6; if ($3 + $4 > maxpg) maxpg = $3 + $4 }
END {
	w = 900; rowh = 46; top = 70; h = top + NR * rowh + 60
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"13\">\n", w, h
	printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
	printf "<text x=\"20\" y=\"28\" font-size=\"17\" font-weight=\"bold\">%s</text>\n", title
	printf "<text x=\"230\" y=\"55\">zswap CPU (ms)</text><text x=\"570\" y=\"55\">pages: <tspan fill=\"#2a9d8f\">zswap</tspan> / <tspan fill=\"#e76f51\">disk</tspan></text>\n"
	for (i = 1; i <= NR; i++) {
		y = top + (i - 1) * rowh
		printf "<text x=\"20\" y=\"%d\">%s</text>\n", y + 18, label[i]
		bw = maxms > 0 ? 300 * ms[i] / maxms : 0
		printf "<rect x=\"230\" y=\"%d\" width=\"%.1f\" height=\"24\" fill=\"#264653\"/>\n", y, bw
		printf "<text x=\"%.1f\" y=\"%d\">%.0f</text>\n", 236 + bw, y + 17, ms[i]
		zw = maxpg > 0 ? 280 * zs[i] / maxpg : 0
		pw = maxpg > 0 ? 280 * ph[i] / maxpg : 0
		printf "<rect x=\"570\" y=\"%d\" width=\"%.1f\" height=\"24\" fill=\"#2a9d8f\"/>\n", y, zw
		printf "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"24\" fill=\"#e76f51\"/>\n", 570 + zw, y, pw
	}
	printf "<text x=\"20\" y=\"%d\" fill=\"#555\">Measured with vswapstat (fentry/fexit on zswap_store) in the QEMU VM.</text>\n", h - 20
	printf "</svg>\n"
}' >"$3"
echo
echo "SVG chart: $3"
