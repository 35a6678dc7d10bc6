# SPDX-License-Identifier: GPL-2.0-only
# softkvm's irqfd thread under lkvm's seccomp filters (its own kind, started from a vCPU).
TEST_OBJS_test_sk_irqfd_seccomp := softkvm/softkvm.c softkvm/vm.c softkvm/vcpu.c softkvm/run.c \
			  softkvm/ioeventfd.c $(wildcard softkvm/intc/*.c) tests/unit/fake-sk-cpu.c \
			  util/seccomp.c util/log.c
