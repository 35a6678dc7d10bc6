/* SPDX-License-Identifier: GPL-2.0-only */
/* The virtio devices of a VM, created from its configuration. */
#include <errno.h>
#include <stdlib.h>
#include "lkvm/kvm.h"
#include "lkvm/net.h"
#include "lkvm/term.h"
#include "lkvm/virtio-balloon.h"
#include "lkvm/virtio-9p.h"
#include "lkvm/virtio-blk.h"
#include "lkvm/virtio-devices.h"
#include "lkvm/virtio-mmio.h"
#include "lkvm/virtio-net.h"

/* A VM's virtio devices, hung off struct kvm. */
struct virtio_devices {
	struct virtio_blk *blks[LKVM_MAX_DISKS];
	unsigned int nr_blks;
	struct virtio_rng *rng;
	struct virtio_console *con;
	struct virtio_net *nets[LKVM_MAX_NICS];
	unsigned int nr_nets;
	struct virtio_balloon *balloon;
	struct virtio_9p *shares[LKVM_MAX_SHARES];
	unsigned int nr_shares;
};

#define BALLOON_STATS_MS	2000

static size_t virtio__console_in(void *opaque, const u8 *buf, size_t len)
{
	return virtio_console__receive(opaque, buf, len);
}

int virtio__devices_init(struct kvm *kvm)
{
	const struct lkvm_config *cfg = &kvm->cfg;
	struct virtio_devices *v = calloc(1, sizeof(*v));

	if (!v) {
		pr_err("out of memory creating the virtio devices");
		return -1;
	}
	kvm->virtio_devs = v;

	for (unsigned int i = 0; i < cfg->nr_disks; i++) {
		const struct lkvm_disk_cfg *d = &cfg->disks[i];
		struct virtio_blk_opts o = {
			.path = d->path,
			.ro = d->ro,
			.direct = d->direct,
			.serial = d->serial[0] ? d->serial : NULL,
		};

		if (virtio_blk__new(kvm, &o, i, &v->blks[v->nr_blks]))
			return -1;
		v->nr_blks++;
		if (virtio_mmio__register(kvm, virtio_blk__vdev(v->blks[v->nr_blks - 1])))
			return -1;
	}
	for (unsigned int i = 0; i < cfg->nr_shares; i++) {
		const struct lkvm_9p_cfg *s = &cfg->shares[i];

		if (virtio_9p__new(kvm, s->dir, s->tag, s->ro, &v->shares[v->nr_shares]))
			return -1;
		v->nr_shares++;
		if (virtio_mmio__register(kvm, virtio_9p__vdev(v->shares[v->nr_shares - 1])))
			return -1;
	}
	if (cfg->rng) {
		v->rng = virtio_rng__new(kvm);
		if (!v->rng || virtio_mmio__register(kvm, virtio_rng__vdev(v->rng)))
			return -1;
	}
	if (cfg->balloon) {
		v->balloon = virtio_balloon__new(kvm);
		if (!v->balloon || virtio_mmio__register(kvm, virtio_balloon__vdev(v->balloon)))
			return -1;
	}
	if (cfg->console == CONSOLE_VIRTIO) {
		v->con = virtio_console__new(kvm);
		if (!v->con || virtio_mmio__register(kvm, virtio_console__vdev(v->con)))
			return -1;
		term__set_input_handler(virtio__console_in, v->con);
	}
	for (unsigned int i = 0; i < cfg->nr_nets; i++) {
		const struct lkvm_net_cfg *nc = &cfg->nets[i];
		struct net_backend *be = nc->mode == NET_MODE_TAP ? net_tap__new(nc)
								  : net_slirp__new(nc);

		v->nets[i] = be ? virtio_net__new(kvm, nc, be) : NULL;
		if (!v->nets[i])
			return -1;
		v->nr_nets++;
		if (virtio_mmio__register(kvm, virtio_net__vdev(v->nets[i])))
			return -1;
	}
	return 0;
}

void virtio__devices_stop(struct kvm *kvm)
{
	struct virtio_devices *v = kvm->virtio_devs;

	for (unsigned int i = 0; v && i < v->nr_blks; i++)
		virtio__dev_stop(virtio_blk__vdev(v->blks[i]));
	for (unsigned int i = 0; v && i < v->nr_nets; i++)
		virtio_net__stop(v->nets[i]);
	for (unsigned int i = 0; v && i < v->nr_shares; i++)
		virtio__dev_stop(virtio_9p__vdev(v->shares[i]));
}

void virtio__devices_exit(struct kvm *kvm)
{
	struct virtio_devices *v = kvm->virtio_devs;

	if (v) {
		if (v->con) {
			term__set_input_handler(NULL, NULL);
			virtio_console__free(v->con);
		}
		for (unsigned int i = 0; i < v->nr_nets; i++)
			virtio_net__free(v->nets[i]);
		virtio_balloon__free(v->balloon);
		virtio_rng__free(v->rng);
		for (unsigned int i = 0; i < v->nr_shares; i++)
			virtio_9p__free(v->shares[i]);
		for (unsigned int i = 0; i < v->nr_blks; i++)
			virtio_blk__free(v->blks[i]);
		free(v);
		kvm->virtio_devs = NULL;
	}
}

void virtio__devices_pause(struct kvm *kvm)
{
	struct virtio_devices *v = kvm->virtio_devs;

	/* rng, console and balloon work on the vCPUs, which are held. */
	for (unsigned int i = 0; v && i < v->nr_blks; i++)
		virtio__dev_pause(virtio_blk__vdev(v->blks[i]));
}

void virtio__devices_resume(struct kvm *kvm)
{
	struct virtio_devices *v = kvm->virtio_devs;

	for (unsigned int i = 0; v && i < v->nr_blks; i++)
		virtio__dev_resume(virtio_blk__vdev(v->blks[i]));
}

int virtio__devices_balloon(struct kvm *kvm, s64 delta_mib, u64 *mib)
{
	struct virtio_devices *v = kvm->virtio_devs;

	if (!v || !v->balloon)
		return -ENODEV;
	return virtio_balloon__adjust(v->balloon, delta_mib, mib);
}

int virtio__devices_balloon_stats(struct kvm *kvm, struct ctl_buf *out)
{
	struct virtio_devices *v = kvm->virtio_devs;

	if (!v || !v->balloon)
		return -ENODEV;
	return virtio_balloon__stats(v->balloon, out, BALLOON_STATS_MS);
}
