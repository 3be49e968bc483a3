#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# scan-console.sh LOG - fail if a guest console log shows a kernel problem.
#
# Only kernel lines are scanned (they carry a printk timestamp, "[  1.23]"),
# so a test that prints the word WARNING itself cannot fail the run.
# Each match is printed with a few lines of context.
set -u

log=${1:?usage: scan-console.sh LOG}
[ -r "$log" ] || { echo "scan-console: $log not found" >&2; exit 2; }

patterns=(
	'Oops'
	'BUG:'
	'kernel BUG at'
	'WARNING:'
	'Kernel panic'
	'general protection fault'
	'possible circular locking dependency'
	'possible recursive locking'
	'inconsistent lock state'
	'suspicious RCU usage'
	'lockdep is turned off'
	'DEBUG_LOCKS_WARN_ON'
	'KASAN'
	'UBSAN'
	'soft lockup'
	'hard LOCKUP'
	'rcu_.* detected stalls'
	'self-detected stall'
	'blocked for more than'
	'hung_task'
)
regex=$(IFS='|'; echo "${patterns[*]}")

hits=$(grep -naE "^\[ *[0-9]+\.[0-9]+\].*($regex)" "$log" | head -n 5)
[ -z "$hits" ] && exit 0

echo "run-vm: the kernel reported a problem (console: $log):" >&2
while IFS=: read -r n _; do
	sed -n "$((n > 2 ? n - 2 : 1)),$((n + 12))p" "$log" | sed 's/^/  | /' >&2
	echo "  ..." >&2
done <<<"$(echo "$hits" | head -n 2)"
exit 1
