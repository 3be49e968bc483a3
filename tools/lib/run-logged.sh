#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run-logged.sh LABEL LOG CMD... - run a long build stage quietly.
#
# CMD's output goes to LOG. Every PROGRESS_SECS (default 60) a line shows
# the elapsed time and what CMD is doing; at the end, the total time. On
# failure the tail of LOG is printed. With V=1 the output is shown as well.
set -uo pipefail

label=$1 log=$2
shift 2
mkdir -p "$(dirname "$log")"
start=$(date +%s)

if [ "${V:-0}" = 1 ]; then
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
else
	"$@" >"$log" 2>&1 &
	pid=$!
	while ! timeout "${PROGRESS_SECS:-60}" tail --pid="$pid" -f /dev/null; do
		last=$(tail -n 1 "$log" | tr -s ' \t' ' ' | cut -c1-60)
		printf '  %-7s ... %ds elapsed%s\n' "$label" $(($(date +%s) - start)) "${last:+ (${last# })}"
	done
	wait "$pid"
	rc=$?
fi

if [ "$rc" != 0 ]; then
	echo "  $label  FAILED after $(($(date +%s) - start))s; last lines of $log:" >&2
	tail -n 30 "$log" | sed 's/^/    /' >&2
	exit "$rc"
fi
printf '  %-7s done in %ds\n' "$label" $(($(date +%s) - start))
