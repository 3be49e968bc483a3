#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest-init.sh - PID 1 of the test VM (see run-vm.sh).
#
# The root file system is the host's, read-only. Mount the kernel file
# systems and a few tmpfs for writable paths, mount the shares, run the
# command that run-vm.sh left in the results share, report its status
# there and reboot (QEMU runs with -no-reboot, so reboot ends the VM).

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp TERM=${TERM:-linux} LANG=C.UTF-8
# The host's repository, results directory, $BUILD and $KDIR (run-vm.sh).
export VSWAP_REPO=/mnt/vswap VSWAP_OUT=/mnt/out VSWAP_BUILD=/mnt/build VSWAP_KDIR=/mnt/kernel

ninep="trans=virtio,version=9p2000.L,msize=262144"

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
# udev is not running: make the links that bash process substitution needs.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /mnt
mkdir -p "$VSWAP_REPO" "$VSWAP_OUT" "$VSWAP_BUILD" "$VSWAP_KDIR"
mount -t 9p -o "$ninep,ro" repo "$VSWAP_REPO"
mount -t 9p -o "$ninep" out "$VSWAP_OUT"
mount -t 9p -o "$ninep,ro" kdir "$VSWAP_KDIR"
mount -t 9p -o "$ninep,ro" build "$VSWAP_BUILD"
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing
mount -t bpf bpf /sys/fs/bpf
mount -t cgroup2 cgroup2 /sys/fs/cgroup
echo +memory >/sys/fs/cgroup/cgroup.subtree_control
hostname vswap-vm

cd "$VSWAP_REPO" || exit 1
read -r uptime _ </proc/uptime
echo "vswap-vm: ready, $(uname -r), ${uptime}s after kernel start"

# Shortly before its time limit, run-vm.sh creates OUT/dump-now: then have
# the kernel dump what every CPU and every blocked task is doing, so that a
# run that hangs shows why, not only that it timed out. The host's clock
# decides: under TCG the guest's clock can run several times slower.
(
	while [ ! -e "$VSWAP_OUT/dump-now" ]; do sleep 5; done
	echo "vswap-vm: the time limit is near: dumping kernel state" >/dev/kmsg
	for key in l w m; do echo "$key" >/proc/sysrq-trigger; done
	ps -eo pid,stat,wchan:32,time,comm >/dev/console 2>&1
) </dev/null >/dev/null 2>&1 &

# The harness outlives any out-of-memory kill a test provokes (a kernel
# selftest can run the whole VM out of memory); the command starts as
# killable as any process, and protects what it needs itself.
echo -1000 >/proc/self/oom_score_adj
(echo 0 >/proc/self/oom_score_adj; exec bash "$VSWAP_OUT/cmd") </dev/null
status=$?

echo "$status" >"$VSWAP_OUT/status"
sync
echo "vswap-vm: exit status $status"
echo b >/proc/sysrq-trigger
sleep 10
