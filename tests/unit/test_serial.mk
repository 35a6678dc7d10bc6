# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_serial := hw/serial.c term.c util/io.c util/log.c util/seccomp.c util/ratelimit.c kvm.c util/fdt.c loongarch/board-map.c
# the interrupt controllers the UART / kvm__arch_init connect to
TEST_OBJS_test_serial += loongarch/irq.c loongarch/kvm-irqchip.c loongarch/ipi.c loongarch/extioi.c \
		      loongarch/pch-pic.c loongarch/pch-msi.c
