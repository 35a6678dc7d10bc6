# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_extioi := loongarch/irq.c loongarch/kvm-irqchip.c loongarch/ipi.c loongarch/extioi.c loongarch/pch-pic.c \
		      loongarch/pch-msi.c util/io.c util/log.c util/ratelimit.c tests/unit/irqchip_fake.c
