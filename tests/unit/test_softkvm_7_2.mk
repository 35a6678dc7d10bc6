# SPDX-License-Identifier: GPL-2.0-only
# softkvm answering as Linux 7.2 (backend option kernel=7.2).
TEST_OBJS_test_softkvm_7_2 := softkvm/softkvm.c softkvm/vm.c softkvm/vcpu.c softkvm/run.c softkvm/ioeventfd.c $(wildcard softkvm/intc/*.c) \
			      tests/unit/fake-sk-cpu.c
