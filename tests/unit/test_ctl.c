/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control protocol (util/ctl-proto.c) and socket naming (util/ctl-dir.c):
 * frames as README.md's "Control socket" section defines them, written
 * here byte by byte, and what must be refused.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lkvm/ctl.h"

static void test_header_roundtrip(void **state)
{
	u8 h[CTL_HDR_SIZE];
	static const u8 want[CTL_HDR_SIZE] = { 'L', 'K', 1, 3, 0x34, 0x12, 0, 0 };
	struct ctl_hdr p;

	(void)state;
	ctl__put_hdr(h, CTL_PAUSE, 0x1234);
	assert_memory_equal(h, want, sizeof(want));
	assert_int_equal(ctl__parse_hdr(h, 0x1234, false, &p), 0);
	assert_int_equal(p.type, 3);
	assert_int_equal(p.len, 0x1234);
	assert_int_equal(ctl__parse_hdr(h, 0x1233, false, &p), -EMSGSIZE);
	/* A request type is not a reply, and the other way round. */
	assert_int_equal(ctl__parse_hdr(h, 0x1234, true, &p), -EBADMSG);
	h[3] = 0x83;
	assert_int_equal(ctl__parse_hdr(h, 0x1234, true, &p), 0);
	assert_int_equal(ctl__parse_hdr(h, 0x1234, false, &p), -EBADMSG);
	h[3] = 0xff;
	assert_int_equal(ctl__parse_hdr(h, 0x1234, true, &p), 0);
}

static void test_header_refusals(void **state)
{
	struct ctl_hdr p;
	u8 h[CTL_HDR_SIZE];

	(void)state;
	ctl__put_hdr(h, CTL_LIST, 0);
	h[0] = 'G';
	assert_int_equal(ctl__parse_hdr(h, CTL_REQ_MAX, false, &p), -EPROTO);
	ctl__put_hdr(h, CTL_LIST, 0);
	h[2] = 2;
	assert_int_equal(ctl__parse_hdr(h, CTL_REQ_MAX, false, &p), -EPROTONOSUPPORT);
	for (unsigned int t = 0; t < 256; t++) {
		bool req = t >= 1 && t <= 7;

		ctl__put_hdr(h, (u8)t, 0);
		assert_int_equal(ctl__parse_hdr(h, CTL_REQ_MAX, false, &p), req ? 0 : -EBADMSG);
	}
	ctl__put_hdr(h, CTL_LIST, 0xffffffffu);
	assert_int_equal(ctl__parse_hdr(h, CTL_REPLY_MAX, true | 0, &p), -EBADMSG);
	assert_int_equal(ctl__parse_hdr(h, CTL_REQ_MAX, false, &p), -EMSGSIZE);
}

static void test_payload_build_and_get(void **state)
{
	char store[64];
	struct ctl_buf b = { store, 0, sizeof(store), false };
	char v[16];
	u64 n;

	(void)state;
	ctl__add(&b, "name", "vm1");
	ctl__addf(&b, "pid", "%d", 42);
	ctl__add(&b, "odd", "a\nb\x01");
	assert_false(b.overflow);
	assert_int_equal(b.len, strlen("name=vm1\npid=42\nodd=a?b?\n"));
	assert_memory_equal(store, "name=vm1\npid=42\nodd=a?b?\n", b.len);
	assert_int_equal(ctl__validate(store, b.len, 8), 3);
	assert_int_equal(ctl__validate(store, b.len, 2), -EBADMSG);
	assert_true(ctl__get(store, b.len, "name", v, sizeof(v)));
	assert_string_equal(v, "vm1");
	assert_false(ctl__get(store, b.len, "nam", v, sizeof(v)));
	assert_false(ctl__get(store, b.len, "name", v, 3));	/* does not fit */
	assert_true(ctl__get_u64(store, b.len, "pid", &n));
	assert_int_equal(n, 42);
	assert_false(ctl__get_u64(store, b.len, "name", &n));
	/* What does not fit is left out whole, and remembered. */
	ctl__add(&b, "long", "0123456789012345678901234567890123456789");
	assert_true(b.overflow);
	assert_int_equal(ctl__validate(store, b.len, 8), 3);
}

static void test_payload_refusals(void **state)
{
	static const char *const bad[] = {
		"novalue\n", "=v\n", "Key=v\n", "k=v", "k=v\nk2", "k=\x7f\n", "k=v\r\n",
		"k\0=v\n", "a-b=1\n",
		"k012345678901234567890123456789012=1\n",	/* 33-byte key */
	};
	static const char *const good[] = { "", "k=\n", "a.b_9=x y\n", "k=1\nk=2\n" };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len = strlen(bad[i]);

		if (i == 7)
			len = 5;	/* the embedded NUL */
		assert_int_equal(ctl__validate(bad[i], len, 64), -EBADMSG);
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(ctl__validate(good[i], strlen(good[i]), 64) >= 0);
}

static void test_json(void **state)
{
	static const char in[] = "name=vm \"1\"\\\npid=42\nz=007\nneg=-1\n";
	char out[256];
	FILE *f = fmemopen(out, sizeof(out), "w");

	(void)state;
	assert_non_null(f);
	ctl__print_json(f, in, strlen(in));
	fclose(f);
	assert_string_equal(out,
		"{\"name\": \"vm \\\"1\\\"\\\\\", \"pid\": 42, \"z\": \"007\", \"neg\": \"-1\"}");
}

static void test_names_and_paths(void **state)
{
	char dir[64], path[200];

	(void)state;
	assert_true(ctl__name_ok("guest-123"));
	assert_true(ctl__name_ok("a.b_C"));
	assert_false(ctl__name_ok(""));
	assert_false(ctl__name_ok(".hidden"));
	assert_false(ctl__name_ok("-opt"));
	assert_false(ctl__name_ok("a/b"));
	assert_false(ctl__name_ok("a b"));
	assert_false(ctl__name_ok("01234567890123456789012345678901234567890123456789012345678901234"));
	setenv("XDG_RUNTIME_DIR", "/run/user/7", 1);
	assert_int_equal(ctl__dir(dir, sizeof(dir), false), -ENOENT);
	assert_string_equal(dir, "/run/user/7/lkvm");
	unsetenv("XDG_RUNTIME_DIR");
	setenv("HOME", "/home/u", 1);
	ctl__dir(dir, sizeof(dir), false);
	assert_string_equal(dir, "/home/u/.lkvm");
	assert_int_equal(ctl__sock_path("/d", "vm", path, sizeof(path)), 0);
	assert_string_equal(path, "/d/vm.sock");
	/* sun_path holds 108 bytes with its NUL. */
	memset(dir, 'x', 60);
	dir[0] = '/';
	dir[60] = '\0';
	assert_int_equal(ctl__sock_path(dir, "012345678901234567890123456789012345678901234567890123456789", path,
					sizeof(path)), -ENAMETOOLONG);
	assert_int_equal(ctl__sock_path(dir, "0123456789012345678901234567890123456", path,
					sizeof(path)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_roundtrip),
		cmocka_unit_test(test_header_refusals),
		cmocka_unit_test(test_payload_build_and_get),
		cmocka_unit_test(test_payload_refusals),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_names_and_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
