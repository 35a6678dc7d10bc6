/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Differential-test harness: runs a static LoongArch user program (built
 * from tests/softkvm/diff/) in the softkvm interpreter, at PLV3 in direct
 * address mode with 16 MiB of RAM at physical 0, and emulates the two
 * system calls the programs use (write, exit) by catching the SYS
 * exception at EENTRY. The program's output goes to stdout, exactly as
 * qemu-loongarch64 would print it.
 *
 *   sk-diff-harness PROG.elf              print the program's output
 *   sk-diff-harness PROG.elf REF.bin      compare with REF (qemu's output),
 *                                         naming each differing register
 * Also: -n prints the retired-instruction count to stderr (benchmarks);
 * -l lists the LSX/LASX mnemonics the interpreter implements (for
 * gen-vec.py). Output before the final crt.S dump (1552 bytes) is named
 * "vec+OFFSET" (the vector tests' result records).
 */
#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../unit/sk_cpu_fake_kernel.h"
#include "../../softkvm/cpu/internal.h"

#define RAM_SIZE	(16u << 20)
#define TRAP_PC		0xff0000u	/* EENTRY: an hvcl the harness catches */
#define MAX_OUT		(1u << 20)
#define MAX_STEPS	100000000000ULL

static uint8_t *ram;
static uint8_t out[MAX_OUT];
static size_t out_len;

static int load_elf(const char *path, uint64_t *entry)
{
	FILE *f = fopen(path, "rb");
	Elf64_Ehdr eh;
	int ok = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	if (fread(&eh, sizeof(eh), 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_machine != EM_LOONGARCH)
		goto bad;
	for (int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		if (fseek(f, (long)(eh.e_phoff + (uint64_t)i * eh.e_phentsize), SEEK_SET) ||
		    fread(&ph, sizeof(ph), 1, f) != 1)
			goto bad;
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_vaddr >= TRAP_PC || ph.p_memsz > TRAP_PC - ph.p_vaddr ||
		    ph.p_filesz > ph.p_memsz)
			goto bad;
		if (fseek(f, (long)ph.p_offset, SEEK_SET) ||
		    fread(ram + ph.p_vaddr, 1, ph.p_filesz, f) != ph.p_filesz)
			goto bad;
	}
	*entry = eh.e_entry;
	ok = 1;
bad:
	fclose(f);
	if (!ok)
		fprintf(stderr, "%s: not a loadable LoongArch ELF below 0x%x\n", path, TRAP_PC);
	return ok ? 0 : -1;
}

static const char *field_name(size_t off, char *buf, size_t n)
{
	if (off < 256)
		snprintf(buf, n, "r%zu", off / 8);
	else if (off < 512)
		snprintf(buf, n, "f%zu", (off - 256) / 8);
	else if (off < 520)
		snprintf(buf, n, "fcsr0");
	else if (off < 528)
		snprintf(buf, n, "fcc%zu", off - 520);
	else
		snprintf(buf, n, "scratch+0x%zx", (off - 528) & ~7ul);
	return buf;
}

#define DUMP_LEN	(528 + 1024)	/* what crt.S's dump_and_exit writes */

static int compare(const char *ref_path)
{
	static uint8_t ref[MAX_OUT];
	FILE *f = fopen(ref_path, "rb");
	size_t n, bad = 0, pre;

	if (!f) {
		perror(ref_path);
		return 2;
	}
	n = fread(ref, 1, sizeof(ref), f);
	fclose(f);
	if (n != out_len)
		printf("  output length: qemu %zu, softkvm %zu\n", n, out_len);
	pre = n > DUMP_LEN ? n - DUMP_LEN : 0;
	for (size_t off = 0; off < n && off < out_len; off += 8) {
		uint64_t a = 0, b = 0;
		size_t len = n - off < 8 ? n - off : 8;
		size_t doff = off - pre;
		char name[32];

		memcpy(&a, ref + off, len);
		memcpy(&b, out + off, len);
		if (a == b)
			continue;
		if (off < pre) {
			printf("  vec+0x%-10zx qemu %016" PRIx64 " softkvm %016" PRIx64 "\n",
			       off, a, b);
		} else if (doff >= 520 && doff < 528) {
			for (size_t i = 0; i < 8; i++)
				if (ref[off + i] != out[off + i])
					printf("  fcc%zu: qemu %u softkvm %u\n", i,
					       ref[off + i], out[off + i]);
		} else {
			printf("  %-14s qemu %016" PRIx64 " softkvm %016" PRIx64 "\n",
			       field_name(doff, name, sizeof(name)), a, b);
		}
		bad++;
	}
	return bad || n != out_len;
}

int main(int argc, char **argv)
{
	static struct sk_vcpu vcpu;
	static struct kvm_run run;
	struct sk_cpu *cpu = &vcpu.cpu;
	bool count = false;
	uint64_t entry, steps = 0;
	int exit_code = -1;

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		for (unsigned int op = OP_VEC_FIRST; op < OP_VEC_END; op++)
			if (sk_vec_implemented(op))
				printf("%s\n", sk_op_name(op));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "-n")) {
		count = true;
		argc--;
		argv++;
	}
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: sk-diff-harness [-n] PROG.elf [REF.bin]\n");
		return 2;
	}
	ram = calloc(1, RAM_SIZE);
	if (!ram || load_elf(argv[1], &entry))
		return 2;
	/* hvcl 0 at the exception entry */
	ram[TRAP_PC + 0] = 0x00;
	ram[TRAP_PC + 1] = 0x80;
	ram[TRAP_PC + 2] = 0x2b;
	ram[TRAP_PC + 3] = 0x00;
	fake_vm_add_slot(0, 0, ram, RAM_SIZE, 0);
	vcpu.vm = &fake_vm;
	vcpu.run = &run;
	sk_cpu_init(cpu, &vcpu, 0);
	cpu->cpucfg[2] = 0xc7;		/* FP, FP_SP, FP_DP, LSX, LASX */
	cpu->csr[CSR_EUEN] = 7;		/* FPE, SXE, ASXE, as Linux gives a user */
	cpu->csr[CSR_EENTRY] = TRAP_PC;
	cpu->csr[CSR_CRMD] = CRMD_DA | 3;
	sk_update_mode(cpu);
	cpu->pc = entry;

	while (exit_code < 0) {
		uint32_t code;
		enum sk_stop st = sk_cpu_run(cpu, &run, &code);
		unsigned int ecode = (cpu->csr[CSR_ESTAT] >> 16) & 0x3f;
		uint64_t *r = cpu->gpr;

		if (st != SK_STOP_HVCL || cpu->pc != TRAP_PC) {
			fprintf(stderr, "unexpected stop %d at pc %#" PRIx64 "\n", st, cpu->pc);
			return 3;
		}
		if (ecode != EXC_SYS) {
			fprintf(stderr, "exception %#x (sub %u) at %#" PRIx64 ", badv %#" PRIx64 "\n",
				ecode, (unsigned int)(cpu->csr[CSR_ESTAT] >> 22) & 0x1ff,
				cpu->csr[CSR_ERA], cpu->csr[CSR_BADV]);
			return 3;
		}
		switch (r[11]) {
		case 64: {	/* write(fd, buf, len) */
			uint8_t *h = sk_vm_gpa_to_hva(&fake_vm, r[5], r[6], false);

			if (!h || r[6] > MAX_OUT - out_len) {
				fprintf(stderr, "bad write(%#" PRIx64 ", %#" PRIx64 ")\n", r[5], r[6]);
				return 3;
			}
			memcpy(out + out_len, h, r[6]);
			out_len += r[6];
			r[4] = r[6];
			break;
		}
		case 93:
		case 94:
			exit_code = (int)(r[4] & 0xff);
			break;
		default:
			fprintf(stderr, "unknown syscall %" PRIu64 "\n", r[11]);
			return 3;
		}
		cpu->pc = cpu->csr[CSR_ERA] + 4;
		cpu->csr[CSR_CRMD] = (cpu->csr[CSR_CRMD] & ~7ULL) | (cpu->csr[CSR_PRMD] & 7);
		sk_update_mode(cpu);
		if (++steps > MAX_STEPS)
			return 3;
	}
	if (count)
		fprintf(stderr, "insns %" PRIu64 "\n", PRIV(cpu)->budget);
	if (argc == 3)
		return compare(argv[2]);
	fwrite(out, 1, out_len, stdout);
	return exit_code;
}
