/* SPDX-License-Identifier: GPL-2.0-only */
/* Address-space dispatch: registration rules and routing of accesses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>
#include <cmocka.h>
#include "lkvm/io.h"

struct rec {
	int calls;
	u64 offset;
	u32 len;
	bool is_write;
	u8 data[8];
};

static void rec_handler(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
			bool is_write, void *opaque)
{
	struct rec *r = opaque;

	(void)vcpu;
	r->calls++;
	r->offset = offset;
	r->len = len;
	r->is_write = is_write;
	if (is_write)
		memcpy(r->data, data, len);
	else
		memset(data, 0xa5, len);
}

static void test_register_rejects_overlap(void **state)
{
	struct io_space sp;
	struct rec a = {0};

	(void)state;
	io_space__init(&sp, "t");
	assert_int_equal(io_space__register(&sp, 0x1000, 0x100, rec_handler, &a, "a"), 0);
	/* Same start, inside, straddling either end: all overlaps. */
	assert_int_equal(io_space__register(&sp, 0x1000, 1, rec_handler, &a, "b"), -EEXIST);
	assert_int_equal(io_space__register(&sp, 0x10ff, 1, rec_handler, &a, "b"), -EEXIST);
	assert_int_equal(io_space__register(&sp, 0xfff, 2, rec_handler, &a, "b"), -EEXIST);
	assert_int_equal(io_space__register(&sp, 0x800, 0x1000, rec_handler, &a, "b"), -EEXIST);
	/* Adjacent on both sides is fine. */
	assert_int_equal(io_space__register(&sp, 0x1100, 0x10, rec_handler, &a, "c"), 0);
	assert_int_equal(io_space__register(&sp, 0xff0, 0x10, rec_handler, &a, "d"), 0);
	/* Empty and wrapping ranges are invalid. */
	assert_int_equal(io_space__register(&sp, 0x5000, 0, rec_handler, &a, "e"), -EINVAL);
	assert_int_equal(io_space__register(&sp, UINT64_MAX - 1, 4, rec_handler, &a, "f"), -EINVAL);
	assert_int_equal(sp.nr, 3);
	io_space__exit(&sp);
}

static void test_find_in_any_order(void **state)
{
	struct io_space sp;
	struct rec r[40];
	u64 bases[40];

	(void)state;
	io_space__init(&sp, "t");
	/* Register in a scrambled order; lookups must still find each one. */
	for (int i = 0; i < 40; i++) {
		int k = (i * 17) % 40;

		bases[k] = 0x10000 + (u64)k * 0x100;
		assert_int_equal(io_space__register(&sp, bases[k], 0x80, rec_handler,
						    &r[k], "x"), 0);
	}
	for (int k = 0; k < 40; k++) {
		const struct io_region *reg = io_space__find(&sp, bases[k] + 0x7c, 4);

		assert_non_null(reg);
		assert_ptr_equal(reg->opaque, &r[k]);
		/* The gap after each region belongs to nobody. */
		assert_null(io_space__find(&sp, bases[k] + 0x80, 1));
		/* An access running off the end is not claimed. */
		assert_null(io_space__find(&sp, bases[k] + 0x7e, 4));
	}
	assert_null(io_space__find(&sp, 0, 1));
	assert_null(io_space__find(&sp, UINT64_MAX, 1));
	io_space__exit(&sp);
}

static void test_access_routes_offset_and_data(void **state)
{
	struct io_space sp;
	struct rec a = {0};
	u8 buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	(void)state;
	io_space__init(&sp, "t");
	assert_int_equal(io_space__register(&sp, 0x1fe001e0, 0x100, rec_handler, &a, "uart"), 0);
	assert_true(io_space__access(&sp, NULL, 0x1fe001e5, buf, 1, false));
	assert_int_equal(a.calls, 1);
	assert_int_equal(a.offset, 5);
	assert_int_equal(buf[0], 0xa5);
	assert_int_equal(buf[1], 2);
	assert_true(io_space__access(&sp, NULL, 0x1fe001e8, buf, 8, true));
	assert_int_equal(a.offset, 8);
	assert_int_equal(a.len, 8);
	assert_true(a.is_write);
	assert_memory_equal(a.data, buf, 8);

	/* Unclaimed: reads give zeroes, nothing is called. */
	memset(buf, 0xff, sizeof(buf));
	assert_false(io_space__access(&sp, NULL, 0x20000000, buf, 4, false));
	assert_int_equal(get_le32(buf), 0);
	assert_int_equal(buf[4], 0xff);
	assert_int_equal(a.calls, 2);
	io_space__exit(&sp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_rejects_overlap),
		cmocka_unit_test(test_find_in_any_order),
		cmocka_unit_test(test_access_routes_offset_and_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
