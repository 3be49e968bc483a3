# SPDX-License-Identifier: GPL-2.0
# Suite: vswapctl, vswapstat, `bpftool struct_ops register`, the bpftrace
# scripts and every example of the documentation, run on vswap over zswap
# and the disk around real workloads. Each test prints what it saw and
# fails on the first mismatch. Sourced by run.sh.

have_vswap || return 0
VSWAPCTL=$LAB_BUILD/tools/vswapctl
VSWAPSTAT=$LAB_BUILD/tools/vswapstat
BPFTOOL=$LAB_BUILD/bpftool/bpftool
POLICY_FILE=$VSWAP_DEBUG/policy

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

# A short swap-out and read-back in the cgroup "tools_test".
tools_workload() { # PATTERN [ARGS...]
	local pattern=$1
	shift
	integrity vswap-zswap+disk -g tools_test -p "$pattern" -s 16M -e reclaim "$@" >/dev/null
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
	expect "replace" "last_exit: adaptive replaced" "$(cat "$POLICY_FILE")" &&
	out=$("$VSWAPCTL" unload) && policy_is none &&
	expect "unload" "last_exit: cgroup_tier detached" "$(cat "$POLICY_FILE")" || return 1
	out=$("$VSWAPCTL" load no_such_policy 2>&1) &&
		{ echo "FAIL: loading an unknown policy succeeded"; return 1; }
	expect "unknown policy" "no policy 'no_such_policy'" "$out" || return 1
	out=$("$VSWAPCTL" load adaptive -o no_such_knob=1 2>&1) &&
		{ echo "FAIL: an unknown tunable was accepted"; return 1; }
	expect "unknown tunable" "has no tunable or map 'no_such_knob'" "$out" &&
	policy_is none || return 1
	out=$("$VSWAPCTL" load cgroup_tier -o tiers=/sys/fs/cgroup:nowhere 2>&1) &&
		{ echo "FAIL: an unknown placement was accepted"; return 1; }
	expect "unknown placement" "not a placement \(default, zswap, phys, keep\)" "$out" &&
	policy_is none &&
	out=$("$VSWAPCTL" --help) && expect "help" "EXAMPLES" "$out" || return 1
	# An unprivileged user is told to be root, not sent to the verifier.
	for cmd in "load adaptive" status unload; do
		out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$VSWAPCTL" $cmd 2>&1) &&
			{ echo "FAIL: 'vswapctl $cmd' succeeded as nobody"; return 1; }
		expect "$cmd as nobody" "^vswapctl: ${cmd%% *}: permission denied: run it as root" "$out" ||
			return 1
	done
	policy_is none
}

test_bpftool_register() {
	local out
	mkdir -p /sys/fs/bpf/vswap &&
	out=$("$BPFTOOL" struct_ops register "$LAB_BUILD/bpf/zswap_first.bpf.o" /sys/fs/bpf/vswap 2>&1) &&
	policy_is zswap_first && tools_workload compressible &&
	expect "decisions" "^zswap: [1-9]" "$(cat "$POLICY_FILE")" || { echo "$out"; return 1; }
	rm -f /sys/fs/bpf/vswap/zswap_first_ops && rmdir /sys/fs/bpf/vswap &&
	policy_is none
}

# vswapstat ARGS... around a mixed workload; prints its output.
vswapstat_around() {
	local out pid
	out=$(mktemp /tmp/vswapstat.XXXXXX)
	# A cgroup that exists when vswapstat starts is named even if it is
	# removed before vswapstat prints.
	cgroup_make tools_test >/dev/null
	"$VSWAPSTAT" "$@" >"$out" 2>&1 &
	pid=$!
	wait_banner "$out" 30 $pid
	tools_workload mixed
	bounded_wait $pid 60
	cat "$out"
	rm -f "$out"
}

test_vswapstat() {
	local out
	out=$(vswapstat_around 3 1)
	expect "banner" "^Tracing vswap .* Hit Ctrl-C to end" "$out" &&
	expect "header" "^CGROUP +ZSWAP +PHYS +KEPT +INVALID +Z_REJ +Z_MS" "$out" &&
	expect "the workload's row" "^/tools_test +[1-9][0-9]* +[1-9][0-9]* " "$out" &&
	expect "transitions" "^transitions: .*none>zswap [1-9]" "$out" &&
	expect "histogram" "usecs" "$out" &&
	out=$("$VSWAPSTAT" -c /no/such/cgroup 1 1 2>&1) &&
		{ echo "FAIL: a bad cgroup was accepted"; return 1; }
	expect "bad cgroup" "not a cgroup directory" "$out"
}

# --csv: a header, then rows a script reads by column name.
test_vswapstat_csv() {
	local out row
	out=$(vswapstat_around --csv 3 1)
	expect "header" "^time,cgroup,placed_zswap,placed_phys,kept,invalid," "$out" || return 1
	row=$(grep -v '^Tracing' <<<"$out" | csv_columns cgroup placed_zswap placed_phys |
		grep '^/tools_test ')
	echo "columns cgroup placed_zswap placed_phys: $row"
	expect "the workload's zswap and phys pages" "^/tools_test [1-9][0-9]* [1-9][0-9]*$" "$row"
}

test_bpftrace_transitions() {
	local out
	out=$(trace_around vswaptransitions tools_workload mixed)
	expect "banner" "Hit Ctrl-C" "$out" &&
	expect "none>zswap" "^@slots\[none, zswap\]: [1-9]" "$out" &&
	expect "none>phys" "^@slots\[none, phys\]: [1-9]" "$out" &&
	expect "zswap>none" "^@slots\[zswap, none\]: [1-9]" "$out"
}

test_bpftrace_wblat() {
	local out
	out=$(trace_around vswapwblat integrity vswap-zswap+disk -p half -s 32M -z 4M -e reclaim)
	expect "histogram" "^\[[0-9]+[KM]?, [0-9]+[KM]?\) +[0-9]+ \|@+" "$out" &&
	expect "count" "^@written_back: [1-9]" "$out"
}

swapoff_and_on() { swapoff "$SWAP_DISK" && swapon "$SWAP_DISK"; }
test_bpftrace_rmap() {
	local out
	out=$(trace_around vswaprmap held_run swapoff_and_on "" \
		integrity vswap-zswap+disk -p incompressible -s 16M -e reclaim)
	expect "swapoff" "^@slots\[swapoff, [0-9]+\]: [1-9]" "$out" &&
	expect "free" "^@slots\[free, [0-9]+\]: [1-9]" "$out"
}

test_bpftrace_place() {
	local out
	cgroup_make tools_test >/dev/null
	"$VSWAPCTL" load cgroup_tier -o tiers=/sys/fs/cgroup/tools_test:phys >/dev/null ||
		return 1
	out=$(trace_around vswapplace tools_workload compressible)
	"$VSWAPCTL" unload >/dev/null
	expect "placements" "^@pages\[[0-9]+, phys, phys\]: [1-9]" "$out"
}

# A benchmark is never a timed test: this runs free-bench.sh once, small,
# to check that it works and prints its table.
test_free_bench() {
	local out
	out=$(MIB=8 "$SELFTESTS/../tools/bench/free-bench.sh" 1 2>&1) &&
	expect "table" "^legacy-disk +[0-9.]+ \([0-9.]+\.\.[0-9.]+\) +vswap-disk " "$out" &&
	expect "ratio" "^legacy-zswap\+disk .* paired [0-9.]+ " "$out" || { echo "$out"; return 1; }
}

# Every example command of the READMEs, the policies' and bpftrace
# scripts' header comments and the tools' --help, run as documented.
test_doc_examples() { "$SELFTESTS/doc-examples.sh"; }

swap_setup vswap-zswap+disk || { echo "Bail out! cannot set up vswap-zswap+disk"; exit 1; }
tap_run tools/vswapctl test_vswapctl
tap_run tools/bpftool-struct-ops-register test_bpftool_register
tap_run tools/vswapstat test_vswapstat
tap_run tools/vswapstat-csv test_vswapstat_csv
tap_run bpftrace/vswaptransitions test_bpftrace_transitions
tap_run bpftrace/vswapwblat test_bpftrace_wblat
tap_run bpftrace/vswaprmap test_bpftrace_rmap
tap_run bpftrace/vswapplace test_bpftrace_place
tap_run tools/doc-examples test_doc_examples
tap_run tools/free-bench test_free_bench
"$VSWAPCTL" unload >/dev/null 2>&1
cgroup_remove tools_test
