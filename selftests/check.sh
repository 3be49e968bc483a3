#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [RUN-VM OPTION]... - the host side of `make check`.
#
# 1. Boots the VM and runs selftests/run.sh in it (one TAP line per test).
#    A kernel problem on the console (Oops, WARNING, lockdep, KASAN, hung
#    task, ...) fails the run even if every test passed.
# 2. Tests the VM runner itself: each check it makes must be able to fail.
# 3. Boots the VM for the tests that need a boot of their own: a lost
#    virtual slot (which warns) and cgroup v1's memory controller.
# 4. Checks the layout on the host: tools/ never uses selftests/.
# 5. Prints the total; the last line is "N passed, N failed".
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
runvm="$repo/tools/vm/run-vm.sh"
out="${BUILD:-$repo/build}/check"
kargs=()

# Options such as -k BZIMAGE, -m, -a and -t go to every tools/vm/run-vm.sh.
case "${1:-}" in
-h|--help) sed -n '3,12s/^# \?//p' "$0"; exit 0 ;;
esac
kargs=("$@")

pass=0
fail=0
result() { # NAME OK [DETAIL]
	if [ "$2" = 1 ]; then
		echo "ok - $1"
		pass=$((pass + 1))
	else
		echo "not ok - $1${3:+: $3}"
		fail=$((fail + 1))
	fi
}

rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)

echo "# selftests in the VM"
"$runvm" -t 3000 "${kargs[@]}" -o "$out/selftests" -- selftests/run.sh
rc=$?
if [ -r "$out/selftests/summary" ]; then
	read -r p f <"$out/selftests/summary"
	pass=$((pass + p))
	fail=$((fail + f))
else
	result "vm/selftests-completed" 0 "run.sh did not finish (run-vm exit $rc)"
fi
result "vm/console-clean" "$([ "$rc" != 126 ] && echo 1)" "kernel problem on the console"
echo "# VM tests took $(($(date +%s) - start))s"

echo "# tests of the VM runner"
runner_test() { # NAME EXPECTED-RC [GREP] -- RUN-VM ARGS...
	local name=$1 want=$2 pattern=$3 got log
	shift 4
	log="$out/runner-$name.log"
	"$runvm" "${kargs[@]}" -q -o "$out/runner-$name" "$@" >"$log" 2>&1
	got=$?
	if [ "$got" = "$want" ] && { [ -z "$pattern" ] || grep -q "$pattern" "$log"; }; then
		result "runner/$name" 1
	else
		result "runner/$name" 0 "exit $got, expected $want${pattern:+ and '$pattern'} (see $log)"
	fi
}
runner_test reports-guest-exit-status 3 "" -- -- sh -c 'exit 3'
runner_test fails-on-kernel-warning 126 "kernel reported a problem" -- \
	-- sh -c 'echo WARNING >/sys/kernel/debug/provoke-crash/DIRECT'
runner_test fails-on-kernel-oops 126 "kernel reported a problem" -- \
	-- sh -c 'echo EXCEPTION >/sys/kernel/debug/provoke-crash/DIRECT'
runner_test enforces-time-limit 124 "timed out" -- -t 20 -- sleep 600
runner_test runs-with-stdin-closed 0 "" -- -- true <&-

# A virtual slot whose data is lost (a bug, injected through debugfs) must
# cost the process SIGBUS and the kernel one warning, not a page fault
# retried forever: a boot of its own, since the warning fails the run.
lost_slot() {
	local log="$out/runner-lost-slot.log" got
	"$runvm" "${kargs[@]}" -q -o "$out/runner-lost-slot" -t 600 -- bash -c \
		'. tools/lib/swaplab.sh && swap_setup vswap-zswap && "$VSWAP_BUILD/selftests/swap_lost"' \
		>"$log" 2>&1
	got=$?
	if [ "$got" = 126 ] && grep -q 'swap_lost: PASS' "$out/runner-lost-slot/console.log" &&
	   grep -q 'its data is lost' "$out/runner-lost-slot/console.log"; then
		result "vm/lost-slot-sigbus-and-warning" 1
	else
		result "vm/lost-slot-sigbus-and-warning" 0 "exit $got (see $out/runner-lost-slot/console.log)"
	fi
}
lost_slot

# cgroup v1's memory controller, with memsw accounting: a boot of its own,
# since the controller leaves the v2 hierarchy the other tests use. The
# boot also starts with vswap=off, which cgroup-v1.sh checks first. Each
# of its TAP lines counts; so does a clean console.
cgroup_v1() {
	local log="$out/runner-cgroup-v1.log" got line seen=0
	"$runvm" "${kargs[@]}" -a vswap=off -q -o "$out/runner-cgroup-v1" -t 900 -- \
		selftests/cgroup-v1.sh \
		>"$log" 2>&1
	got=$?
	while IFS= read -r line; do
		seen=$((seen + 1))
		case $line in
		"ok "*) result "vm/${line#ok [0-9]* }" 1 ;;
		"not ok "*) result "vm/${line#not ok [0-9]* }" 0 "see $out/runner-cgroup-v1/console.log" ;;
		esac
	done < <(tr -d '\r' <"$out/runner-cgroup-v1/console.log" | grep -E '^(not )?ok [0-9]+ ')
	[ "$seen" -gt 0 ] || result "vm/cgroup-v1-completed" 0 "no result (exit $got, see $log)"
	result "vm/cgroup-v1-console-clean" "$([ "$got" != 126 ] && echo 1)" \
		"kernel problem on the console (exit $got)"
}
cgroup_v1

echo "# tests on the host"
layering=$("$here/layering.sh" 2>&1)
rc=$?
result "host/tools-never-use-selftests" "$([ $rc = 0 ] && echo 1)" "$layering"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
