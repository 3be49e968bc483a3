#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh [-k BZIMAGE] - boot the VM and run the demo (demo-guest.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kargs=()
while [ $# -gt 0 ]; do
	case "$1" in
	-k) kargs=(-k "$2"); shift 2 ;;
	-h|--help) sed -n '3,3s/^# \?//p' "$0"; exit 0 ;;
	*) echo "demo.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
status=0
"$repo/tools/vm/run-vm.sh" "${kargs[@]}" -o "$repo/build/demo" -t 1800 -- tools/demo/demo-guest.sh ||
	status=$?
[ -f "$repo/build/demo/report.svg" ] && echo "report chart: build/demo/report.svg"
exit $status
