# SPDX-License-Identifier: GPL-2.0-only
# softkvm's kernel side against a scripted fake CPU (tests/unit/fake-sk-cpu.c).
TEST_OBJS_test_softkvm := softkvm/softkvm.c softkvm/vm.c softkvm/vcpu.c softkvm/run.c softkvm/ioeventfd.c $(wildcard softkvm/intc/*.c) \
			  tests/unit/fake-sk-cpu.c
