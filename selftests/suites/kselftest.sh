# SPDX-License-Identifier: GPL-2.0
# Suite: the kernel's own cgroup selftests, test_zswap and test_memcontrol,
# one TAP line per subtest, in pairs of configurations run in the same
# boot: the legacy one, then its vswap twin. Every subtest that passes with
# vswap off must pass with vswap on; one that fails with vswap off too is
# reported as such (# TODO), not counted. A subtest the table
# (selftests/known-failures) lists as flaky is retried, up to twice, with
# fresh runs of the binary; a known failure is not. Sourced by run.sh.

KSELFTESTS=$LAB_BUILD/kselftests/cgroup

# How many subtests the vswap-off run of BINARY@TWIN completed, when the
# binary ended before its last one (killed by the OOM killer, say): the
# twin's later subtests did not pass with vswap off either.
declare -A KSELFTEST_ENDED

# run_kselftest BINARY CONFIG [WORKDIR [REFERENCE]]: with REFERENCE, the
# run is only the baseline of CONFIG's vswap twin: its failures count as
# expected there, and they are recorded for the twin.
# A binary gets KSELFTEST_TIMEOUT seconds. Then what its processes are
# doing is recorded ("# hang:" lines), the whole group is killed, and the
# subtests it did not finish count as one failure (see below), instead of
# a hang of the whole run. Its output goes through a file: a process stuck
# in the kernel would hold a pipe open forever.
KSELFTEST_TIMEOUT=${KSELFTEST_TIMEOUT:-300}
kselftest_hang_report() { # PID
	local task
	ps -eo pid,pgid,stat,wchan:32,time,comm | awk -v g="$1" 'NR == 1 || $2 == g'
	for task in $(pgrep -g "$1"); do
		echo "stack of $task ($(cat "/proc/$task/comm" 2>/dev/null)):"
		cat "/proc/$task/stack" 2>/dev/null
	done
	for task in /sys/fs/cgroup/*/; do
		[ -e "$task/memory.max" ] || continue
		echo "$task max $(cat "$task/memory.max") current $(cat "$task/memory.current")" \
		     "zswap.max $(cat "$task/memory.zswap.max") zswap.current" \
		     "$(cat "$task/memory.zswap.current") events $(tr '\n' ' ' <"$task/memory.events")"
	done
	grep -E '^(vswpout|vswpwb|zswpout|zswpwb|pswpout|pgscan_anon|oom_kill) ' /proc/vmstat | tr '\n' ' '
	echo
	cat /sys/kernel/debug/vswap/policy 2>/dev/null | head -3
}
kselftest_bounded() { # BINARY: prints its output; status 137 if it was stopped
	local log pid i status min_free
	log=$(mktemp)
	# test_zswap's test_no_kmem_bypass raises min_free_kbytes to half
	# of RAM and lowers it at its end; killed in between, it would
	# leave every later test short of memory.
	min_free=$(cat /proc/sys/vm/min_free_kbytes)
	tap_killable
	setsid stdbuf -oL -eL "$1" >"$log" 2>&1 &
	pid=$!
	for ((i = 0; i < KSELFTEST_TIMEOUT * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kselftest_hang_report "$pid" 2>&1 | sed 's/^/# hang: /'
		kill -KILL -- "-$pid" 2>/dev/null
		sleep 1
		status=137
	else
		wait "$pid"
		status=$?
	fi
	echo "$min_free" >/proc/sys/vm/min_free_kbytes
	cat "$log"
	rm -f "$log"
	return $status
}

# A flaky subtest that failed passes if it passes in one of up to
# KSELFTEST_RETRIES fresh runs of its binary. The runs are made when first
# needed and shared by the binary's flaky subtests (run_kselftest empties
# KSELFTEST_RETRY). test_no_kmem_bypass, for one, failed 3 of 6 runs with
# vswap off and 1 of 6 with it on, in one boot of a loaded machine.
KSELFTEST_RETRIES=${KSELFTEST_RETRIES:-2}
KSELFTEST_RETRY=()
kselftest_retry_passes() { # BINARY CONFIG DIR SUBTEST
	local i
	for ((i = 0; i < KSELFTEST_RETRIES; i++)); do
		[ -n "${KSELFTEST_RETRY[i]:-}" ] || KSELFTEST_RETRY[i]=$(swap_setup "$2" &&
			cd "$3" && kselftest_bounded "$KSELFTESTS/$1" 2>&1)
		grep -qx "ok [0-9]* $4" <<<"${KSELFTEST_RETRY[i]}" && return 0
	done
	return 1
}

run_kselftest() {
	local bin=$1 config=$2 dir=${3:-$KSELFTESTS} reference=${4:-} out rc line name test
	local twin=vswap-${config#legacy-} done=0 ended
	tap_selected "kselftest/$bin@$config" || tap_selected "kselftest/$bin@$twin" || return 0
	swap_setup "$config" || { tap_result "kselftest/$bin@$config" 1 "cannot set up swap"; return; }
	# Line-buffered: the tests fork, and children would flush copies of a
	# fully buffered stdout again.
	# What global counters start from, shown with a failure's output.
	out=$(echo "# before the run: zswap holds $(zswap_counter stored_pages) pages," \
		   "vswap $(vswap_counter used 2>/dev/null || echo no) slots"
	      cd "$dir" && kselftest_bounded "$KSELFTESTS/$bin" 2>&1)
	rc=$?
	if [ "$rc" = 137 ] && [ -z "$reference" ]; then
		# Killed, by the time limit or the OOM killer: retried once, as
		# a flaky run would be; a second kill counts (see below).
		grep '^# hang: ' <<<"$out"
		echo "# $bin@$config was killed before it finished; retrying it once"
		out=$(swap_setup "$config" && cd "$dir" && kselftest_bounded "$KSELFTESTS/$bin" 2>&1)
		rc=$?
	fi
	KSELFTEST_RETRY=()
	ended=${KSELFTEST_ENDED[$bin@$config]:-}
	while IFS= read -r line; do
		case "$line" in
		"ok "*"# SKIP "*) name=${line##*# SKIP }
			done=$((done + 1))
			tap_result "kselftest/$bin@$config/$name" 4 "SKIP"; continue ;;
		"ok "*) name=${line#ok * }
			done=$((done + 1))
			tap_result "kselftest/$bin@$config/$name" 0 ""; continue ;;
		"not ok "*) name=${line#not ok * }
			done=$((done + 1)) ;;
		*) continue ;;
		esac
		test=kselftest/$bin@$config/$name
		if [ -z "$reference" ] && tap_expect flaky "$test" >/dev/null &&
		   ! tap_expect fails "$test" >/dev/null &&
		   kselftest_retry_passes "$bin" "$config" "$dir" "$name"; then
			echo "# $test failed, then passed when retried (timing)"
			tap_result "$test" 0 ""
			continue
		fi
		[ -n "$reference" ] && tap_add_expect fails "$test" "$reference"
		[ -n "$ended" ] && [ "$done" -gt "$ended" ] && tap_add_expect fails "$test" \
			"did not run with vswap off (${config/vswap-/legacy-}): that run ended after subtest $ended"
		[ "${config%%-*}" = legacy ] && tap_add_expect fails \
			"kselftest/$bin@$twin/$name" "fails with vswap off ($config) in this boot too"
		tap_result "$test" 1 "$(grep '^#' <<<"$out")"
	done <<<"$out"
	# A binary killed mid-run (by the OOM killer, say) prints no line for
	# the rest of its subtests: one failure stands for them.
	if [ "$rc" -gt 128 ]; then
		test=kselftest/$bin@$config/ended-after-subtest-$done
		[ -n "$reference" ] && tap_add_expect fails "$test" "$reference"
		[ "${config%%-*}" = legacy ] && KSELFTEST_ENDED[$bin@$twin]=$done
		tap_result "$test" 1 "# $bin was killed by signal $((rc - 128)) after $done subtests"
	fi
}

# test_memcontrol works in its current directory, which must not be tmpfs
# (tmpfs page cache is shmem, which some of its tests do not expect).
scratch=/mnt/scratch
mkdir -p "$scratch" && mkfs.ext4 -q -F /dev/vdc && mount /dev/vdc "$scratch" ||
	echo "# cannot mount an ext4 scratch disk; test_memcontrol will fail"

nodisk="the baseline of vswap-zswap: without vswap, no swap device means no swap"
run_kselftest test_zswap legacy-zswap "" "$nodisk"
have_vswap && run_kselftest test_zswap vswap-zswap
run_kselftest test_zswap legacy-zswap+disk
have_vswap && run_kselftest test_zswap vswap-zswap+disk
for config in disk zswap+disk; do
	run_kselftest test_memcontrol "legacy-$config" "$scratch"
	have_vswap && run_kselftest test_memcontrol "vswap-$config" "$scratch"
done
umount "$scratch" 2>/dev/null
