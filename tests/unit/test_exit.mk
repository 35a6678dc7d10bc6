TEST_OBJS_test_exit := vcpu/kvm-cpu.c vcpu/pause.c util/io.c util/log.c util/seccomp.c util/ratelimit.c
