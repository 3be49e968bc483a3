# SPDX-License-Identifier: GPL-2.0
# Suite: the kernel's own cgroup selftests, test_zswap and test_memcontrol,
# on the legacy path and on vswap, one TAP line per subtest. A subtest the
# table lists as flaky is retried once with a fresh run of the binary; a
# known failure is not. Sourced by run.sh.

KSELFTESTS=$LAB_BUILD/kselftests/cgroup

run_kselftest() { # BINARY CONFIG [WORKDIR]
	local bin=$1 config=$2 dir=${3:-$KSELFTESTS} out retry="" line name test
	tap_selected "kselftest/$bin@$config" || return 0
	swap_setup "$config" || { tap_result "kselftest/$bin@$config" 1 "cannot set up swap"; return; }
	# Line-buffered: the tests fork, and children would flush copies of a
	# fully buffered stdout again.
	out=$(cd "$dir" && stdbuf -oL -eL "$KSELFTESTS/$bin" 2>&1)
	while IFS= read -r line; do
		case "$line" in
		"ok "*"# SKIP "*) name=${line##*# SKIP }
			tap_result "kselftest/$bin@$config/$name" 4 "SKIP"; continue ;;
		"ok "*) name=${line#ok * }
			tap_result "kselftest/$bin@$config/$name" 0 ""; continue ;;
		"not ok "*) name=${line#not ok * } ;;
		*) continue ;;
		esac
		test=kselftest/$bin@$config/$name
		if tap_expect flaky "$test" >/dev/null && ! tap_expect fails "$test" >/dev/null; then
			[ -n "$retry" ] || retry=$(swap_setup "$config" &&
				cd "$dir" && stdbuf -oL -eL "$KSELFTESTS/$bin" 2>&1)
			if grep -qx "ok [0-9]* $name" <<<"$retry"; then
				echo "# $test failed, then passed when retried (timing)"
				tap_result "$test" 0 ""
				continue
			fi
		fi
		tap_result "$test" 1 "$(grep '^#' <<<"$out")"
	done <<<"$out"
}

run_kselftest test_zswap legacy-zswap+disk
if have_vswap; then
	run_kselftest test_zswap vswap-zswap
	run_kselftest test_zswap vswap-zswap+disk
fi

# test_memcontrol works in its current directory, which must not be tmpfs
# (tmpfs page cache is shmem, which some of its tests do not expect).
scratch=/mnt/scratch
mkdir -p "$scratch" && mkfs.ext4 -q -F /dev/vdc && mount /dev/vdc "$scratch" ||
	echo "# cannot mount an ext4 scratch disk; test_memcontrol will fail"
run_kselftest test_memcontrol legacy-zswap+disk "$scratch"
if have_vswap; then
	run_kselftest test_memcontrol vswap-disk "$scratch"
	run_kselftest test_memcontrol vswap-zswap+disk "$scratch"
fi
umount "$scratch" 2>/dev/null
