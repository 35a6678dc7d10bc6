/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A hostile bare-metal guest for tests/e2e/hostile.sh, entered through
 * ../priv/crt.S (main's return value goes to the lkvm test device). The
 * command line picks what it does:
 *   flood:   every message a guest can make lkvm print, thousands of times
 *            each (boot marks, crash-kernel pvpanic events, MMIO and IOCSR
 *            accesses nothing claims, a virtio-blk device misused and reset
 *            again and again); then exit 0. lkvm's stderr must stay short.
 *   blkrace: bring up the virtio-blk device at 0x16000000, post 32 large
 *            reads and exit at once, while the reads are in flight: lkvm's
 *            teardown races the disk I/O thread's completions.
 *   blkreboot: the same, then a reboot request instead of the exit (for
 *            --reboot restart: each boot starts a new disk I/O thread).
 * Register offsets: virtio 1.x section 4.2.2; lkvm's map: README.md.
 */
typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

#define TESTDEV		0x100f0000UL
#define TESTDEV_MARK	0x4
#define PVPANIC		0x100f0100UL
#define NO_DEVICE	0x1e000000UL		/* nothing there (not RAM either) */
#define VIRTIO0		0x16000000UL
#define GED_REBOOT	0x100e001eUL		/* syscon: 0x42 reboots */

#define VM_DRIVER_FEATURES	0x020
#define VM_DRIVER_FEATURES_SEL	0x024
#define VM_QUEUE_SEL		0x030
#define VM_QUEUE_NUM		0x038
#define VM_QUEUE_READY		0x044
#define VM_QUEUE_NOTIFY		0x050
#define VM_STATUS		0x070
#define VM_QUEUE_DESC		0x080
#define VM_QUEUE_AVAIL		0x090
#define VM_QUEUE_USED		0x0a0

#define ST_ACK		1
#define ST_DRIVER	2
#define ST_DRIVER_OK	4
#define ST_FEATURES_OK	8

#define FLOOD_N		10000

static inline void w32(u64 a, u32 v) { *(volatile u32 *)a = v; }
static inline void w8(u64 a, u8 v) { *(volatile u8 *)a = v; }
static inline u32 r32(u64 a) { return *(volatile u32 *)a; }

static inline u32 iocsr_r32(u32 addr)
{
	u32 v;

	__asm__ volatile("iocsrrd.w %0, %1" : "=r"(v) : "r"(addr));
	return v;
}

static int has_word(const char *s, const char *w)
{
	for (; *s; s++) {
		int i = 0;

		while (w[i] && s[i] == w[i])
			i++;
		if (!w[i])
			return 1;
	}
	return 0;
}

static int flood(void)
{
	for (int i = 0; i < 2 * FLOOD_N; i++)
		w32(TESTDEV + TESTDEV_MARK, 123);
	for (int i = 0; i < FLOOD_N; i++)
		w8(PVPANIC, 2);			/* CRASH_LOADED */
	for (int i = 0; i < FLOOD_N; i++) {
		w32(NO_DEVICE + 4 * (u64)(i & 1023), (u32)i);
		(void)r32(NO_DEVICE);
	}
	for (int i = 0; i < FLOOD_N; i++)
		(void)iocsr_r32(0x3000 + 8 * (u32)i);	/* a new unclaimed address each */
	/* A queue larger than the device allows: NEEDS_RESET, then reset. */
	for (int i = 0; i < FLOOD_N; i++) {
		w32(VIRTIO0 + VM_STATUS, 0);
		w32(VIRTIO0 + VM_STATUS, ST_ACK | ST_DRIVER);
		w32(VIRTIO0 + VM_QUEUE_SEL, 0);
		w32(VIRTIO0 + VM_QUEUE_NUM, 0x8000);
		w32(VIRTIO0 + VM_QUEUE_READY, 1);
	}
	w32(VIRTIO0 + VM_STATUS, 0);
	return 0;
}

/* Rings and buffers in guest RAM above the program (DA mode: physical). */
#define QN		128
#define RING		0x800000UL
#define DESC		RING
#define AVAIL		(RING + 0x1000)
#define USED		(RING + 0x2000)
#define HDRS		(RING + 0x4000)		/* 16-byte headers, 32 each */
#define STATUS		(RING + 0x5000)
#define DATA		0x1000000UL		/* one 4 MiB buffer, read into 32 times */
#define DATA_LEN	(4U << 20)
#define NREQ		32

static void desc(u16 i, u64 addr, u32 len, u16 flags, u16 next)
{
	volatile u8 *d = (volatile u8 *)(DESC + 16UL * i);

	*(volatile u64 *)d = addr;
	*(volatile u32 *)(d + 8) = len;
	*(volatile u16 *)(d + 12) = flags;
	*(volatile u16 *)(d + 14) = next;
}

static int blkrace(void)
{
	volatile u16 *avail = (volatile u16 *)AVAIL;

	w32(VIRTIO0 + VM_STATUS, 0);
	w32(VIRTIO0 + VM_STATUS, ST_ACK | ST_DRIVER);
	w32(VIRTIO0 + VM_DRIVER_FEATURES_SEL, 1);
	w32(VIRTIO0 + VM_DRIVER_FEATURES, 1);		/* VERSION_1 */
	w32(VIRTIO0 + VM_STATUS, ST_ACK | ST_DRIVER | ST_FEATURES_OK);
	for (u64 p = RING; p < RING + 0x6000; p += 8)
		*(volatile u64 *)p = 0;
	w32(VIRTIO0 + VM_QUEUE_SEL, 0);
	w32(VIRTIO0 + VM_QUEUE_NUM, QN);
	w32(VIRTIO0 + VM_QUEUE_DESC, (u32)DESC);
	w32(VIRTIO0 + VM_QUEUE_AVAIL, (u32)AVAIL);
	w32(VIRTIO0 + VM_QUEUE_USED, (u32)USED);
	w32(VIRTIO0 + VM_QUEUE_READY, 1);
	w32(VIRTIO0 + VM_STATUS, ST_ACK | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK);
	for (u16 r = 0; r < NREQ; r++) {
		u64 hdr = HDRS + 16UL * r;

		*(volatile u64 *)hdr = 0;		/* VIRTIO_BLK_T_IN */
		*(volatile u64 *)(hdr + 8) = 0;		/* sector 0 */
		desc((u16)(3 * r), hdr, 16, 1, (u16)(3 * r + 1));
		desc((u16)(3 * r + 1), DATA, DATA_LEN, 1 | 2, (u16)(3 * r + 2));
		desc((u16)(3 * r + 2), STATUS + r, 1, 2, 0);
		avail[2 + r] = (u16)(3 * r);
	}
	__asm__ volatile("dbar 0" ::: "memory");
	avail[1] = NREQ;
	__asm__ volatile("dbar 0" ::: "memory");
	w32(VIRTIO0 + VM_QUEUE_NOTIFY, 0);
	return 0;				/* exit while the reads run */
}

int main(long efi, const char *cmdline)
{
	(void)efi;
	if (has_word(cmdline, "flood"))
		return flood();
	if (has_word(cmdline, "blkrace"))
		return blkrace();
	if (has_word(cmdline, "blkreboot")) {
		blkrace();
		w8(GED_REBOOT, 0x42);
		for (;;)
			;
	}
	return 99;
}
