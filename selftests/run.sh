#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [REGEX] - the selftests, run inside the VM as root (make check).
#
# Runs the suites of selftests/suites/, in the order below. Each test prints
# one TAP line; the run ends with "N passed, N failed". REGEX selects tests
# by name, e.g. run.sh 'integrity/legacy-disk'. VERBOSE=1 shows every
# test's diagnostics, not only the failures'. SUITES="bpf tools" runs only
# those suites.
#
# Known failures and timing-dependent tests, each with its reason, are in
# one table: selftests/known-failures.

set -u
SELFTESTS=$(cd "$(dirname "$0")" && pwd)
. "$SELFTESTS/../tools/lib/swaplab.sh"
. "$SELFTESTS/lib/tap.sh"
. "$SELFTESTS/lib/common.sh"
TAP_FILTER=${1:-}
BIN=$LAB_BUILD/selftests
SUITES=${SUITES:-legacy vswap-zswap vswap-disk writeback memcg edges features torture kselftest bpf tools}

[ "$(id -u)" = 0 ] || { echo "run.sh: must run as root, inside the test VM" >&2; exit 2; }
[ -x "$BIN/swap_integrity" ] || { echo "run.sh: $BIN/swap_integrity missing: run 'make tools'" >&2; exit 2; }
tap_read_table "$SELFTESTS/known-failures"
# A test that runs the VM out of memory must not end the run: the OOM killer
# spares this shell. tap_run makes each test killable again.
echo -1000 >/proc/$$/oom_score_adj

echo "TAP version 13"
echo "# kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {print $2 / 1024 " MiB"}' /proc/meminfo)"
for suite in $SUITES; do
	[ -r "$SELFTESTS/suites/$suite.sh" ] || { echo "Bail out! no suite '$suite'"; exit 1; }
	echo "# suite: $suite"
	suite_start=$SECONDS
	. "$SELFTESTS/suites/$suite.sh"
	echo "# suite $suite took $((SECONDS - suite_start)) s"
done
swap_off_all
tap_summary
