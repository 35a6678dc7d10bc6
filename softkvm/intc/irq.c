// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interrupt delivery into the in-kernel irqchips (Linux 7.2
 * virt/kvm/{irqchip,eventfd}.c, arch/loongarch/kvm/{irqfd,vm}.c): the GSI
 * routing table (at most one route per GSI: one irqchip of 64 pins, or an
 * MSI), KVM_IRQ_LINE(_STATUS), KVM_SIGNAL_MSI, KVM_SET_GSI_ROUTING and
 * KVM_IRQFD. irqfds are served by one thread per VM that epolls them
 * (the kernel's eventfd wake-up), started at the first assign.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include "intc.h"

/* Replace the table; called with route_lock held for writing. */
static void sk_routes_set(struct sk_intc *ic, struct sk_route *r, uint32_t nr)
{
	free(ic->routes);
	ic->routes = r;
	ic->nr_routes = nr;
}

/* kvm_setup_default_irq_routing: GSI i -> PCH-PIC pin i, i < 64. */
int sk_intc_default_routes(struct sk_intc *ic)
{
	struct sk_route *r = calloc(SK_IRQCHIP_PINS, sizeof(*r));

	if (!r)
		return -ENOMEM;
	for (uint32_t i = 0; i < SK_IRQCHIP_PINS; i++) {
		r[i].type = SK_ROUTE_IRQCHIP;
		r[i].pin = i;
	}
	pthread_rwlock_wrlock(&ic->route_lock);
	sk_routes_set(ic, r, SK_IRQCHIP_PINS);
	pthread_rwlock_unlock(&ic->route_lock);
	return 0;
}

/* pch_msi_set_irq: the MSI data is the EIOINTC vector (no AVEC here). */
static int sk_msi(struct sk_vm *vm, uint32_t data)
{
	struct sk_eiointc *eio = atomic_load(&vm->intc->eiointc);

	if (data >= SK_EIOINTC_IRQS || !eio)
		return -EINVAL;
	sk_eiointc_set_irq(eio, vm, (int)data, 1);
	return 0;
}

/* irqchip.c kvm_set_irq: -1 if nothing took it, else 0 (never "delivered to n"). */
static int sk_set_irq_locked(struct sk_vm *vm, uint32_t gsi, int level)
{
	struct sk_intc *ic = vm->intc;
	struct sk_pch_pic *pic = atomic_load(&ic->pch_pic);
	struct sk_route r;

	if (gsi >= ic->nr_routes || ic->routes[gsi].type == SK_ROUTE_NONE)
		return -1;
	r = ic->routes[gsi];
	if (r.type == SK_ROUTE_IRQCHIP) {
		if (!pic)
			return -1;
		sk_pch_pic_set_irq(pic, vm, (int)r.pin, level);
		return 0;
	}
	/* kvm_set_msi: level 0 is ignored (-1). */
	if (!level)
		return -1;
	return sk_msi(vm, r.msi_data) < 0 ? -1 : 0;
}

int sk_intc_set_irq(struct sk_vm *vm, uint32_t gsi, int level)
{
	int r;

	pthread_rwlock_rdlock(&vm->intc->route_lock);
	r = sk_set_irq_locked(vm, gsi, level);
	pthread_rwlock_unlock(&vm->intc->route_lock);
	return r;
}

/*
 * irqfd_wakeup: a GSI with exactly one route (with one irqchip, every
 * routed GSI) goes through kvm_arch_set_irq_inatomic, which asserts it
 * (level 1) and never deasserts. An unrouted one would go to
 * irqfd_inject (1 then 0), which finds no route either.
 */
static void sk_irqfd_inject(struct sk_vm *vm, uint32_t gsi)
{
	struct sk_intc *ic = vm->intc;

	pthread_rwlock_rdlock(&ic->route_lock);
	sk_set_irq_locked(vm, gsi, 1);
	pthread_rwlock_unlock(&ic->route_lock);
	atomic_fetch_add_explicit(&vm->exits[SK_EXITS_IRQFD], 1, memory_order_relaxed);
}

/* kvm_main.c KVM_SET_GSI_ROUTING + irqchip.c kvm_set_irq_routing */
static int sk_set_gsi_routing(struct sk_vm *vm, const struct kvm_irq_routing *u)
{
	struct sk_intc *ic;
	struct sk_route *t;
	uint32_t i, nr = 0;

	if (u->nr > SK_MAX_IRQ_ROUTES || u->flags)
		return -EINVAL;
	for (i = 0; i < u->nr; i++) {
		if (u->entries[i].gsi >= SK_MAX_IRQ_ROUTES)
			return -EINVAL;
		if (u->entries[i].gsi + 1 > nr)
			nr = u->entries[i].gsi + 1;
	}
	if (!nr)
		nr = 1;
	t = calloc(nr, sizeof(*t));
	if (!t)
		return -ENOMEM;
	for (i = 0; i < u->nr; i++) {
		const struct kvm_irq_routing_entry *e = &u->entries[i];
		struct sk_route *r = &t[e->gsi];

		if (e->type == KVM_IRQ_ROUTING_MSI ? (e->flags & ~KVM_MSI_VALID_DEVID) : e->flags)
			goto inval;
		/* setup_routing_entry: one irqchip, so one route per GSI. */
		if (r->type != SK_ROUTE_NONE)
			goto inval;
		if (e->type == KVM_IRQ_ROUTING_IRQCHIP) {
			if (e->u.irqchip.pin >= SK_IRQCHIP_PINS || e->u.irqchip.irqchip >= 1)
				goto inval;
			r->type = SK_ROUTE_IRQCHIP;
			r->pin = e->u.irqchip.pin;
		} else if (e->type == KVM_IRQ_ROUTING_MSI) {
			r->type = SK_ROUTE_MSI;
			r->msi_addr = ((uint64_t)e->u.msi.address_hi << 32) | e->u.msi.address_lo;
			r->msi_data = e->u.msi.data;
		} else {
			goto inval;
		}
	}
	pthread_mutex_lock(&vm->lock);
	ic = sk_intc_get(vm);
	pthread_mutex_unlock(&vm->lock);
	if (!ic) {
		free(t);
		return -ENOMEM;
	}
	pthread_rwlock_wrlock(&ic->route_lock);
	sk_routes_set(ic, t, nr);
	pthread_rwlock_unlock(&ic->route_lock);
	return 0;
inval:
	free(t);
	return -EINVAL;
}

/* ---- irqfd ---- */

static void *sk_irqfd_thread(void *arg)
{
	struct sk_vm *vm = arg;
	struct sk_intc *ic = vm->intc;
	struct epoll_event ev[16];
	sigset_t all;
	uint64_t cnt;

	/* The kernel's work item takes no signals: lkvm's go elsewhere. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	/* lkvm confines the thread (its "softkvm irqfd" seccomp kind). */
	if (sk_thread_start("softkvm irqfd"))
		return NULL;
	while (!atomic_load(&ic->stop)) {
		int n = epoll_wait(ic->epfd, ev, 16, -1);

		for (int i = 0; i < n && !atomic_load(&ic->stop); i++) {
			uint32_t idx = (uint32_t)ev[i].data.u64, gen = (uint32_t)(ev[i].data.u64 >> 32);
			struct sk_irqfd *f;

			if (idx >= SK_MAX_IRQFDS)
				continue;	/* the stop eventfd */
			/* Under the list lock: a deassign that returned sees no more. */
			pthread_mutex_lock(&ic->lock);
			f = &ic->irqfd[idx];
			if (f->fd >= 0 && f->gen == gen && read(f->fd, &cnt, sizeof(cnt)) > 0)
				sk_irqfd_inject(vm, f->gsi);
			pthread_mutex_unlock(&ic->lock);
		}
	}
	return NULL;
}

/* The same eventfd: eventfd.c compares contexts, softkvm open files. */
static bool sk_irqfd_same(const struct sk_irqfd *f, int fd)
{
	return sk_fd_same_file(f->fd, f->user_fd, fd);
}

/* Called with ic->lock held. */
static int sk_irqfd_start(struct sk_vm *vm, struct sk_intc *ic)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = SK_MAX_IRQFDS };

	if (ic->thread_up)
		return 0;
	if (ic->epfd < 0 || ic->stop_fd < 0)
		return -ENOMEM;
	if (epoll_ctl(ic->epfd, EPOLL_CTL_ADD, ic->stop_fd, &ev))
		return -errno;
	ic->vm = vm;
	if (pthread_create(&ic->thread, NULL, sk_irqfd_thread, vm)) {
		epoll_ctl(ic->epfd, EPOLL_CTL_DEL, ic->stop_fd, NULL);
		return -ENOMEM;
	}
	ic->thread_up = true;
	return 0;
}

/* eventfd.c kvm_irqfd_assign */
static int sk_irqfd_assign(struct sk_vm *vm, struct sk_intc *ic, const struct kvm_irqfd *a)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct sk_irqfd *f = NULL;
	int i, r;

	if (fcntl((int)a->fd, F_GETFD) < 0)
		return -EBADF;
	if ((a->flags & KVM_IRQFD_FLAG_RESAMPLE) && fcntl((int)a->resamplefd, F_GETFD) < 0)
		return -EBADF;
	for (i = 0; i < SK_MAX_IRQFDS; i++) {
		if (ic->irqfd[i].fd < 0) {
			if (!f)
				f = &ic->irqfd[i];
		} else if (sk_irqfd_same(&ic->irqfd[i], (int)a->fd)) {
			/* add_wait_queue_priority_exclusive: one irqfd per eventfd. */
			return -EBUSY;
		}
	}
	if (!f)
		return -ENOMEM;		/* softkvm keeps SK_MAX_IRQFDS */
	r = sk_irqfd_start(vm, ic);
	if (r)
		return r;
	f->fd = fcntl((int)a->fd, F_DUPFD_CLOEXEC, 0);
	if (f->fd < 0)
		return -EBADF;
	f->user_fd = (int)a->fd;
	f->gsi = a->gsi;
	f->gen++;
	ev.data.u64 = (uint64_t)f->gen << 32 | (uint64_t)(f - ic->irqfd);
	if (epoll_ctl(ic->epfd, EPOLL_CTL_ADD, f->fd, &ev)) {
		r = -errno;
		close(f->fd);
		f->fd = -1;
		return r;
	}
	return 0;
}

/* eventfd.c kvm_irqfd_deassign: every irqfd of that eventfd and GSI. */
static int sk_irqfd_deassign(struct sk_intc *ic, const struct kvm_irqfd *a)
{
	if (fcntl((int)a->fd, F_GETFD) < 0)
		return -EBADF;
	for (int i = 0; ic && i < SK_MAX_IRQFDS; i++) {
		struct sk_irqfd *f = &ic->irqfd[i];

		if (f->fd < 0 || f->gsi != a->gsi || !sk_irqfd_same(f, (int)a->fd))
			continue;
		epoll_ctl(ic->epfd, EPOLL_CTL_DEL, f->fd, NULL);
		close(f->fd);
		f->fd = -1;
	}
	return 0;
}

static int sk_irqfd(struct sk_vm *vm, const struct kvm_irqfd *a)
{
	struct sk_intc *ic = atomic_load(&vm->intc);
	int r;

	if (a->flags & ~(KVM_IRQFD_FLAG_DEASSIGN | KVM_IRQFD_FLAG_RESAMPLE))
		return -EINVAL;
	if (a->flags & KVM_IRQFD_FLAG_DEASSIGN) {
		if (!ic)
			return fcntl((int)a->fd, F_GETFD) < 0 ? -EBADF : 0;
		pthread_mutex_lock(&ic->lock);
		r = sk_irqfd_deassign(ic, a);
		pthread_mutex_unlock(&ic->lock);
		return r;
	}
	/* kvm_arch_intc_initialized: all three devices. */
	if (!sk_intc_in_kernel(vm))
		return -EAGAIN;
	pthread_mutex_lock(&ic->lock);
	r = sk_irqfd_assign(vm, ic, a);
	pthread_mutex_unlock(&ic->lock);
	return r;
}

/* VM teardown (kvm_irqfd_release): stop the thread, drop every irqfd. */
void sk_intc_irqfd_stop(struct sk_intc *ic)
{
	uint64_t one = 1;

	if (ic->thread_up) {
		atomic_store(&ic->stop, true);
		(void)!write(ic->stop_fd, &one, sizeof(one));
		pthread_join(ic->thread, NULL);
		ic->thread_up = false;
	}
	for (int i = 0; i < SK_MAX_IRQFDS; i++)
		if (ic->irqfd[i].fd >= 0)
			close(ic->irqfd[i].fd);
	if (ic->epfd >= 0)
		close(ic->epfd);
	if (ic->stop_fd >= 0)
		close(ic->stop_fd);
}

/* epoll and stop fds, made with the interrupt state (VMM set-up time). */
void sk_intc_irqfd_init(struct sk_intc *ic)
{
	ic->epfd = epoll_create1(EPOLL_CLOEXEC);
	ic->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

/* 7.2's interrupt ioctls (kvm=7.2 only; the caller checks). */
long sk_intc_irq_ioctl(struct sk_vm *vm, unsigned int req, void *arg)
{
	struct kvm_irq_routing routing;
	struct kvm_irq_level lvl;
	struct kvm_irqfd irqfd;
	struct kvm_msi msi;
	int st;

	if (!arg)
		return -EFAULT;
	switch (req) {
	case KVM_IRQ_LINE:
	case KVM_IRQ_LINE_STATUS:
		memcpy(&lvl, arg, sizeof(lvl));
		/* vm.c kvm_vm_ioctl_irq_line */
		if (!sk_intc_in_kernel(vm))
			return -ENXIO;
		st = sk_intc_set_irq(vm, lvl.irq, lvl.level ? 1 : 0);
		if (req == KVM_IRQ_LINE_STATUS) {
			lvl.status = st;
			memcpy(arg, &lvl, sizeof(lvl));
		}
		return 0;
	case KVM_SIGNAL_MSI:
		/* irqchip.c kvm_send_userspace_msi */
		memcpy(&msi, arg, sizeof(msi));
		if (!sk_intc_in_kernel(vm) || (msi.flags & ~KVM_MSI_VALID_DEVID))
			return -EINVAL;
		return sk_msi(vm, msi.data);
	case KVM_SET_GSI_ROUTING:
		memcpy(&routing, arg, sizeof(routing));
		if (routing.nr > SK_MAX_IRQ_ROUTES || routing.flags)
			return -EINVAL;
		return sk_set_gsi_routing(vm, arg);
	default:
		memcpy(&irqfd, arg, sizeof(irqfd));
		return sk_irqfd(vm, &irqfd);
	}
}
