TEST_OBJS_test_options := run-options.c rootfs.c util/util.c util/log.c util/options.c util/ratelimit.c loongarch/options.c
