#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh - install what the build, the VM and the tests need, from apt.
# Does nothing (and needs no network) when everything is installed.
set -euo pipefail

packages=(
	# kernel source and build
	linux-source-6.12 gcc make bc bison flex libssl-dev libelf-dev
	dwarves cpio kmod xz-utils rsync python3 git
	# BPF: clang-19 for CO-RE objects; libbpf/bpftool come from the tree
	clang-19 llvm-19 lld-19 zlib1g-dev libzstd-dev libcap-dev pkg-config
	# the VM and what runs in it (it shares the host's root file system)
	qemu-system-x86 bpftrace util-linux e2fsprogs procps dmsetup
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
echo "  DEPS    installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when a package is unknown to apt.
if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
	$sudo apt-get update -q
fi
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
