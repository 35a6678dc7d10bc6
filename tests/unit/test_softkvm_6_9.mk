# SPDX-License-Identifier: GPL-2.0-only
# softkvm answering as Linux 6.8-6.9 (backend option kernel=6.9).
TEST_OBJS_test_softkvm_6_9 := softkvm/softkvm.c softkvm/vm.c softkvm/vcpu.c softkvm/run.c softkvm/ioeventfd.c $(wildcard softkvm/intc/*.c) \
			      tests/unit/fake-sk-cpu.c
