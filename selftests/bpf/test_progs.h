/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test_progs.h - the vswap BPF selftests' harness, after the kernel's
 * tools/testing/selftests/bpf/test_progs.h.
 *
 * A test is a function test_<name>() in prog_tests/<name>.c, listed in
 * prog_tests/tests.h. It opens subtests with test__start_subtest() and
 * checks with ASSERT_*(), which print what failed and return false, so a
 * test bails out at the first failure and cleans up at its out: label.
 */
#ifndef __VSWAP_TEST_PROGS_H
#define __VSWAP_TEST_PROGS_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

extern int env_verbose;

/* Start a subtest; false if the filter (-t test/subtest) skips it. */
bool test__start_subtest(const char *name);
/* Mark the current (sub)test failed. */
void test__fail(void);
/* The libbpf messages since the last call (the verifier log, errors). */
const char *test__libbpf_log(void);
void test__libbpf_log_reset(void);

#define _CHECK(cond, tag, fmt, ...) ({					\
	bool ___ok = !(cond);						\
	if (!___ok) {							\
		test__fail();						\
		printf("#   %s:%d: %s: " fmt "\n", __func__, __LINE__,	\
		       tag, ##__VA_ARGS__);				\
	}								\
	___ok;								\
})

#define ASSERT_TRUE(a, name)						\
	_CHECK(!(a), name, "unexpected false")
#define ASSERT_FALSE(a, name)						\
	_CHECK((a), name, "unexpected true")
#define ASSERT_EQ(a, b, name) ({					\
	long long ___a = (a), ___b = (b);				\
	_CHECK(___a != ___b, name, "actual %lld != expected %lld", ___a, ___b); \
})
#define ASSERT_NEQ(a, b, name) ({					\
	long long ___a = (a), ___b = (b);				\
	_CHECK(___a == ___b, name, "actual %lld == expected %lld", ___a, ___b); \
})
#define ASSERT_GT(a, b, name) ({					\
	long long ___a = (a), ___b = (b);				\
	_CHECK(___a <= ___b, name, "actual %lld <= expected %lld", ___a, ___b); \
})
#define ASSERT_GE(a, b, name) ({					\
	long long ___a = (a), ___b = (b);				\
	_CHECK(___a < ___b, name, "actual %lld < expected %lld", ___a, ___b); \
})
#define ASSERT_LE(a, b, name) ({					\
	long long ___a = (a), ___b = (b);				\
	_CHECK(___a > ___b, name, "actual %lld > expected %lld", ___a, ___b); \
})
#define ASSERT_OK(res, name) ({						\
	long long ___res = (res);					\
	_CHECK(___res != 0, name, "unexpected error %lld (errno %d: %s)", \
	       ___res, errno, strerror(errno));				\
})
#define ASSERT_ERR(res, name) ({					\
	long long ___res = (res);					\
	_CHECK(___res == 0, name, "unexpected success");		\
})
#define ASSERT_OK_PTR(ptr, name) ({					\
	const void *___p = (ptr);					\
	_CHECK(!___p, name, "unexpected NULL (errno %d: %s)", errno,	\
	       strerror(errno));					\
})
#define ASSERT_ERR_PTR(ptr, name) ({					\
	const void *___p = (ptr);					\
	_CHECK(___p, name, "unexpected pointer");			\
})
#define ASSERT_HAS_STR(haystack, needle, name) ({			\
	const char *___h = (haystack), *___n = (needle);		\
	_CHECK(!___h || !strstr(___h, ___n), name,			\
	       "no \"%s\" in:\n%s", ___n, ___h ? ___h : "(null)");	\
})

#endif /* __VSWAP_TEST_PROGS_H */
