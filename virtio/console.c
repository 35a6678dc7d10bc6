/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio-console (virtio 1.x, 5.3) with a single port and no optional
 * features: the guest's hvc0. Queue 0 carries host input to the guest,
 * queue 1 guest output to the host terminal. Input arrives on the
 * terminal thread; what finds no guest buffer stays with the terminal,
 * which offers it again later.
 *
 * Without MULTIPORT the guest cannot say when it listens, and Linux drops
 * input that lands between posting its receive buffers and registering
 * hvc0. So input waits until the guest has written to the port once (a
 * prompt, a kernel message, or any output).
 */
#include <stdlib.h>
#include "lkvm/kvm.h"
#include "lkvm/term.h"
#include "lkvm/virtio.h"
#include "lkvm/virtio-devices.h"

#define CONSOLE_QUEUE_SIZE	128
#define CONSOLE_MAX_IOV		64
#define CONSOLE_CFG_SIZE	12	/* cols, rows, max_nr_ports, emerg_wr */
#define CONSOLE_RX		0
#define CONSOLE_TX		1

struct virtio_console {
	struct virtio_dev vdev;
	u8 config[CONSOLE_CFG_SIZE];
	bool guest_spoke;		/* the guest has transmitted: it listens */
	virtio_console_out_fn out;
	void *out_opaque;
	struct iovec iov[CONSOLE_MAX_IOV];
};

static void console__term_out(void *opaque, const u8 *buf, size_t len)
{
	(void)opaque;
	term__write(buf, len);
}

struct console_drain {
	struct virtio_console *c;
	struct virt_queue *vq;
	bool pushed;
};

static bool console__prepare(void *opaque, struct virtq_chain *ch)
{
	struct console_drain *d = opaque;

	ch->iov = d->c->iov;
	ch->max_iov = CONSOLE_MAX_IOV;
	return true;
}

static void console__handle(void *opaque, struct virtq_chain *ch)
{
	struct console_drain *d = opaque;
	struct virtio_console *c = d->c;

	for (unsigned int i = 0; i < ch->nr_ro; i++)
		c->out(c->out_opaque, c->iov[i].iov_base, c->iov[i].iov_len);
	virtq__push(d->vq, ch->head, 0);
	d->pushed = true;
	c->guest_spoke = true;
}

static const struct virtq_drain console_drain_ops = {
	.prepare = console__prepare, .handle = console__handle,
};

static void console__notify(struct virtio_dev *vdev, unsigned int q)
{
	struct console_drain d = { vdev->priv, &vdev->vqs[q], false };

	if (q != CONSOLE_TX)
		return;	/* new receive buffers: the terminal retries on its own */
	virtq__drain(vdev, d.vq, console_drain_ops, &d);
	if (d.pushed)
		virtio__signal_vq(vdev, d.vq);
}

size_t virtio_console__receive(struct virtio_console *c, const u8 *buf, size_t len)
{
	struct virtio_dev *vdev = &c->vdev;
	struct virt_queue *vq = &vdev->vqs[CONSOLE_RX];
	size_t done = 0;
	bool pushed = false;

	pthread_mutex_lock(&vdev->lock);
	while (done < len && vdev->started && vq->ready && c->guest_spoke) {
		struct virtq_chain ch = { .iov = c->iov, .max_iov = CONSOLE_MAX_IOV };
		size_t n;
		int ret = virtq__pop(vq, &ch);

		if (ret < 0)
			virtio__set_needs_reset(vdev);
		if (ret <= 0)
			break;
		n = iov__from_buf(c->iov + ch.nr_ro, ch.nr_wo, 0, buf + done, len - done);
		virtq__push(vq, ch.head, (u32)n);
		pushed = true;
		done += n;
		if (!n)
			break;	/* a chain with no room: do not spin on it */
	}
	if (pushed)
		virtio__signal_vq(vdev, vq);
	pthread_mutex_unlock(&vdev->lock);
	return done;
}

static void console__stop(struct virtio_dev *vdev)
{
	struct virtio_console *c = vdev->priv;

	c->guest_spoke = false;
}

static const struct virtio_dev_ops console_ops = {
	.name = "virtio-console",
	.device_id = VIRTIO_ID_CONSOLE,
	.nr_queues = 2,
	.queue_max = CONSOLE_QUEUE_SIZE,
	.config_size = CONSOLE_CFG_SIZE,
	.notify = console__notify,
	.stop = console__stop,
};

struct virtio_console *virtio_console__new(struct kvm *kvm)
{
	struct virtio_console *c = calloc(1, sizeof(*c));

	if (!c) {
		pr_err("out of memory creating virtio-console");
		return NULL;
	}
	c->out = console__term_out;
	virtio__dev_init(&c->vdev, kvm, &console_ops, c, c->config);
	return c;
}

struct virtio_dev *virtio_console__vdev(struct virtio_console *c)
{
	return &c->vdev;
}

void virtio_console__set_output(struct virtio_console *c, virtio_console_out_fn fn,
				void *opaque)
{
	pthread_mutex_lock(&c->vdev.lock);
	c->out = fn ? fn : console__term_out;
	c->out_opaque = opaque;
	pthread_mutex_unlock(&c->vdev.lock);
}

void virtio_console__free(struct virtio_console *c)
{
	if (!c)
		return;
	virtio__dev_destroy(&c->vdev);
	free(c);
}
