# SPDX-License-Identifier: GPL-2.0
#
# vswap: a virtual swap device for Linux 6.12, with BPF placement policies.
# `make help` lists the targets; README.md explains the workflow.

# Paths (KDIR, KOBJ, KHDR, BUILD, ...), tools and the BPF rules are defined
# once, in tools/lib/build.mk, for every Makefile of the project. The kernel
# tree and its objects live outside the clone, in KDIR, so they survive
# fresh clones and `make clean` and incremental kernel builds stay fast.
include tools/lib/build.mk

KTARBALL  ?= /usr/src/linux-source-6.12.tar.xz
JOBS      ?= $(shell echo $$(($$(nproc) + 1)))
BZIMAGE   := $(KOBJ)/arch/x86/boot/bzImage
# KVARIANT: debug (KASAN, lockdep, DEBUG_VM: for torture runs), or novswap
# and nomemcg (build checks only: make config-check).
KVARIANTS := debug novswap nomemcg
KFRAGS    := kernel-patches/configs/qemu-guest.config \
	     $(if $(KVARIANT),kernel-patches/configs/$(KVARIANT).config)
ifneq ($(filter-out $(KVARIANTS),$(KVARIANT)),)
$(error KVARIANT must be empty or one of '$(KVARIANTS)', not '$(KVARIANT)')
endif

# The debug kernel needs room for the KASAN shadow. It boots with
# acpi=off: under TCG, ACPI's AML interpreter spends minutes in single
# boot-time functions (about 20 s per PCI link, a 200 s boot), which the
# soft-lockup and RCU stall detectors then report; without it, it boots in
# seconds and both detectors stay on.
VM_ARGS   := -k $(BZIMAGE) $(if $(filter debug,$(KVARIANT)),-m 2G -t 7200 -a acpi=off)

KSELFTESTS := $(BUILD)/kselftests

# Sub-makes and scripts (tools/vm/run-vm.sh shares KDIR and BUILD with the
# VM) see the same values.
export KDIR KVARIANT KTARBALL KOBJ BUILD V
LOGGED    := tools/lib/run-logged.sh
# Kernel-tree makes must not inherit our flags (-j, V=, jobserver).
KMAKE     := env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make

.PHONY: all help deps kernel-tree kernel-patches kernel bpf tools vm check \
	demo bench torture mutants checkpatch config-check clean

all: tools

help:
	@echo 'vswap - virtual swap for Linux 6.12, with BPF placement policies'
	@echo
	@echo 'The two commands (each installs what it needs through apt):'
	@echo '  make check           build everything, boot the VM, run every test'
	@echo '  make demo            boot the VM and show a workload swapping out and back'
	@echo
	@echo 'Stages:'
	@echo '  deps                 install the apt packages the build and the VM need'
	@echo '  kernel-tree          $(KTREE): Debian source + kernel-patches/ as commits'
	@echo '  kernel               configure and build bzImage in $(KOBJ)'
	@echo '  bpf                  libbpf, bpftool, vmlinux.h and the BPF objects'
	@echo '  tools                selftest programs, kernel selftests, benchmarks'
	@echo '  vm                   interactive shell in the VM on the patched kernel'
	@echo '  bench                benchmarks in the VM (not part of check)'
	@echo '  torture              the torture suite for DURATION (30m; KVARIANT=debug: debug kernel)'
	@echo '  mutants              build and test each kernel mutant of tools/mutants/ (MUTANTS=NAME...)'
	@echo
	@echo 'Kernel development:'
	@echo '  kernel-patches       export $(KTREE) commits back to kernel-patches/'
	@echo '  checkpatch           scripts/checkpatch.pl --strict on the series'
	@echo '  config-check         build with CONFIG_VSWAP=n and CONFIG_MEMCG=n, warnings as errors'
	@echo '  clean                remove build/ (the kernel in KDIR stays)'
	@echo
	@echo 'Variables: KDIR=$(KDIR) KVARIANT=debug|novswap|nomemcg V=1 JOBS=$(JOBS)'

deps:
	$(Q)tools/deps.sh

# --- kernel ---------------------------------------------------------------

kernel-tree: deps
	$(Q)tools/kbuild/kernel-tree.sh

kernel-patches:
	$(Q)tools/kbuild/kernel-patches.sh

kernel: kernel-tree
	$(Q)tools/kbuild/kernel-config.sh $(KOBJ) $(KFRAGS)
	$(Q)$(LOGGED) KERNEL $(BUILD)/logs/kernel$(KVARIANT).log \
		$(KMAKE) -C $(KTREE) O=$(KOBJ) -j$(JOBS) bzImage headers

# The series must build without a warning with CONFIG_VSWAP=n and with
# CONFIG_MEMCG=n (their fragments set CONFIG_WERROR). Each variant keeps its
# own object directory in KDIR, so a second run is incremental.
config-check:
	$(Q)for v in novswap nomemcg; do \
		$(MAKE) --no-print-directory kernel KVARIANT=$$v || exit 1; \
	done
	@echo 'config-check: CONFIG_VSWAP=n and CONFIG_MEMCG=n build without warnings'

# From the kernel tree: run inside this repository, checkpatch would see a
# tracked file and check the .patch as a plain source file.
checkpatch: kernel-tree
	$(Q)cd $(KTREE) && scripts/checkpatch.pl --strict $(abspath $(filter-out %/0000-cover-letter.patch,$(wildcard kernel-patches/*.patch)))

# --- BPF --------------------------------------------------------------------

# libbpf and bpftool come from the same tree as the kernel, so they know its
# struct_ops and BTF; Debian's libbpf 1.1 and bpftool 7.1 are too old.
# The JIT disassembler (LLVM or libbfd) is not needed: switching it off keeps
# the build the same on machines that happen to have LLVM headers.
$(BPFTOOL): kernel
	$(Q)mkdir -p $(BUILD)/bpftool
	$(Q)$(LOGGED) BPFTOOL $(BUILD)/logs/bpftool.log \
		$(KMAKE) -C $(KTREE)/tools/bpf/bpftool OUTPUT=$(BUILD)/bpftool/ \
		CLANG=$(CLANG) LLVM_STRIP=$(LLVM_STRIP) feature-llvm=0 feature-libbfd=0 -j$(JOBS)

bpf: $(BPFTOOL)
	$(Q)$(MAKE) --no-print-directory -C bpf

# --- the swap lab, tools and tests --------------------------------------------

# Tools, benchmarks and the demo build on the swap lab (tools/lib) and never
# on selftests/; the selftests build on both.
tools: bpf
	$(Q)$(MAKE) --no-print-directory -C tools/lib
	$(Q)$(MAKE) --no-print-directory -C tools/vswap
	$(Q)$(MAKE) --no-print-directory -C tools/bench
	$(Q)$(MAKE) --no-print-directory -C selftests
	$(Q)$(MAKE) --no-print-directory -C selftests/bpf
	$(Q)mkdir -p $(KSELFTESTS)/cgroup
	$(Q)$(LOGGED) KSELFT $(BUILD)/logs/kselftests.log \
		$(KMAKE) -C $(KTREE)/tools/testing/selftests/cgroup \
		OUTPUT=$(KSELFTESTS)/cgroup KHDR_INCLUDES="-isystem $(KHDR)" \
		$(KSELFTESTS)/cgroup/test_zswap $(KSELFTESTS)/cgroup/test_memcontrol

vm: tools
	$(Q)tools/vm/run-vm.sh $(VM_ARGS) -i

check: tools
	$(Q)selftests/check.sh $(VM_ARGS)

demo: tools
	$(Q)tools/demo/demo.sh -k $(BZIMAGE)

bench: tools
	$(Q)tools/bench/bench.sh -k $(BZIMAGE)

# The torture suite (selftests/suites/torture.sh) for DURATION (30m, 90s or
# a number of seconds), with its fault-injection runs, in one boot; with
# KVARIANT=debug on the debug kernel (KASAN, lockdep, DEBUG_VM). A splat on
# the console fails it. Not part of check, which runs it for 60 s.
DURATION ?= 30m
torture: tools
	$(Q)d='$(DURATION)'; case $$d in *m) s=$$(( $${d%m} * 60 )) ;; *s) s=$${d%s} ;; *) s=$$d ;; esac; \
	tools/vm/run-vm.sh $(VM_ARGS) -t $$(( s * 3 + 1800 )) -o $(BUILD)/vm/torture -- \
		env SUITES=torture TORTURE_SECONDS=$$s VERBOSE=2 selftests/run.sh

# Mutation testing (selftests/mutants.sh): each mutant of tools/mutants/
# breaks one invariant of the series; the tests must catch every one.
# MUTANTS=NAME... selects some. Needs a clean kernel tree; not part of check.
mutants: tools
	$(Q)selftests/mutants.sh $(MUTANTS)

clean:
	$(Q)rm -rf $(BUILD)
