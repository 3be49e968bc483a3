# SPDX-License-Identifier: GPL-2.0
#
# build.mk - the paths, tools and BPF rules that every Makefile of the
# project shares. Include it; set nothing before. The top-level Makefile
# exports KDIR, KVARIANT and BUILD, so sub-makes see the same values, and
# tools/vm/run-vm.sh shares the same KDIR and BUILD with the VM (there they
# are $VSWAP_KDIR and $VSWAP_BUILD).
#
#   REPO       the repository
#   KDIR       persistent kernel work area, outside the clone
#   KVARIANT   empty, or debug for the KASAN/lockdep/DEBUG_VM kernel
#   KTREE      the generated kernel tree ($KDIR/linux)
#   KOBJ       its objects for KVARIANT; KHDR its UAPI headers; VMLINUX
#   BUILD      every build output of the repository
#   BPFTOOL    bpftool of the kernel tree; LIBBPF its libbpf (lib and headers)
#   VMLINUX_H  vmlinux.h of the patched kernel
#   SWAPLAB    the swap lab's C library (tools/lib)
#
# $(eval $(call bpf_rules,SRCDIR,OUTDIR)) adds the rules
#   SRCDIR/%.bpf.c -> OUTDIR/%.bpf.o -> OUTDIR/%.skel.h
# $(eval $(call lab_program_rule,OUTDIR)) adds the rule
#   %.c -> OUTDIR/%, a program linked with the swap lab

# Every includer defines its own `all`; the rules below must not become
# the default goal.
.DEFAULT_GOAL := all

REPO      := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))../..)
KDIR      ?= /var/tmp/vswap-kernel
KVARIANT  ?=
BUILD     ?= $(REPO)/build
KTREE     := $(KDIR)/linux
KOBJ      := $(KDIR)/obj$(if $(KVARIANT),-$(KVARIANT))
KHDR      := $(KOBJ)/usr/include
VMLINUX   := $(KOBJ)/vmlinux
BPFTOOL   := $(BUILD)/bpftool/bpftool
LIBBPF    := $(BUILD)/bpftool/libbpf
VMLINUX_H := $(BUILD)/bpf/vmlinux.h
SWAPLAB   := $(BUILD)/lib/libswaplab.a

CLANG      ?= clang-19
LLVM_STRIP ?= llvm-strip-19
CC         ?= gcc
CFLAGS     ?= -O2 -g -Wall -Wextra -Werror

V   ?= 0
Q   := $(if $(filter 1,$(V)),,@)
msg  = $(if $(Q),@printf '  %-7s %s\n' $(1) $(2))

BPF_CFLAGS := -g -O2 -Wall -Werror -target bpf -mcpu=v3 -D__TARGET_ARCH_x86 \
	      -I$(dir $(VMLINUX_H)) -I$(LIBBPF)/include -I$(REPO)/bpf

# vmlinux.h comes from the patched kernel's BTF, so BPF programs see the
# vswap types; it is rewritten only when its content changes.
$(VMLINUX_H): $(VMLINUX) $(BPFTOOL)
	@mkdir -p $(@D)
	$(call msg,GEN,vmlinux.h)
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX) format c >$@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm $@.tmp; touch $@; else mv $@.tmp $@; fi

define bpf_rules
$(2)/%.bpf.o: $(1)/%.bpf.c $(VMLINUX_H) $(REPO)/bpf/vswap.bpf.h $(wildcard $(1)/*.h)
	@mkdir -p $$(@D)
	$$(call msg,BPF,$$@)
	$$(Q)$$(CLANG) $$(BPF_CFLAGS) -I$(1) -c $$< -o $$@

$(2)/%.skel.h: $(2)/%.bpf.o
	$$(call msg,GEN-SKEL,$$@)
	$$(Q)$$(BPFTOOL) gen skeleton $$< name $$* >$$@
endef

# The kernel's own UAPI headers (KHDR) come before the host's, whose
# linux-libc-dev (6.1) lacks newer ones such as UFFDIO_MOVE.
define lab_program_rule
$(1)/%: %.c $(SWAPLAB) $(wildcard $(REPO)/tools/lib/*.h)
	@mkdir -p $$(@D)
	$$(call msg,CC,$$@)
	$$(Q)$$(CC) $$(CFLAGS) -I$(REPO)/tools/lib -isystem $(KHDR) -o $$@ $$< $(SWAPLAB)
endef

.DELETE_ON_ERROR:
.SECONDARY:
