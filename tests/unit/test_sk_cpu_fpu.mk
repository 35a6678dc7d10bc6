# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_sk_cpu_fpu := softkvm/cpu/cpu.c softkvm/cpu/decode.c softkvm/cpu/exec.c \
	softkvm/cpu/mmu.c softkvm/cpu/csr.c softkvm/cpu/except.c softkvm/cpu/fpu.c softkvm/cpu/vec.c softkvm/cpu/vec-fp.c softkvm/cpu/vec-decode.c \
	tests/unit/sk_cpu_fake_kernel.c
TEST_LIBS_test_sk_cpu_fpu := -lm
