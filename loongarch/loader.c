/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel and initrd loading into guest RAM.
 *
 * Format detection, in this order (after undoing one level of gzip, zstd,
 * xz, lz4 -l, lzop or bzip2, recognised by their magic bytes):
 *   "\x7fELF"             ELF64 little-endian EM_LOONGARCH; anything else
 *                         (other machine, 32-bit, big-endian) is an error.
 *   "MZ" + "zimg" @4      EFI zboot image: the payload at the header's
 *                         offset and size, compressed as its name says
 *                         (decompress.c), must hold a LoongArch Linux EFI
 *                         image no larger than guest RAM.
 *   "MZ" + magic @0x38    LoongArch Linux EFI image (vmlinux.efi).
 *   other "MZ"            error (a PE/DOS executable, not a kernel).
 *   anything else         refused: a raw image carries no magic, so random
 *                         bytes would look like one. The user asks for a
 *                         raw image with --kernel-format raw: it is then
 *                         loaded (after gunzip) and entered at 0x200000.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "lkvm/kvm.h"
#include "arch/boot.h"
#include "arch/decompress.h"
#include "arch/memmap.h"

#define ELF_EHDR_SIZE		64
#define ELF_PHDR_SIZE		56
#define ELF_ET_EXEC		2
#define ELF_ET_DYN		3
#define ELF_PT_LOAD		1
#define ELF_EM_LOONGARCH	258
#define ELF_MAX_LOADS		64

#define LINUX_PE_MAGIC		0x818223cdU
#define PE_MACHINE_LOONGARCH64	0x6264

#define KERNEL_RAW_MIN		4	/* one instruction */
#define ZBOOT_HDR_SIZE		64
#define INITRD_ALIGN		SZ_64K

struct elf_seg {
	u64 offset, filesz, memsz, phys;
};

static u64 umin(u64 a, u64 b)
{
	return a < b ? a : b;
}

static u64 umax(u64 a, u64 b)
{
	return a > b ? a : b;
}

/*
 * Kernel addresses are either physical (< 2^48) or DMW-window virtual
 * addresses such as 0x9000000000200000: VSEG in bits 63:60, 59:48 zero.
 */
static bool la_to_phys(u64 addr, u64 *phys)
{
	if ((addr >> 48) && ((addr >> 48) & 0xfff))
		return false;
	*phys = addr & LA_PHYS_MASK;
	return true;
}

/* Host pointer for [gpa, gpa + size) of a kernel piece, or an error. */
static int kernel_range(struct kvm *kvm, const char *name, const char *what,
			u64 gpa, u64 size, u8 **hva)
{
	if (size == 0 || gpa + size < gpa || gpa + size > LA_PHYS_MASK + 1) {
		pr_err("%s: %s at 0x%llx with size 0x%llx is not a valid physical range",
		       name, what, (unsigned long long)gpa, (unsigned long long)size);
		return -EINVAL;
	}
	if (gpa < LA_BOOT_RESERVED_END) {
		pr_err("%s: %s at 0x%llx overlaps the boot area [0, 0x%llx): the kernel must be linked at 0x%llx or above",
		       name, what, (unsigned long long)gpa,
		       (unsigned long long)LA_BOOT_RESERVED_END,
		       (unsigned long long)LA_KERNEL_DEFAULT_LOAD);
		return -EINVAL;
	}
	*hva = kvm__gpa_to_hva(kvm, gpa, size);
	if (!*hva) {
		pr_err("%s: %s [0x%llx, 0x%llx) is not inside guest RAM: raise -m (now %llu MiB)",
		       name, what, (unsigned long long)gpa,
		       (unsigned long long)(gpa + size),
		       (unsigned long long)(kvm->ram_size >> 20));
		return -EINVAL;
	}
	return 0;
}

static const char *elf_machine_name(u16 m)
{
	switch (m) {
	case 3: return "i386";
	case 8: return "MIPS";
	case 20: return "PowerPC";
	case 21: return "PowerPC64";
	case 22: return "s390";
	case 40: return "ARM";
	case 62: return "x86-64";
	case 183: return "AArch64";
	case 243: return "RISC-V";
	default: return "another machine";
	}
}

static int load_elf(struct kvm *kvm, const char *name, const u8 *b, size_t len,
		    struct la_kernel *k)
{
	struct elf_seg segs[ELF_MAX_LOADS];
	u64 phoff, entry, entry_phys, lo = UINT64_MAX, hi = 0;
	unsigned int phentsize, phnum, n = 0, i, j;
	bool entry_ok = false;
	u16 machine, type;
	u8 *hva;
	int err;

	if (len < ELF_EHDR_SIZE) {
		pr_err("%s: truncated ELF header (%zu bytes)", name, len);
		return -EINVAL;
	}
	if (b[4] != 2) {
		pr_err("%s: 32-bit ELF file, not a LoongArch64 kernel", name);
		return -EINVAL;
	}
	if (b[5] != 1) {
		pr_err("%s: big-endian ELF file, not a LoongArch kernel", name);
		return -EINVAL;
	}
	machine = get_le16(b + 18);
	if (machine != ELF_EM_LOONGARCH) {
		pr_err("%s: ELF file for %s (e_machine %u), not LoongArch",
		       name, elf_machine_name(machine), machine);
		return -EINVAL;
	}
	type = get_le16(b + 16);
	if (type != ELF_ET_EXEC && type != ELF_ET_DYN) {
		pr_err("%s: ELF type %u is not an executable (ET_EXEC or ET_DYN)", name, type);
		return -EINVAL;
	}
	entry = get_le64(b + 24);
	phoff = get_le64(b + 32);
	phentsize = get_le16(b + 54);
	phnum = get_le16(b + 56);
	if (phnum == 0 || phnum == 0xffff) {
		pr_err("%s: ELF file has no usable program headers (e_phnum %u)", name, phnum);
		return -EINVAL;
	}
	if (phentsize < ELF_PHDR_SIZE) {
		pr_err("%s: ELF program header size %u is too small", name, phentsize);
		return -EINVAL;
	}
	if (phoff > len || (u64)phnum * phentsize > len - phoff) {
		pr_err("%s: ELF program headers lie beyond the end of the file (truncated?)", name);
		return -EINVAL;
	}

	for (i = 0; i < phnum; i++) {
		const u8 *ph = b + phoff + (u64)i * phentsize;
		struct elf_seg s;
		u64 addr;
		char what[48];

		if (get_le32(ph) != ELF_PT_LOAD)
			continue;
		s.offset = get_le64(ph + 8);
		addr = get_le64(ph + 24);	/* p_paddr */
		s.filesz = get_le64(ph + 32);
		s.memsz = get_le64(ph + 40);
		if (s.filesz > s.memsz) {
			pr_err("%s: ELF segment %u has file size 0x%llx > memory size 0x%llx",
			       name, i, (unsigned long long)s.filesz,
			       (unsigned long long)s.memsz);
			return -EINVAL;
		}
		if (s.offset > len || s.filesz > len - s.offset) {
			pr_err("%s: ELF segment %u data lies beyond the end of the file (truncated?)",
			       name, i);
			return -EINVAL;
		}
		if (s.memsz == 0)
			continue;
		if (!la_to_phys(addr, &s.phys)) {
			pr_err("%s: ELF segment %u address 0x%llx is neither physical nor a DMW address",
			       name, i, (unsigned long long)addr);
			return -EINVAL;
		}
		snprintf(what, sizeof(what), "ELF segment %u", i);
		err = kernel_range(kvm, name, what, s.phys, s.memsz, &hva);
		if (err)
			return err;
		for (j = 0; j < n; j++) {
			if (s.phys < segs[j].phys + segs[j].memsz &&
			    segs[j].phys < s.phys + s.memsz) {
				pr_err("%s: ELF segment %u at 0x%llx overlaps another loadable segment",
				       name, i, (unsigned long long)s.phys);
				return -EINVAL;
			}
		}
		if (n == ELF_MAX_LOADS) {
			pr_err("%s: more than %d loadable ELF segments", name, ELF_MAX_LOADS);
			return -EINVAL;
		}
		segs[n++] = s;
	}
	if (n == 0) {
		pr_err("%s: ELF file has no loadable segments", name);
		return -EINVAL;
	}
	if (!la_to_phys(entry, &entry_phys)) {
		pr_err("%s: ELF entry 0x%llx is neither physical nor a DMW address",
		       name, (unsigned long long)entry);
		return -EINVAL;
	}
	for (j = 0; j < n; j++) {
		if (entry_phys >= segs[j].phys &&
		    entry_phys < segs[j].phys + segs[j].memsz)
			entry_ok = true;
		lo = umin(lo, segs[j].phys);
		hi = umax(hi, segs[j].phys + segs[j].memsz);
	}
	if (!entry_ok) {
		pr_err("%s: ELF entry 0x%llx is not inside a loadable segment",
		       name, (unsigned long long)entry);
		return -EINVAL;
	}

	/* Everything checked: copy, and zero BSS (RAM may hold an old boot). */
	for (j = 0; j < n; j++) {
		hva = kvm__gpa_to_hva(kvm, segs[j].phys, segs[j].memsz);
		memcpy(hva, b + segs[j].offset, segs[j].filesz);
		memset(hva + segs[j].filesz, 0, segs[j].memsz - segs[j].filesz);
	}
	k->entry = entry_phys;
	k->start = lo;
	k->end = hi;
	k->format = "ELF";
	return 0;
}

/* LoongArch Linux image header: Documentation/arch/loongarch/booting.rst. */
static bool is_linux_efi_image(const u8 *b, size_t len)
{
	return len >= 64 && b[0] == 'M' && b[1] == 'Z' &&
	       get_le32(b + 0x38) == LINUX_PE_MAGIC;
}

static int load_efi_image(struct kvm *kvm, const char *name, const u8 *b,
			  size_t len, struct la_kernel *k)
{
	u64 entry, size, load, span;
	u8 *hva;
	int err;

	if (!la_to_phys(get_le64(b + 0x08), &entry) ||
	    !la_to_phys(get_le64(b + 0x18), &load)) {
		pr_err("%s: EFI image header has a bad entry or load offset", name);
		return -EINVAL;
	}
	size = get_le64(b + 0x10);	/* _end - _text: includes BSS */
	span = umax(size, len);
	err = kernel_range(kvm, name, "EFI kernel image", load, span, &hva);
	if (err)
		return err;
	if (entry < load || entry - load >= len) {
		pr_err("%s: EFI image entry 0x%llx is outside the image [0x%llx, 0x%llx)",
		       name, (unsigned long long)entry, (unsigned long long)load,
		       (unsigned long long)(load + len));
		return -EINVAL;
	}
	memcpy(hva, b, len);
	memset(hva + len, 0, span - len);
	k->entry = entry;
	k->start = load;
	k->end = load + span;
	k->format = "EFI image";
	return 0;
}

static int load_raw(struct kvm *kvm, const char *name, const u8 *b, size_t len,
		    struct la_kernel *k)
{
	u8 *hva;
	int err;

	err = kernel_range(kvm, name, "raw kernel image", LA_KERNEL_DEFAULT_LOAD,
			   len, &hva);
	if (err)
		return err;
	memcpy(hva, b, len);
	k->entry = LA_KERNEL_DEFAULT_LOAD;
	k->start = LA_KERNEL_DEFAULT_LOAD;
	k->end = LA_KERNEL_DEFAULT_LOAD + len;
	k->format = "raw";
	return 0;
}

static bool looks_like_text(const u8 *b, size_t len)
{
	size_t i, n = umin(len, 512);

	for (i = 0; i < n; i++) {
		if (b[i] >= 0x20 && b[i] < 0x7f)
			continue;
		if (b[i] == '\n' || b[i] == '\r' || b[i] == '\t')
			continue;
		return false;
	}
	return true;
}

static int load_any(struct kvm *kvm, const char *name, const u8 *b, size_t len,
		    struct la_kernel *k, int depth);

/*
 * EFI zboot (efi/libstub/zboot-header.S): "MZ", "zimg" @4, payload offset
 * @8 and size @12 (le32, the size without any trailer), the compression's
 * name @24 (NUL-terminated), Linux PE magic @0x38. Makefile.zboot appends
 * the decompressed size (le32) after non-gzip payloads: only a size hint.
 */
static int load_zboot(struct kvm *kvm, const char *name, const u8 *b, size_t len,
		      struct la_kernel *k, int depth)
{
	u32 off = get_le32(b + 8), size = get_le32(b + 12);
	u64 hint = 0;
	enum la_comp comp;
	char cname[33];
	void *out;
	size_t out_len;
	int err;

	memcpy(cname, b + 24, 32);
	cname[32] = '\0';
	if (off < ZBOOT_HDR_SIZE || off > len || size == 0 || size > len - off) {
		pr_err("%s: EFI zboot header puts the payload at [0x%x, 0x%llx), outside the %zu-byte file (truncated?)",
		       name, off, (unsigned long long)off + size, len);
		return -EINVAL;
	}
	comp = la_comp__from_zboot(cname);
	if (comp == LA_COMP_NONE) {
		pr_err("%s: EFI zboot payload compression \"%s\" is unknown (gzip, zstd, xz, lzma, lz4, lzo or bzip2 expected)",
		       name, cname);
		return -EINVAL;
	}
	if (comp == LA_COMP_GZIP && size >= 4)
		hint = get_le32(b + off + size - 4);	/* gzip ISIZE */
	else if ((u64)off + size + 4 <= len)
		hint = get_le32(b + off + size);
	err = la_decompress(name, comp, b + off, size, kvm->ram_size, hint,
			    "guest RAM size (raise -m)", &out, &out_len);
	if (err)
		return err;
	if (!is_linux_efi_image(out, out_len)) {
		pr_err("%s: EFI zboot payload (%s) is not a LoongArch Linux EFI image",
		       name, la_comp__name(comp));
		free(out);
		return -EINVAL;
	}
	err = load_any(kvm, name, out, out_len, k, depth + 1);
	free(out);
	if (!err)
		k->format = "EFI zboot";
	return err;
}

static int reject_pe(const char *name, const u8 *b, size_t len)
{
	u32 pe = len >= 64 ? get_le32(b + 0x3c) : 0;
	u16 m;

	if (pe && (u64)pe + 6 <= len && !memcmp(b + pe, "PE\0\0", 4)) {
		m = get_le16(b + pe + 4);
		if (m == PE_MACHINE_LOONGARCH64)
			pr_err("%s: LoongArch PE file without the Linux image header, not a kernel", name);
		else
			pr_err("%s: PE file for machine 0x%04x%s, not LoongArch", name, m,
			       m == 0x8664 ? " (x86-64)" : m == 0xaa64 ? " (AArch64)" :
			       m == 0x5064 ? " (RISC-V 64)" : m == 0x14c ? " (i386)" : "");
	} else {
		pr_err("%s: %s, not a LoongArch kernel", name,
		       len < 64 ? "truncated PE/DOS header" : "DOS/PE executable");
	}
	return -EINVAL;
}

/* "gzip ELF" and the like: static strings, la_kernel keeps a pointer. */
static const char *compressed_format(enum la_comp c, const char *inner)
{
#define LA_FMT(comp) { comp " ELF", comp " EFI image", comp " raw" }
	static const char *const names[][3] = {
		[LA_COMP_GZIP] = LA_FMT("gzip"), [LA_COMP_ZSTD] = LA_FMT("zstd"),
		[LA_COMP_XZ] = LA_FMT("xz"), [LA_COMP_LZMA] = LA_FMT("lzma"),
		[LA_COMP_LZ4] = LA_FMT("lz4"), [LA_COMP_LZO] = LA_FMT("lzo"),
		[LA_COMP_BZIP2] = LA_FMT("bzip2"),
	};
#undef LA_FMT
	int i = !strcmp(inner, "ELF") ? 0 : !strcmp(inner, "EFI image") ? 1 : 2;

	if ((size_t)c >= ARRAY_SIZE(names) || !names[c][i])
		return inner;
	return names[c][i];
}

static int load_any(struct kvm *kvm, const char *name, const u8 *b, size_t len,
		    struct la_kernel *k, int depth)
{
	enum la_comp comp;
	void *out;
	size_t out_len;
	int err;

	if (len == 0) {
		pr_err("%s: file is empty", name);
		return -EINVAL;
	}
	comp = la_comp__detect(b, len);
	if (comp != LA_COMP_NONE) {
		if (depth) {
			pr_err("%s: %s data inside compressed data, not a kernel", name,
			       la_comp__name(comp));
			return -EINVAL;
		}
		err = la_decompress(name, comp, b, len, umin(kvm->ram_size, LA_GZIP_MAX_OUT),
				    0, "guest RAM size (raise -m)", &out, &out_len);
		if (err)
			return err;
		err = load_any(kvm, name, out, out_len, k, depth + 1);
		free(out);
		if (!err)
			k->format = compressed_format(comp, k->format);
		return err;
	}
	if (kvm->cfg.kernel_format == KERNEL_FORMAT_RAW) {
		if (len < KERNEL_RAW_MIN) {
			pr_err("%s: file of %zu bytes is too small to be a kernel", name, len);
			return -EINVAL;
		}
		return load_raw(kvm, name, b, len, k);
	}
	if (len >= 4 && !memcmp(b, "\x7f" "ELF", 4))
		return load_elf(kvm, name, b, len, k);
	if (len >= 2 && b[0] == 'M' && b[1] == 'Z') {
		if (len >= 64 && !memcmp(b + 4, "zimg", 4)) {
			if (depth) {
				pr_err("%s: nested compressed images are not supported", name);
				return -EINVAL;
			}
			return load_zboot(kvm, name, b, len, k, depth);
		}
		if (is_linux_efi_image(b, len))
			return load_efi_image(kvm, name, b, len, k);
		return reject_pe(name, b, len);
	}
	if (len >= 4 && get_le32(b) == 0x184d2204) {
		pr_err("%s: lz4 frame format: a kernel is compressed with the legacy format (lz4 -l)",
		       name);
		return -EINVAL;
	}
	if (len < KERNEL_RAW_MIN) {
		pr_err("%s: file of %zu bytes is too small to be a kernel", name, len);
		return -EINVAL;
	}
	if (looks_like_text(b, len)) {
		pr_err("%s: looks like a text file, not a LoongArch kernel", name);
		return -EINVAL;
	}
	pr_err("%s: not a LoongArch kernel (no ELF or EFI image header); "
	       "for a raw image add --kernel-format raw", name);
	return -EINVAL;
}

int la_loader__load_kernel(struct kvm *kvm, const char *name,
			   const void *buf, size_t len, struct la_kernel *out)
{
	struct la_kernel k = { 0 };
	int err;

	err = load_any(kvm, name, buf, len, &k, 0);
	if (err)
		return err;
	*out = k;
	pr_debug("%s: %s kernel at [0x%llx, 0x%llx), entry 0x%llx", name, k.format,
		 (unsigned long long)k.start, (unsigned long long)k.end,
		 (unsigned long long)k.entry);
	return 0;
}

int la_loader__gunzip(const char *name, const void *in, size_t in_len,
		      u64 max, void **out, size_t *out_len)
{
	return la_decompress(name, LA_COMP_GZIP, in, in_len, max, 0, NULL, out, out_len);
}

static bool initrd_fits(struct kvm *kvm, const struct la_kernel *k,
			u64 start, u64 size)
{
	if (start < LA_BOOT_RESERVED_END || start + size < start)
		return false;
	if (start < k->end && k->start < start + size)
		return false;
	return kvm__gpa_to_hva(kvm, start, size) != NULL;
}

int la_loader__load_initrd(struct kvm *kvm, const char *name,
			   const void *buf, size_t len,
			   const struct la_kernel *k, u64 *start)
{
	u64 ksize = k->end - k->start, room, cand[2 + KVM_MAX_MEM_BANKS];
	unsigned int n = 0, i;
	int b;
	u8 *hva;

	if (len == 0) {
		pr_err("%s: initrd file is empty", name);
		return -EINVAL;
	}
	/*
	 * Leave the kernel room for BSS a raw image does not show and for
	 * early allocations: prefer 4x its size above it (as QEMU does), else
	 * 1x, else the top of any RAM bank away from the kernel.
	 */
	room = ALIGN_UP(k->end + ksize, INITRD_ALIGN);
	cand[n++] = ALIGN_UP(k->end + 4 * ksize, INITRD_ALIGN);
	cand[n++] = room;
	for (b = 0; b < kvm->nr_banks; b++) {
		const struct kvm_mem_bank *bk = &kvm->banks[b];

		if (bk->size >= len)
			cand[n++] = ALIGN_DOWN(bk->gpa + bk->size - len, INITRD_ALIGN);
	}
	for (i = 0; i < n; i++) {
		/* Below the kernel only if it cannot touch it; above: after room. */
		if (cand[i] >= k->end && cand[i] < room)
			continue;
		if (!initrd_fits(kvm, k, cand[i], len))
			continue;
		hva = kvm__gpa_to_hva(kvm, cand[i], len);
		memcpy(hva, buf, len);
		*start = cand[i];
		pr_debug("%s: initrd at [0x%llx, 0x%llx)", name,
			 (unsigned long long)cand[i], (unsigned long long)(cand[i] + len));
		return 0;
	}
	pr_err("-m too small: kernel and initrd need %llu MiB of RAM (have %llu MiB)",
	       (unsigned long long)((ALIGN_UP(room + len, SZ_1M)) >> 20),
	       (unsigned long long)(kvm->ram_size >> 20));
	return -ENOMEM;
}
