# SPDX-License-Identifier: GPL-2.0-only
# One table of irqchip register sequences, run against lkvm's userspace
# models and softkvm's in-kernel ones (kernel=7.2).
TEST_OBJS_test_intc_shared := loongarch/irq.c loongarch/kvm-irqchip.c loongarch/ipi.c loongarch/extioi.c \
			      loongarch/pch-pic.c loongarch/pch-msi.c util/io.c util/log.c \
			      util/ratelimit.c tests/unit/irqchip_fake.c \
			      softkvm/softkvm.c softkvm/vm.c softkvm/vcpu.c softkvm/run.c \
			      softkvm/ioeventfd.c $(wildcard softkvm/intc/*.c) tests/unit/fake-sk-cpu.c
