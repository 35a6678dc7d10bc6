# SPDX-License-Identifier: GPL-2.0-only
# softkvm's in-kernel LoongArch irqchips (kernel=7.2): devices, attributes,
# in-place IOCSR/MMIO, IRQ_LINE, MSI, GSI routing, irqfd.
TEST_OBJS_test_sk_intc := softkvm/softkvm.c softkvm/vm.c softkvm/vcpu.c softkvm/run.c \
			  softkvm/ioeventfd.c $(wildcard softkvm/intc/*.c) tests/unit/fake-sk-cpu.c
