TEST_OBJS_test_io := util/io.c
