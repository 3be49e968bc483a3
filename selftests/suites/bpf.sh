# SPDX-License-Identifier: GPL-2.0
# Suite: the BPF selftests (selftests/bpf/test_vswap_bpf: struct vswap_ops,
# the vswap tracepoints, the policies), one TAP line per subtest, on vswap
# over zswap and the disk. Sourced by run.sh.

have_vswap || return 0
TEST_PROGS=$LAB_BUILD/selftests/bpf/test_vswap_bpf

run_test_progs() {
	local t output rc line failed
	for t in $("$TEST_PROGS" -l); do
		tap_selected "bpf/$t" || continue
		output=$("$TEST_PROGS" -t "$t" 2>&1)
		rc=$?
		failed=0
		while read -r line; do
			case $line in
			"ok "*" - "*) tap_result "bpf/${line#* - }" 0 "" ;;
			"not ok "*" - "*)
				tap_result "bpf/${line#* - }" 1 "$output"
				failed=1 ;;
			esac
		done <<<"$output"
		[ "$rc" != 0 ] && [ "$failed" = 0 ] && tap_result "bpf/$t" "$rc" "$output"
	done
}

swap_setup vswap-zswap+disk || { echo "Bail out! cannot set up vswap-zswap+disk"; exit 1; }
run_test_progs
