/* SPDX-License-Identifier: GPL-2.0-only */
/* "lkvm run -n/--network": keys, defaults, bad specs and the round trip. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <wordexp.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "lkvm/run-options.h"
#include "lkvm/util.h"
#include "run_parse_test.h"

static void test_net_parse(void **state)
{
	struct lkvm_config a, b;
	const u8 mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	char line[4096];
	wordexp_t we;

	(void)state;
	/* No -n: no NIC. */
	assert_int_equal(parse(&a, NULL), 0);
	assert_int_equal(a.nr_nets, 0);
	assert_false(a.net_given);
	assert_int_equal(parse(&a, "-n", "mode=none", NULL), 0);
	assert_int_equal(a.nr_nets, 0);
	assert_true(a.net_given);

	assert_int_equal(parse(&a, "-n", "mode=user,hostfwd=tcp::8022-:22,hostfwd=udp:0.0.0.0:5353-:53",
			       "--network", "mode=tap,tapif=tap7,guest_mac=52:54:00:AB:cd:ef",
			       "-n", "restrict=on", NULL), 0);
	assert_int_equal(a.nr_nets, 3);
	assert_int_equal(a.nets[0].mode, NET_MODE_USER);
	assert_int_equal(a.nets[0].nr_fwd, 2);
	assert_false(a.nets[0].fwd[0].udp);
	assert_int_equal(a.nets[0].fwd[0].host_addr, htonl(0x7f000001));
	assert_int_equal(a.nets[0].fwd[0].host_port, 8022);
	assert_int_equal(a.nets[0].fwd[0].guest_port, 22);
	assert_true(a.nets[0].fwd[1].udp);
	assert_int_equal(a.nets[0].fwd[1].host_addr, 0);
	assert_int_equal(a.nets[1].mode, NET_MODE_TAP);
	assert_string_equal(a.nets[1].tapif, "tap7");
	assert_memory_equal(a.nets[1].mac, mac, 6);
	assert_true(a.nets[2].restrict_guest);
	/* Default MACs differ per NIC and are unicast, locally administered. */
	assert_int_equal(a.nets[0].mac[0], 0x02);
	assert_int_not_equal(a.nets[0].mac[5], a.nets[2].mac[5]);

	/* Printed and parsed again: the same NICs. */
	run_options__format(&a, line, sizeof(line));
	assert_int_equal(wordexp(line, &we, WRDE_NOCMD), 0);
	assert_int_equal(run_options__parse((int)we.we_wordc - 1, we.we_wordv + 1, &b), 0);
	wordfree(&we);
	assert_int_equal(b.nr_nets, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(b.nets[i].mode, a.nets[i].mode);
		assert_memory_equal(b.nets[i].mac, a.nets[i].mac, 6);
		assert_string_equal(b.nets[i].tapif, a.nets[i].tapif);
		assert_int_equal(b.nets[i].restrict_guest, a.nets[i].restrict_guest);
		assert_int_equal(b.nets[i].nr_fwd, a.nets[i].nr_fwd);
		assert_memory_equal(b.nets[i].fwd, a.nets[i].fwd, sizeof(a.nets[i].fwd[0]) * a.nets[i].nr_fwd);
	}
}

static void test_net_bad(void **state)
{
	static const char *const bad[] = {
		"mode=slirp", "speed=10", "guest_mac=01:00:5e:00:00:01", "guest_mac=02:00:00:00:00",
		"guest_mac=02:00:00:00:00:0g", "guest_mac=02:00:00:00:00:001", "mode=tap",
		"mode=tap,tapif=0123456789abcdef", "mode=tap,tapif=a/b", "hostfwd=tcp::0-:22",
		"hostfwd=tcp::65536-:22", "hostfwd=sctp::1-:2", "hostfwd=tcp:1.2.3:1-:2",
		"hostfwd=tcp::1-2", "hostfwd=tcp::1", "mode=tap,tapif=t0,hostfwd=tcp::1-:2",
		"vhost=on", "vhost=yes", "restrict=1", "", "mode=user,",
	};
	struct lkvm_config a;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(parse(&a, "-n", bad[i], NULL), -1);
	assert_int_equal(parse(&a, "-n", "mode=user", "-n", "mode=user", "-n", "mode=user",
			       "-n", "mode=user", "-n", "mode=user", NULL), -1);
	assert_int_equal(parse(&a, "-n", "hostfwd=tcp::1-:1,hostfwd=tcp::2-:1,hostfwd=tcp::3-:1,"
			       "hostfwd=tcp::4-:1,hostfwd=tcp::5-:1,hostfwd=tcp::6-:1,"
			       "hostfwd=tcp::7-:1,hostfwd=tcp::8-:1,hostfwd=tcp::9-:1", NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_net_parse),
		cmocka_unit_test(test_net_bad),
	};

	log__level = LOG_ERR;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
