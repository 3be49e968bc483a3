// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching a policy needs privilege (CAP_SYS_ADMIN, or CAP_BPF with
 * CAP_PERFMON). Without it:
 * - nobody cannot create a vswap_ops struct_ops map (EPERM);
 * - nobody, handed the map of a policy that root loaded, cannot attach
 *   it: vswap's reg() checks the attaching task (EPERM);
 * - CAP_BPF alone cannot load the policy's programs (EPERM).
 */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "test_progs.h"
#include "vswap_test_ops.skel.h"

#ifndef CAP_BPF
#define CAP_BPF		39
#endif

enum { CHILD_EPERM, CHILD_NO_DROP, CHILD_OTHER_ERROR, CHILD_SUCCEEDED };

/* Keep only the capabilities in @high_mask (capability numbers 32-63). */
static int keep_only_caps(__u32 high_mask)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = {};

	data[1].effective = data[1].permitted = high_mask;
	return syscall(SYS_capset, &hdr, data);
}

static int become_nobody(void)
{
	return setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534);
}

static int verdict(int err)
{
	if (!err)
		return CHILD_SUCCEEDED;
	return err == -EPERM ? CHILD_EPERM : CHILD_OTHER_ERROR;
}

/* A map create request that is valid but for its privilege. */
static int child_create_map(void)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	struct btf *vmlinux = btf__load_vmlinux_btf();
	const struct btf_type *t;
	int id, fd;

	id = vmlinux ? btf__find_by_name_kind(vmlinux, "bpf_struct_ops_vswap_ops",
					      BTF_KIND_STRUCT) : -1;
	if (id < 0)
		return CHILD_OTHER_ERROR;
	t = btf__type_by_id(vmlinux, id);
	opts.btf_vmlinux_value_type_id = id;
	opts.map_flags = BPF_F_LINK;
	if (become_nobody())
		return CHILD_NO_DROP;
	fd = bpf_map_create(BPF_MAP_TYPE_STRUCT_OPS, "vswap_unpriv", 4, t->size, 1, &opts);
	return verdict(fd < 0 ? -errno : 0);
}

static int child_attach(struct vswap_test_ops *skel)
{
	struct bpf_link *link;
	int err;

	if (become_nobody())
		return CHILD_NO_DROP;
	link = bpf_map__attach_struct_ops(skel->maps.test_ops_a);
	err = link ? 0 : -errno;
	bpf_link__destroy(link);
	return verdict(err);
}

static int child_load_cap_bpf(void)
{
	struct vswap_test_ops *skel;
	int err;

	if (keep_only_caps(1U << (CAP_BPF - 32)))
		return CHILD_NO_DROP;
	skel = vswap_test_ops__open();
	if (!skel)
		return CHILD_OTHER_ERROR;
	err = vswap_test_ops__load(skel);
	vswap_test_ops__destroy(skel);
	return verdict(err);
}

/* Run @fn in a child and expect it to report EPERM. */
static void expect_eperm(int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = fork();

	if (!ASSERT_GE(pid, 0, "fork"))
		return;
	if (!pid)
		_exit(fn(arg));
	waitpid(pid, &status, 0);
	if (!ASSERT_TRUE(WIFEXITED(status), "child exited"))
		return;
	ASSERT_NEQ(WEXITSTATUS(status), CHILD_NO_DROP, "dropped privileges");
	ASSERT_NEQ(WEXITSTATUS(status), CHILD_SUCCEEDED, "refused");
	ASSERT_EQ(WEXITSTATUS(status), CHILD_EPERM, "refused with EPERM");
}

static int run_create_map(void *arg)
{
	(void)arg;
	return child_create_map();
}

static int run_attach(void *skel)
{
	return child_attach(skel);
}

static int run_load_cap_bpf(void *arg)
{
	(void)arg;
	return child_load_cap_bpf();
}

void test_unpriv(void)
{
	struct vswap_test_ops *skel;
	char buf[1024];

	if (test__start_subtest("nobody_creates_map"))
		expect_eperm(run_create_map, NULL);
	if (test__start_subtest("nobody_attaches_loaded_policy")) {
		skel = vswap_test_ops__open_and_load();
		if (ASSERT_OK_PTR(skel, "root loads")) {
			expect_eperm(run_attach, skel);
			ASSERT_HAS_STR(vswap_policy_file(buf, sizeof(buf)), "active: none\n",
				       "nothing attached");
		}
		vswap_test_ops__destroy(skel);
	}
	if (test__start_subtest("cap_bpf_without_perfmon"))
		expect_eperm(run_load_cap_bpf, NULL);
}
