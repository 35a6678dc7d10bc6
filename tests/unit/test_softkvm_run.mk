# SPDX-License-Identifier: GPL-2.0-only
# softkvm KVM_RUN (completion, hypercalls, idle, signals) against a scripted fake CPU.
TEST_OBJS_test_softkvm_run := softkvm/softkvm.c softkvm/vm.c softkvm/vcpu.c softkvm/run.c softkvm/ioeventfd.c $(wildcard softkvm/intc/*.c) \
			      tests/unit/fake-sk-cpu.c
