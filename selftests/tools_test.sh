# SPDX-License-Identifier: GPL-2.0
#
# tools_test.sh - tests of vswapctl, vswapstat, `bpftool struct_ops
# register` and the bpftrace scripts, sourced by run.sh. Each function is
# one test: it prints what it saw and returns non-zero on a failure.
# Needs harness.sh, $build and vswap over zswap and the disk.

VSWAPCTL=$build/tools/vswapctl
VSWAPSTAT=$build/tools/vswapstat
BPFTOOL=$build/bpftool/bpftool
POLICY_FILE=/sys/kernel/debug/vswap/policy

# expect DESCRIPTION PATTERN TEXT: TEXT must match the extended regex.
expect() {
	if grep -qE -- "$2" <<<"$3"; then
		return 0
	fi
	echo "FAIL: $1: no /$2/ in:"
	sed 's/^/    /' <<<"$3"
	return 1
}

# policy_is NAME: debugfs shows NAME active (detaching may be deferred).
policy_is() {
	local i
	for i in $(seq 20); do
		grep -qx "active: $1" "$POLICY_FILE" && return 0
		sleep 0.1
	done
	echo "FAIL: active policy is not $1:"
	cat "$POLICY_FILE"
	return 1
}

# A short swap-out of compressible pages in the cgroup "tools_test".
tools_workload() { # PATTERN
	"$build/selftests/swap_integrity" -g tools_test -c zswap+disk -p "$1" -s 16M \
		-e reclaim >/dev/null
}

test_vswapctl() {
	local out
	out=$("$VSWAPCTL" list) &&
	expect "list" "^adaptive .*" "$out" &&
	expect "list: tunables" "-o reject_threshold=768" "$out" &&
	out=$("$VSWAPCTL" load adaptive -o probe_interval=16) &&
	expect "load" "adaptive attached; pinned under /sys/fs/bpf/vswap" "$out" &&
	policy_is adaptive && tools_workload compressible &&
	out=$("$VSWAPCTL" status) &&
	expect "status" "active: adaptive" "$out" &&
	expect "status: policy counters" "nr_default +[1-9]" "$out" || return 1
	out=$("$VSWAPCTL" load size_tier 2>&1) &&
		{ echo "FAIL: a second load succeeded"; return 1; }
	expect "second load" "already loaded.*--replace" "$out" &&
	out=$("$VSWAPCTL" load --replace cgroup_tier -o tiers=/sys/fs/cgroup:phys) &&
	policy_is cgroup_tier &&
	expect "replace" "last_exit: adaptive replaced" "$(cat $POLICY_FILE)" &&
	out=$("$VSWAPCTL" unload) && policy_is none &&
	expect "unload" "last_exit: cgroup_tier detached" "$(cat $POLICY_FILE)" || return 1
	out=$("$VSWAPCTL" load no_such_policy 2>&1) &&
		{ echo "FAIL: loading an unknown policy succeeded"; return 1; }
	expect "unknown policy" "no policy 'no_such_policy'" "$out" || return 1
	out=$("$VSWAPCTL" load adaptive -o no_such_knob=1 2>&1) &&
		{ echo "FAIL: an unknown tunable was accepted"; return 1; }
	expect "unknown tunable" "has no tunable or map 'no_such_knob'" "$out" &&
	policy_is none &&
	out=$("$VSWAPCTL" --help) && expect "help" "EXAMPLES" "$out"
}

test_bpftool_register() {
	local out
	mkdir -p /sys/fs/bpf/vswap &&
	out=$("$BPFTOOL" struct_ops register "$build/bpf/zswap_first.bpf.o" /sys/fs/bpf/vswap 2>&1) &&
	policy_is zswap_first && tools_workload compressible &&
	expect "decisions" "^zswap: [1-9]" "$(cat $POLICY_FILE)" || { echo "$out"; return 1; }
	rm -f /sys/fs/bpf/vswap/zswap_first_ops && rmdir /sys/fs/bpf/vswap &&
	policy_is none
}

test_vswapstat() {
	local out pid
	# A cgroup that exists when vswapstat starts is named even if it is
	# removed before vswapstat prints.
	mkdir -p /sys/fs/cgroup/tools_test
	"$VSWAPSTAT" 2 2 >/tmp/vswapstat.out 2>&1 &
	pid=$!
	sleep 1
	tools_workload mixed
	bounded_wait $pid 60 || { cat /tmp/vswapstat.out; return 1; }
	out=$(cat /tmp/vswapstat.out)
	expect "banner" "^Tracing vswap .* Hit Ctrl-C to end" "$out" &&
	expect "header" "^CGROUP +ZSWAP +PHYS +KEPT +INVALID +Z_REJ +Z_MS" "$out" &&
	expect "the workload's row" "^/tools_test +[1-9][0-9]* +[1-9][0-9]* " "$out" &&
	expect "transitions" "^transitions: .*none>zswap [1-9]" "$out" &&
	expect "histogram" "usecs" "$out" &&
	out=$("$VSWAPSTAT" -c /no/such/cgroup 1 1 2>&1) &&
		{ echo "FAIL: a bad cgroup was accepted"; return 1; }
	expect "bad cgroup" "not a cgroup directory" "$out"
}

# hang_report PID...: what the processes wait for (a test is about to fail).
hang_report() {
	local p
	for p in "$@"; do
		echo "HANG: $(tr '\0' ' ' </proc/$p/cmdline 2>/dev/null)"
		grep -E '^State' /proc/$p/status 2>/dev/null
		sed 's/^/    /' /proc/$p/stack 2>/dev/null
	done
}

# bounded_wait PID SECONDS: wait for PID (a child), killing it and its
# children with a report if it outlives SECONDS. Returns its exit status.
bounded_wait() {
	local pid=$1 i
	for i in $(seq $(($2 * 2))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	if kill -0 "$pid" 2>/dev/null; then
		hang_report "$pid" $(pgrep -P "$pid")
		pkill -KILL -P "$pid"
		kill -KILL "$pid"
	fi
	wait "$pid"
}

# bpftrace_run SCRIPT WORKLOAD...: run SCRIPT around WORKLOAD, print its
# output. Every wait is bounded: a hang fails the test with a report
# instead of stalling the whole run.
bpftrace_run() {
	local script=$1 out=/tmp/$1.out pid i
	shift
	bpftrace "$repo/tools/bpftrace/$script.bt" >"$out" 2>&1 &
	pid=$!
	for i in $(seq 120); do
		grep -q 'Hit Ctrl-C' "$out" && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.5
	done
	"$@" &
	bounded_wait $! 300 || echo "bpftrace_run: workload failed or hung: $*"
	sleep 2
	kill -INT $pid 2>/dev/null
	bounded_wait $pid 30
	cat "$out"
}

test_bpftrace_transitions() {
	local out
	out=$(bpftrace_run vswaptransitions tools_workload mixed)
	expect "banner" "Hit Ctrl-C" "$out" &&
	expect "none>zswap" "^@slots\[none, zswap\]: [1-9]" "$out" &&
	expect "none>phys" "^@slots\[none, phys\]: [1-9]" "$out" &&
	expect "zswap>none" "^@slots\[zswap, none\]: [1-9]" "$out"
}

test_bpftrace_wblat() {
	local out
	out=$(bpftrace_run vswapwblat "$build/selftests/swap_integrity" -c zswap+disk \
		-p half -s 32M -z 4M -e reclaim)
	expect "histogram" "^\[[0-9]+[KM]?, [0-9]+[KM]?\) +[0-9]+ \|@+" "$out" &&
	expect "count" "^@written_back: [1-9]" "$out"
}

test_bpftrace_rmap() {
	local out
	out=$(bpftrace_run vswaprmap "$build/selftests/swap_integrity" -c zswap+disk \
		-p incompressible -s 16M -e reclaim -x "swapoff $SWAP_DISK && swapon $SWAP_DISK")
	expect "swapoff" "^@slots\[swapoff, [0-9]+\]: [1-9]" "$out" &&
	expect "free" "^@slots\[free, [0-9]+\]: [1-9]" "$out"
}

test_bpftrace_place() {
	local out
	mkdir -p /sys/fs/cgroup/tools_test
	"$VSWAPCTL" load cgroup_tier -o tiers=/sys/fs/cgroup/tools_test:phys >/dev/null ||
		return 1
	out=$(bpftrace_run vswapplace tools_workload compressible)
	"$VSWAPCTL" unload >/dev/null
	expect "placements" "^@pages\[[0-9]+, 2, phys\]: [1-9]" "$out"
}
