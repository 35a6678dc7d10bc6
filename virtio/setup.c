/* SPDX-License-Identifier: GPL-2.0-only */
/* The virtio devices of a VM, created from its configuration. */
#include <stdlib.h>
#include "lkvm/kvm.h"
#include "lkvm/term.h"
#include "lkvm/virtio-blk.h"
#include "lkvm/virtio-devices.h"
#include "lkvm/virtio-mmio.h"

static struct virtio_blk *blks[LKVM_MAX_DISKS];
static unsigned int nr_blks;
static struct virtio_rng *rng;
static struct virtio_console *con;

static size_t virtio__console_in(void *opaque, const u8 *buf, size_t len)
{
	return virtio_console__receive(opaque, buf, len);
}

int virtio__devices_init(struct kvm *kvm)
{
	const struct lkvm_config *cfg = &kvm->cfg;

	for (unsigned int i = 0; i < cfg->nr_disks; i++) {
		const struct lkvm_disk_cfg *d = &cfg->disks[i];
		struct virtio_blk_opts o = {
			.path = d->path,
			.ro = d->ro,
			.direct = d->direct,
			.serial = d->serial[0] ? d->serial : NULL,
		};

		if (virtio_blk__new(kvm, &o, i, &blks[nr_blks]))
			return -1;
		nr_blks++;
		if (virtio_mmio__register(kvm, virtio_blk__vdev(blks[nr_blks - 1])))
			return -1;
	}
	if (cfg->rng) {
		rng = virtio_rng__new(kvm);
		if (!rng || virtio_mmio__register(kvm, virtio_rng__vdev(rng)))
			return -1;
	}
	if (cfg->console == CONSOLE_VIRTIO) {
		con = virtio_console__new(kvm);
		if (!con || virtio_mmio__register(kvm, virtio_console__vdev(con)))
			return -1;
		term__set_input_handler(virtio__console_in, con);
	}
	return 0;
}

void virtio__devices_stop(struct kvm *kvm)
{
	(void)kvm;
	for (unsigned int i = 0; i < nr_blks; i++)
		virtio__dev_stop(virtio_blk__vdev(blks[i]));
}

void virtio__devices_exit(struct kvm *kvm)
{
	if (con) {
		term__set_input_handler(NULL, NULL);
		virtio_console__free(con);
		con = NULL;
	}
	virtio_rng__free(rng);
	rng = NULL;
	for (unsigned int i = 0; i < nr_blks; i++)
		virtio_blk__free(blks[i]);
	nr_blks = 0;
	virtio_mmio__exit(kvm);
}
