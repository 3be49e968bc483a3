#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh - boot the patched kernel under QEMU/TCG and run one command.
#
# The guest's root file system is the host's, shared read-only over 9p, so
# every host binary (bash, bpftrace, the project's tools) runs unchanged.
# The repository and a per-run results directory are shared too; raw disk
# images serve as swap devices. The guest command's exit status comes back
# through the results directory.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

usage() {
	cat <<EOF
Usage: $(basename "$0") [OPTION]... [--] [COMMAND [ARG]...]

Boot the patched kernel in QEMU (TCG) and run COMMAND in the guest, from
the repository root (mounted at /mnt/vswap). Without COMMAND, or with -i,
open an interactive shell on the serial console.

Options:
  -k, --kernel FILE      bzImage to boot (default: \$KOBJ/arch/x86/boot/bzImage)
  -m, --mem SIZE         guest memory (default: $mem)
  -c, --cpus N           guest CPUs (default: $cpus)
  -d, --disk NAME:SIZE   add a fresh sparse raw virtio disk; repeatable, the
                         guest sees them as /dev/vda, /dev/vdb, ... in order
  -d, --disk NAME@OTHER  attach disk OTHER's image once more, as an alias
                         (default: $default_disks)
  -t, --timeout SECS     kill the guest after SECS, 0 for none (default: $timeout)
  -o, --out DIR          results directory (default: build/vm/run)
  -a, --append ARGS      extra kernel command-line arguments
      --tcg MODE         TCG threading, single or multi (default: $tcg)
  -i, --interactive      interactive shell on the console (Ctrl-A X quits)
  -q, --quiet            do not echo the guest's output while it runs
  -h, --help             show this help

Inside the guest: \$VSWAP_REPO is the repository (read-only), \$VSWAP_OUT the
results directory (read-write, the host's --out), \$VSWAP_BUILD the build
outputs (read-only, the host's \$BUILD) and \$VSWAP_KDIR the kernel work area
(read-only, the host's \$KDIR). /tmp, /run and /mnt are tmpfs.

The console is saved to OUT/console.log. The run fails if it shows a kernel
Oops, BUG, WARNING, lockdep or KASAN report, panic, soft lockup, RCU stall
or hung task, even when COMMAND succeeded.

Exit status: COMMAND's status; 124 on timeout; 125 if the guest died
without reporting a status; 126 if the console shows a kernel problem.

Examples:
  $(basename "$0")                               # shell on the patched kernel
  $(basename "$0") -- tools/demo/demo-guest.sh   # the demo
  $(basename "$0") -m 2G -d swap0:4G -- free -m
EOF
}

# KDIR, KOBJ and BUILD come from tools/lib/build.mk through make; these are
# the same defaults, for a run by hand.
: "${KDIR:=/var/tmp/vswap-kernel}"
: "${KOBJ:=$KDIR/obj}"
: "${BUILD:=$repo/build}"
kernel="$KOBJ/arch/x86/boot/bzImage"
mem=1G
cpus=2
# vdd aliases vda's image: writing it corrupts a live swap device, which
# the kernel itself forbids on vda (selftests: detects-corrupted-page).
default_disks="swap0:1G swap1:512M scratch:1G swap0-alias@swap0"
disks=()
timeout=1800
out="$repo/build/vm/run"
append=""
interactive=0
quiet=0
# Single-threaded TCG by default: under multi-threaded TCG (QEMU 7.2) a vCPU
# was seen executing the int3 of a kernel text patch (static key flip) after
# the patch had completed, an "Oops: int3" at boot that is QEMU's, not the
# kernel's. Tests and BPF tracing flip static keys and patch hot functions
# all the time. Single-threaded TCG ran the selftests as fast (54 s vs 61 s).
tcg=single

while [ $# -gt 0 ]; do
	case "$1" in
	-k|--kernel) kernel=$2; shift 2 ;;
	-m|--mem) mem=$2; shift 2 ;;
	-c|--cpus) cpus=$2; shift 2 ;;
	-d|--disk) disks+=("$2"); shift 2 ;;
	-t|--timeout) timeout=$2; shift 2 ;;
	-o|--out) out=$2; shift 2 ;;
	-a|--append) append="$append $2"; shift 2 ;;
	--tcg) tcg=$2; shift 2 ;;
	-i|--interactive) interactive=1; shift ;;
	-q|--quiet) quiet=1; shift ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	-*) echo "run-vm: unknown option '$1' (see --help)" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || interactive=1
[ ${#disks[@]} -gt 0 ] || read -ra disks <<<"$default_disks"

[ -r "$kernel" ] || { echo "run-vm: no kernel at $kernel: run 'make kernel'" >&2; exit 2; }
mkdir -p "$BUILD"
command -v qemu-system-x86_64 >/dev/null || { echo "run-vm: qemu-system-x86_64 missing: run 'make deps'" >&2; exit 2; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "${out:?}"/{status,console.log,cmd,disks,dump-now}
mkdir -p "$out/disks"
log="$out/console.log"

# The command runs from a file in the results share: no quoting through
# the kernel command line.
if [ "$interactive" = 1 ]; then
	echo 'exec setsid --ctty bash -i </dev/ttyS0 >/dev/ttyS0 2>&1' >"$out/cmd"
else
	# exec: the command itself is the process guest-init.sh waits for.
	printf 'exec ' >"$out/cmd"
	printf '%q ' "$@" >>"$out/cmd"
	echo >>"$out/cmd"
fi

drive_args=()
for d in "${disks[@]}"; do
	case "$d" in
	*@*) img="$out/disks/${d#*@}.img"
	     [ -e "$img" ] || { echo "run-vm: --disk $d: no disk ${d#*@} before it" >&2; exit 2; } ;;
	*:*) img="$out/disks/${d%%:*}.img"
	     truncate -s "${d#*:}" "$img" ;;
	*) echo "run-vm: --disk $d: expected NAME:SIZE or NAME@OTHER" >&2; exit 2 ;;
	esac
	# Both users of an aliased image go through the host page cache
	# (cache=unsafe), so they see each other's writes; no image locking.
	drive_args+=(-drive "file=$img,format=raw,if=virtio,cache=unsafe,discard=unmap,file.locking=off")
done

share() { # id mount-tag path readonly
	local ro=""
	[ "$4" = 1 ] && ro=",readonly=on"
	echo "-fsdev local,id=$1,path=$3,security_model=none,multidevs=remap$ro -device virtio-9p-pci,fsdev=$1,mount_tag=$2"
}

cmdline="console=ttyS0 root=/dev/root rootfstype=9p ro"
cmdline="$cmdline rootflags=trans=virtio,version=9p2000.L,msize=262144"
cmdline="$cmdline init=$here/guest-init.sh panic=-1 oops=panic"
# Under TCG a busy host can hold both vCPUs back for tens of seconds
# (measured: 147 ticks in 21 s, "clocksource: Long readout interval"): the
# kernel's 21 s RCU stall limit then reports a stall no code caused; 60 s
# still catches a CPU that never yields.
cmdline="$cmdline rcupdate.rcu_cpu_stall_timeout=60$append"

# shellcheck disable=SC2046 # share() output is meant to be split
qemu=(qemu-system-x86_64 -accel "tcg,thread=$tcg" -m "$mem" -smp "$cpus"
      -kernel "$kernel" -append "$cmdline" -no-reboot -nodefaults
      $(share root /dev/root / 1) $(share repo repo "$repo" 1)
      $(share out out "$out" 0) $(share kdir kdir "$KDIR" 1)
      $(share build build "$BUILD" 1) "${drive_args[@]}")

if [ "$interactive" = 1 ]; then
	exec "${qemu[@]}" -nographic -serial mon:stdio
fi

# Never let QEMU see the caller's stdin: with fd 0 closed, -serial could
# end up attached to whatever file takes fd 0 next.
start=$(date +%s.%N)
if [ "$timeout" -gt 0 ]; then
	timeout -k 10 "$timeout" "${qemu[@]}" -display none -serial "file:$log" </dev/null >"$out/qemu.log" 2>&1 &
else
	"${qemu[@]}" -display none -serial "file:$log" </dev/null >"$out/qemu.log" 2>&1 &
fi
qpid=$!
# A minute before the time limit, ask the guest to dump the kernel's state
# (guest-init.sh), in case it hangs.
if [ "$timeout" -gt 120 ]; then
	(
		trap 'kill "$sleeper"; exit' TERM
		sleep $((timeout - 60)) &
		sleeper=$!
		wait "$sleeper" && touch "$out/dump-now"
	) </dev/null >/dev/null 2>&1 &
	dumppid=$!
fi

# Echo the guest's own output (lines without a printk timestamp) live.
if [ "$quiet" = 0 ]; then
	while [ ! -e "$log" ] && kill -0 "$qpid" 2>/dev/null; do sleep 0.2; done
	tail -n +1 -F --pid="$qpid" "$log" 2>/dev/null | while IFS= read -r line; do
		line=${line%$'\r'}
		case "$line" in
		"["*) ;;
		"vswap-vm: ready"*)
			printf 'VM      booted to userspace in %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)" ;;
		*) printf '%s\n' "$line" ;;
		esac
	done &
	tailpid=$!
fi

set +e
wait "$qpid"
qrc=$?
set -e
[ "$quiet" = 1 ] || wait "$tailpid" 2>/dev/null || true
[ -z "${dumppid:-}" ] || kill "$dumppid" 2>/dev/null || true

rc=0
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "run-vm: guest timed out after ${timeout}s (console: $log)" >&2
	# What the guest dumped shortly before (guest-init.sh), cut down to
	# the CPUs' and blocked tasks' stacks: often the only view of a hang.
	sed -n '/vswap-vm: the time limit is near/,$p' "$log" |
		grep -vE 'Mem-Info|^\[ *[0-9.]+\] (Node|DMA|lowmem|[0-9]+ pages|active_anon)' |
		head -n 400 | sed 's/^/  | /' >&2 || true # no dump: a short limit
	rc=124
elif [ -r "$out/status" ]; then
	rc=$(cat "$out/status")
else
	echo "run-vm: guest died without reporting a status (qemu exit $qrc; console: $log)" >&2
	rc=125
fi

if ! "$here/scan-console.sh" "$log"; then
	rc=126
fi
exit "$rc"
