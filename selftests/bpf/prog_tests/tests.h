/* SPDX-License-Identifier: GPL-2.0 */
/* Every test, in the order they run: TEST(name) for prog_tests/name.c. */
TEST(struct_ops)
TEST(reject)
TEST(invalid_return)
TEST(counters)
TEST(unpriv)
TEST(tracepoints)
TEST(detach_storm)
TEST(policies)
