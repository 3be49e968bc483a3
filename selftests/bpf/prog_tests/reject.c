// SPDX-License-Identifier: GPL-2.0
/*
 * Policies the kernel must refuse: no select_backend, no name, a store to
 * the read-only context (the verifier says why), a sleepable callback.
 */
#include <bpf/libbpf.h>

#include "test_progs.h"
#include "vswap_ops_incomplete.skel.h"
#include "vswap_ops_noname.skel.h"
#include "vswap_ops_sleepable.skel.h"
#include "vswap_ops_write_ctx.skel.h"

/*
 * Open a skeleton that must be refused, when it is loaded (the verifier)
 * or attached (libbpf writes a link's struct_ops map at attach time, and
 * the kernel validates it then); ASSERT on the error and the log.
 */
#define EXPECT_REFUSED(name, ops, want_errno, want_msg) do {		\
	struct name *___skel = name##__open();				\
	struct bpf_link *___link = NULL;				\
	int ___err;							\
									\
	if (!ASSERT_OK_PTR(___skel, "open"))				\
		break;							\
	___err = name##__load(___skel);					\
	if (!___err) {							\
		___link = bpf_map__attach_struct_ops(___skel->maps.ops); \
		___err = ___link ? 0 : -errno;				\
	}								\
	if (ASSERT_ERR(___err, "refused")) {				\
		ASSERT_EQ(___err, -(want_errno), "error");		\
		if (want_msg)						\
			ASSERT_HAS_STR(test__libbpf_log(), want_msg, "log"); \
	}								\
	bpf_link__destroy(___link);					\
	name##__destroy(___skel);					\
} while (0)

void test_reject(void)
{
	if (test__start_subtest("incomplete_ops"))
		EXPECT_REFUSED(vswap_ops_incomplete, incomplete_ops, EINVAL, NULL);
	if (test__start_subtest("no_name"))
		EXPECT_REFUSED(vswap_ops_noname, noname_ops, EINVAL, NULL);
	if (test__start_subtest("write_to_ctx"))
		EXPECT_REFUSED(vswap_ops_write_ctx, write_ctx_ops, EACCES, "only read is supported");
	if (test__start_subtest("sleepable"))
		EXPECT_REFUSED(vswap_ops_sleepable, sleepable_ops, EINVAL,
				    "attach to unsupported member select_backend of struct vswap_ops");
}
