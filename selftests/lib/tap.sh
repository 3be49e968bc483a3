# SPDX-License-Identifier: GPL-2.0
# TAP output for the in-guest selftests. Source it.
#
# Each test prints one TAP line. A test's own output is kept as "# "
# diagnostics: shown for failures, or always with VERBOSE=1; VERBOSE=2
# shows it as it comes (make torture: progress of a long run). The summary
# line "N passed, N failed" is always the last line printed.

TAP_N=0
TAP_PASS=0
TAP_FAIL=0
TAP_SKIP=0
TAP_XFAIL=0
TAP_FILTER=${TAP_FILTER:-}

# The table of known failures and timing-dependent tests (selftests/
# known-failures): parallel arrays of kind, name regex and reason.
TAP_KINDS=()
TAP_REGEXES=()
TAP_REASONS=()

# tap_read_table FILE: "KIND<TAB>REGEX<TAB>REASON" lines; # comments.
tap_read_table() {
	local kind regex reason
	while IFS=$'\t' read -r kind regex reason; do
		case $kind in ''|'#'*) continue ;; esac
		case $kind in
		fails|flaky|differs) ;;
		*) echo "Bail out! $1: unknown kind '$kind'"; exit 1 ;;
		esac
		TAP_KINDS+=("$kind")
		TAP_REGEXES+=("$regex")
		TAP_REASONS+=("$reason")
	done <"$1"
}

# tap_add_expect KIND NAME REASON: a row added at run time, for the test
# NAME exactly (its regex characters, such as the "+" of a configuration's
# name, match themselves).
tap_add_expect() {
	TAP_KINDS+=("$1")
	TAP_REGEXES+=("$(sed 's/[][\\.*^$+?(){}|]/\\&/g' <<<"$2")")
	TAP_REASONS+=("$3")
}

# tap_expect KIND NAME: the reason if the table lists NAME as KIND, else
# nothing (and a non-zero status).
tap_expect() {
	local i
	for i in "${!TAP_KINDS[@]}"; do
		[ "${TAP_KINDS[$i]}" = "$1" ] && [[ $2 =~ ^${TAP_REGEXES[$i]}$ ]] &&
			{ echo "${TAP_REASONS[$i]}"; return 0; }
	done
	return 1
}

tap_selected() { [ -z "$TAP_FILTER" ] || [[ $1 =~ $TAP_FILTER ]]; }

# tap_result NAME RC OUTPUT: print the TAP line for a finished test.
# RC 0 passes, 4 skips (kselftest's KSFT_SKIP), anything else fails.
tap_result() {
	local name=$1 rc=$2 output=$3 xfail
	xfail=$(tap_expect fails "$name" || tap_expect differs "$name")

	TAP_N=$((TAP_N + 1))
	if [ "$rc" = 0 ]; then
		[ -n "$xfail" ] && echo "# $name passed although listed as known to fail: $xfail"
		[ "${VERBOSE:-0}" = 1 ] && [ -n "$output" ] && sed 's/^/# /' <<<"$output"
		echo "ok $TAP_N $name"
		TAP_PASS=$((TAP_PASS + 1))
	elif [ "$rc" = 4 ]; then
		echo "ok $TAP_N $name # SKIP $(grep -m1 -io 'skip.*' <<<"$output")"
		TAP_SKIP=$((TAP_SKIP + 1))
	elif [ -n "$xfail" ]; then
		echo "not ok $TAP_N $name # TODO known failure: $xfail"
		TAP_XFAIL=$((TAP_XFAIL + 1))
	else
		[ -n "$output" ] && sed 's/^\(# \)\?/# /' <<<"$output"
		echo "not ok $TAP_N $name (exit $rc)"
		TAP_FAIL=$((TAP_FAIL + 1))
	fi
}

# In a test's subshell: the OOM killer may pick it (and what it starts)
# again, as any process; run.sh itself is spared.
tap_killable() {
	echo 0 >/proc/self/oom_score_adj 2>/dev/null || true
}

# tap_run NAME CMD...: run CMD as one test. A failure of a test the table
# lists as flaky is retried once, and the retry's verdict counts.
tap_run() {
	local name=$1 output rc reason
	shift
	tap_selected "$name" || return 0
	output=$(tap_capture "$@")
	rc=$?
	if [ "$rc" != 0 ] && [ "$rc" != 4 ] && reason=$(tap_expect flaky "$name"); then
		echo "# $name failed; retrying once ($reason)"
		output=$(tap_capture "$@")
		rc=$?
	fi
	tap_result "$name" "$rc" "$output"
}

# tap_capture CMD...: CMD's output and status, CMD killable; with VERBOSE=2
# its output also goes to stderr, as "# " lines, while it runs.
tap_capture() {
	local log rc
	if [ "${VERBOSE:-0}" != 2 ]; then
		(tap_killable; "$@") 2>&1
		return
	fi
	log=$(mktemp)
	(tap_killable; "$@") 2>&1 | tee "$log" | sed -u 's/^/# /' >&2
	rc=${PIPESTATUS[0]}
	cat "$log"
	rm -f "$log"
	return "$rc"
}

# Ends the run. In the VM, the counts also go to $VSWAP_OUT/summary for the
# host (selftests/check.sh), which adds its own tests to the total.
tap_summary() {
	echo "1..$TAP_N"
	[ "$TAP_SKIP" -gt 0 ] && echo "# $TAP_SKIP skipped"
	[ "$TAP_XFAIL" -gt 0 ] && echo "# $TAP_XFAIL known failure(s), not counted"
	[ -n "${VSWAP_OUT:-}" ] && echo "$TAP_PASS $TAP_FAIL" >"$VSWAP_OUT/summary"
	echo "$TAP_PASS passed, $TAP_FAIL failed"
	[ "$TAP_FAIL" = 0 ]
}
