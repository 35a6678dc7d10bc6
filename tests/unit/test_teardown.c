/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Teardown order of the VM (machine.c machine__exit): a virtio-blk request
 * that completes while the VM is being torn down must not raise an
 * interrupt through a vCPU that is already gone. The real machine table,
 * kvm.c, virtio/setup.c, virtio-mmio and virtio-blk run here, on a board
 * of just a virtio window; libaio is replaced by a fake
 * that holds a completion until the test lets it go, and the fake vCPU
 * destructor lets it go after freeing the vCPU, which is the window the
 * old order left open (the I/O thread then injected through freed memory).
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <cmocka.h>
#include "lkvm/device.h"
#include "lkvm/disk.h"
#include "lkvm/irq.h"
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/machine.h"
#include "lkvm/uapi-compat.h"
#include "lkvm/virtio-devices.h"
#include "lkvm/virtio-mmio.h"
#include "arch/memmap.h"
#include "virtio_fake.h"

#define QN		16
#define F_V1		(1ULL << 32)

static _Atomic int vcpus_destroyed;	/* a vCPU has been freed */
static _Atomic int late_irqs;		/* interrupts raised after that */
static _Atomic int irqs;

/* ---- the interrupt path: what la_irqchip__inject does with a vCPU ---- */

void irq__line_set(struct kvm *kvm, unsigned int pin, bool level)
{
	(void)pin;
	if (!level)
		return;
	atomic_fetch_add(&irqs, 1);
	if (atomic_load(&vcpus_destroyed))
		atomic_fetch_add(&late_irqs, 1);
	/* The real injection dereferences the vCPU: ASan sees a freed one. */
	if (kvm->cpus && kvm->cpus[0])
		(void)*(volatile unsigned int *)&kvm->cpus[0]->id;
}

void irq__line_raise(struct kvm *kvm, unsigned int pin) { irq__line_set(kvm, pin, true); }
void irq__line_lower(struct kvm *kvm, unsigned int pin) { (void)kvm; (void)pin; }
void irq__line_pulse(struct kvm *kvm, unsigned int pin) { (void)kvm; (void)pin; }
void irq__msi(struct kvm *kvm, u32 vector) { (void)kvm; (void)vector; }
int irq__edge_fd(struct kvm *kvm, unsigned int pin) { (void)kvm; (void)pin; return -EOPNOTSUPP; }

int irq__alloc_pin(struct kvm *kvm)
{
	(void)kvm;
	return 8;
}

/* ---- libaio, with completions held until released ---- */

static struct iocb *held[QN];
static int nr_held;
static _Atomic int released, reaped;
static int fake_efd = -1;		/* the one disk's completion eventfd */

int disk_aio__init(struct disk_aio *a, unsigned int depth)
{
	memset(a, 0, sizeof(*a));
	a->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	a->depth = depth;
	fake_efd = a->efd;
	return a->efd < 0 ? -errno : 0;
}

void disk_aio__exit(struct disk_aio *a)
{
	if (a->efd >= 0)
		close(a->efd);
	a->efd = -1;
}

void disk_aio__prep(struct disk_aio *a, struct iocb *cb, int fd, bool write,
		    const struct iovec *iov, int iovcnt, u64 off, void *data)
{
	(void)a;
	if (write)
		io_prep_pwritev(cb, fd, iov, iovcnt, (long long)off);
	else
		io_prep_preadv(cb, fd, iov, iovcnt, (long long)off);
	cb->data = data;
}

int disk_aio__submit(struct disk_aio *a, struct iocb **cbs, int n)
{
	(void)a;
	for (int i = 0; i < n && nr_held < QN; i++)
		held[nr_held++] = cbs[i];
	return n;
}

static long iocb_bytes(const struct iocb *cb)
{
	const struct iovec *iov = cb->u.c.buf;
	long sum = 0;

	for (long i = 0; i < (long)cb->u.c.nbytes; i++)
		sum += (long)iov[i].iov_len;
	return sum;
}

/* Without min, only released completions; a waiting reap gets them all. */
int disk_aio__reap(struct disk_aio *a, int min, int max, void (*done)(void *data, long res))
{
	u64 cnt;
	int n = 0;

	if (read(a->efd, &cnt, sizeof(cnt)) < 0 && errno != EAGAIN)
		return -errno;
	if (!min && !atomic_load(&released))
		return 0;
	while (nr_held && n < max) {
		struct iocb *cb = held[--nr_held];

		done(cb->data, iocb_bytes(cb));
		n++;
	}
	atomic_fetch_add(&reaped, n);
	return n;
}

/* ---- vCPUs and the rest of the machine ---- */

/* A backend that creates a VM and accepts its RAM. */
static int fake_open(const char *path, int flags) { (void)path; (void)flags; return 3; }
static int fake_close(int fd) { (void)fd; return 0; }

static int fake_ioctl(int fd, unsigned long req, void *arg)
{
	(void)fd;
	(void)arg;
	switch (req) {
	case KVM_CREATE_VM:
		return 4;
	case KVM_GET_VCPU_MMAP_SIZE:
		return 4096;
	default:	/* CHECK_EXTENSION, SET_USER_MEMORY_REGION */
		return req == KVM_CHECK_EXTENSION ? 8 : 0;
	}
}

static const struct kvm_backend fake_be = {
	.name = "fake", .open = fake_open, .ioctl = fake_ioctl, .close = fake_close,
};

int kvm_cpu__create(struct kvm *kvm, unsigned int id, struct kvm_cpu **out)
{
	*out = calloc(1, sizeof(**out));
	(*out)->kvm = kvm;
	(*out)->id = id;
	return 0;
}

/* Free the vCPU, then let the held completion land and give it time. */
void kvm_cpu__destroy(struct kvm_cpu *vcpu)
{
	u64 one = 1;

	free(vcpu);
	atomic_store(&vcpus_destroyed, 1);
	atomic_store(&released, 1);
	if (fake_efd >= 0 && write(fake_efd, &one, sizeof(one)) < 0)
		fail_msg("cannot release the completion");
	for (int i = 0; i < 200 && !atomic_load(&reaped); i++)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	nanosleep(&(struct timespec){ 0, 20000000 }, NULL);
}

int kvm_cpu__arch_init(struct kvm_cpu *vcpu) { (void)vcpu; return 0; }
const struct kvm_backend *softkvm__backend(void) { return &fake_be; }
bool kvm__arch_host_kvm_usable(char *why, size_t len) { (void)why; (void)len; return false; }
int kvm__arch_host_cpu_id(unsigned int word, u32 *val) { (void)word; *val = 0; return -1; }
int kvm__arch_layout_ram(u64 size, struct kvm_mem_bank *b, int *n)
{
	b[0] = (struct kvm_mem_bank){ 0, size, NULL };
	*n = 1;
	return 0;
}
int kvm__arch_setup_boot(struct kvm *kvm) { (void)kvm; return 0; }
void kvm__arch_boot_exit(struct kvm *kvm) { (void)kvm; }

static const struct dev_desc window = {
	.base = LA_VIRTIO_MMIO_BASE, .size = LA_VIRTIO_MMIO_SIZE, .irq = 8,
};

static int board_window(struct kvm *kvm) { return virtio_mmio__init(kvm, &window, 4); }

static const struct machine_step board[] = {
	{ "virtio-mmio window", board_window, NULL, virtio_mmio__exit },
	{ NULL, NULL, NULL, NULL },
};

const struct machine_step *kvm__arch_board_steps(void) { return board; }
struct virtio_rng *virtio_rng__new(struct kvm *kvm) { (void)kvm; return NULL; }
struct virtio_dev *virtio_rng__vdev(struct virtio_rng *r) { (void)r; return NULL; }
void virtio_rng__free(struct virtio_rng *r) { (void)r; }
struct virtio_console *virtio_console__new(struct kvm *kvm) { (void)kvm; return NULL; }
struct virtio_dev *virtio_console__vdev(struct virtio_console *c) { (void)c; return NULL; }
void virtio_console__free(struct virtio_console *c) { (void)c; }
size_t virtio_console__receive(struct virtio_console *c, const u8 *buf, size_t len)
{
	(void)c; (void)buf;
	return len;
}
void term__set_input_handler(size_t (*fn)(void *, const u8 *, size_t), void *opaque)
{
	(void)fn; (void)opaque;
}

/* A 1 MiB image, and a VM of VF_RAM_SIZE with one vCPU and that disk. */
static void build_vm(char *path)
{
	struct lkvm_config cfg;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 1 << 20), 0);
	close(fd);

	memset(&cfg, 0, sizeof(cfg));
	cfg.accel = ACCEL_SOFT;
	cfg.ram_size = VF_RAM_SIZE;
	cfg.nr_cpus = 1;
	cfg.nr_disks = 1;
	strcpy(cfg.disks[0].path, path);
	assert_int_equal(machine__init(&vf_kvm, &cfg), 0);
}

static void test_completion_during_teardown(void **state)
{
	char path[] = "/tmp/lkvm-teardown.XXXXXX";
	const struct io_region *r;
	u8 *h;

	(void)state;
	build_vm(path);
	r = io_space__find(&vf_kvm.mmio, LA_VIRTIO_MMIO_BASE, 4);
	assert_non_null(r);
	assert_int_equal(vf_driver_init(r->opaque, F_V1, 1, QN), 0xf);

	/* One 64 KiB read: header, data, status. */
	h = vf_hva(VF_DATA);
	put_le32(h, 0);		/* VIRTIO_BLK_T_IN */
	put_le64(h + 8, 0);
	vf_desc(0, 0, VF_DATA, 16, 1, 1);
	vf_desc(0, 1, VF_DATA + 0x1000, 0x10000, 1 | 2, 2);
	vf_desc(0, 2, VF_DATA + 0x20, 1, 2, 0);
	vf_avail(0, QN, 0);
	vf_wr(r->opaque, 0x050, 0);	/* QUEUE_NOTIFY */
	for (int i = 0; i < 2000 && !nr_held; i++)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	assert_int_equal(nr_held, 1);
	machine__exit(&vf_kvm);
	assert_int_equal(atomic_load(&late_irqs), 0);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_completion_during_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
