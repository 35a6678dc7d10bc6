TEST_OBJS_test_accel := accel.c util/backend-host.c
