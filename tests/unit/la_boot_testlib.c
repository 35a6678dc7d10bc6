/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test doubles for the LoongArch boot tests: guest RAM in calloc'd banks
 * and the VM core's kvm__gpa_to_hva(), so the tests do not need kvm.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>
#include "la_boot_testlib.h"

struct kvm *tkvm_new(u64 ram_size)
{
	struct kvm *kvm = calloc(1, sizeof(*kvm));
	int i;

	assert_non_null(kvm);
	assert_int_equal(kvm__arch_layout_ram(ram_size, kvm->banks, &kvm->nr_banks), 0);
	for (i = 0; i < kvm->nr_banks; i++) {
		kvm->banks[i].hva = calloc(1, kvm->banks[i].size);
		assert_non_null(kvm->banks[i].hva);
	}
	kvm->ram_size = ram_size;
	kvm->nr_cpus = 1;
	return kvm;
}

void tkvm_free(struct kvm *kvm)
{
	int i;

	for (i = 0; i < kvm->nr_banks; i++)
		free(kvm->banks[i].hva);
	free(kvm->arch.fdt);
	io_space__exit(&kvm->mmio);
	free(kvm);
}

u8 *tkvm_ptr(struct kvm *kvm, u64 gpa, u64 len)
{
	u8 *p = kvm__gpa_to_hva(kvm, gpa, len);

	assert_non_null(p);
	return p;
}

static int saved_fd = -1;
static FILE *cap_file;
static char cap_buf[8192];

void cap_begin(void)
{
	fflush(stderr);
	cap_file = tmpfile();
	assert_non_null(cap_file);
	saved_fd = dup(STDERR_FILENO);
	assert_true(saved_fd >= 0);
	assert_true(dup2(fileno(cap_file), STDERR_FILENO) >= 0);
}

const char *cap_end(void)
{
	size_t n;

	fflush(stderr);
	dup2(saved_fd, STDERR_FILENO);
	close(saved_fd);
	rewind(cap_file);
	n = fread(cap_buf, 1, sizeof(cap_buf) - 1, cap_file);
	cap_buf[n] = '\0';
	fclose(cap_file);
	/* Echo, so a failing test still shows what lkvm said. */
	fputs(cap_buf, stderr);
	return cap_buf;
}

u8 *t_gzip(const void *buf, size_t len, size_t *out_len)
{
	z_stream zs;
	size_t cap = compressBound(len) + 64;
	u8 *out = malloc(cap);

	assert_non_null(out);
	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (Bytef *)buf;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*out_len = zs.total_out;
	deflateEnd(&zs);
	return out;
}
