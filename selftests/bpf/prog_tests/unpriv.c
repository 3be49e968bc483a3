// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching a policy needs privilege: as nobody, or with CAP_BPF but
 * without CAP_PERFMON, loading or attaching vswap_ops fails with EPERM.
 */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>
#include <bpf/libbpf.h>

#include "test_progs.h"
#include "vswap_test_ops.skel.h"

#ifndef CAP_BPF
#define CAP_BPF		39
#endif

/* Keep only the capabilities in @mask (bits 32 and up). */
static int keep_only_caps(__u32 high_mask)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = {};

	data[1].effective = data[1].permitted = high_mask;
	return syscall(SYS_capset, &hdr, data);
}

/* In a child: drop privileges, then try to load and attach. */
static int child_attach(bool as_nobody)
{
	struct vswap_test_ops *skel;
	struct bpf_link *link;
	int err;

	if (as_nobody ? setresuid(65534, 65534, 65534) :
			keep_only_caps(1U << (CAP_BPF - 32)))
		return 100;
	skel = vswap_test_ops__open();
	if (!skel)
		return 101;
	err = vswap_test_ops__load(skel);
	if (!err) {
		link = bpf_map__attach_struct_ops(skel->maps.test_ops_a);
		err = link ? 0 : -errno;
		bpf_link__destroy(link);
	}
	vswap_test_ops__destroy(skel);
	return err == -EPERM ? 0 : err ? 102 : 103;
}

static void check_eperm(bool as_nobody)
{
	int status;
	pid_t pid = fork();

	if (!ASSERT_GE(pid, 0, "fork"))
		return;
	if (!pid)
		_exit(child_attach(as_nobody));
	waitpid(pid, &status, 0);
	ASSERT_TRUE(WIFEXITED(status), "child exited");
	/* 100: cannot drop privileges, 102: not EPERM, 103: attached */
	ASSERT_EQ(WEXITSTATUS(status), 0, "child got EPERM");
}

void test_unpriv(void)
{
	if (test__start_subtest("nobody"))
		check_eperm(true);
	if (test__start_subtest("cap_bpf_without_perfmon"))
		check_eperm(false);
}
