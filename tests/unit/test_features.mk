# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_features := loongarch/cpu.c loongarch/cpu-model.c loongarch/one-reg.c loongarch/smp.c loongarch/cpu-exit.c loongarch/regdump.c util/ctl-proto.c loongarch/cpucfg.c loongarch/features.c \
			   loongarch/iocsr-misc.c loongarch/kvm.c util/io.c util/log.c util/ratelimit.c \
			   util/backend-host.c loongarch/host.c tests/unit/la_fake_kvm.c \
			   kvm.c util/fdt.c
# the interrupt controllers the UART / kvm__arch_init connect to
TEST_OBJS_test_features += loongarch/irq.c loongarch/kvm-irqchip.c loongarch/ipi.c loongarch/extioi.c \
		      loongarch/pch-pic.c loongarch/pch-msi.c
