/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_CONFIG_H
#define LKVM_CONFIG_H

#include "lkvm/util.h"
#include "arch/config.h"

enum lkvm_console { CONSOLE_SERIAL, CONSOLE_VIRTIO };
enum lkvm_accel { ACCEL_AUTO, ACCEL_KVM, ACCEL_SOFT };
enum lkvm_reboot { REBOOT_EXIT, REBOOT_RESTART };
/* --seccomp: ON is the default (zero), so a zeroed config is confined. */
enum lkvm_seccomp { SECCOMP_ON = 0, SECCOMP_LOG, SECCOMP_OFF };
/* auto: ELF, EFI image or gzip of either; raw: a headerless image at 0x200000. */
enum lkvm_kernel_format { KERNEL_FORMAT_AUTO, KERNEL_FORMAT_RAW };
/*
 * --irqchip: who emulates the interrupt controllers. auto: the kernel where
 * it offers every one the board needs, else lkvm.
 */
enum lkvm_irqchip { IRQCHIP_AUTO, IRQCHIP_KERNEL, IRQCHIP_USER };

#define LKVM_DEFAULT_RAM	(256ULL << 20)
#define LKVM_DEFAULT_CPUS	1
#define LKVM_MAX_CPUS		256	/* vCPUs lkvm can run; KVM may allow fewer */
#define LKVM_DEFAULT_DEV	"/dev/kvm"

#define LKVM_MAX_DISKS		8
#define LKVM_DISK_PATH_MAX	4096
#define LKVM_DISK_SERIAL_MAX	20	/* virtio-blk GET_ID size */

/* One -d/--disk path[,ro][,direct][,serial=ID]. */
struct lkvm_disk_cfg {
	char path[LKVM_DISK_PATH_MAX];
	char serial[LKVM_DISK_SERIAL_MAX + 1];	/* "": a default */
	bool ro;
	bool direct;
};

#define LKVM_MAX_NICS		4
#define LKVM_NET_MAX_FWD	8
#define LKVM_TAPIF_MAX		16	/* IFNAMSIZ */

enum lkvm_net_mode { NET_MODE_USER, NET_MODE_TAP, NET_MODE_NONE };

/* One hostfwd=tcp|udp:[HOSTADDR]:HOSTPORT-:GUESTPORT rule. */
struct lkvm_net_fwd {
	bool udp;
	u32 host_addr;			/* network byte order */
	u16 host_port, guest_port;
};

/* One -n/--network mode=...[,guest_mac=][,tapif=][,vhost=][,hostfwd=]... */
struct lkvm_net_cfg {
	enum lkvm_net_mode mode;
	u8 mac[6];
	bool vhost;
	bool restrict_guest;		/* restrict=on: only hostfwd reaches the guest */
	char tapif[LKVM_TAPIF_MAX];
	struct lkvm_net_fwd fwd[LKVM_NET_MAX_FWD];
	unsigned int nr_fwd;
};

#define LKVM_MAX_SHARES		8
#define LKVM_9P_TAG_MAX		31
#define LKVM_ROOT_TAG		"/dev/root"	/* the tag root=/dev/root mounts */
#define LKVM_ROOT_PARAMS_MAX	512

/* One --9p DIR,TAG[,ro]. */
struct lkvm_9p_cfg {
	char dir[LKVM_DISK_PATH_MAX];
	char tag[LKVM_9P_TAG_MAX + 1];
	bool ro;
	bool root;		/* from -d DIR: the guest's root file system */
};

/* Everything "lkvm run" was asked for, after option parsing. */
struct lkvm_config {
	const char *kernel;		/* NULL: built-in default guest */
	const char *initrd;
	const char *params;		/* kernel command line */
	const char *name;
	const char *dump_dtb;
	const char *dev;
	const char *cpu_features;	/* raw --cpu-features list */
	const char *softkvm_kernel;	/* --softkvm-kernel: NULL, softkvm's default */
	u64 ram_size;
	unsigned int nr_cpus;
	enum lkvm_console console;
	enum lkvm_accel accel;
	enum lkvm_reboot reboot;
	enum lkvm_seccomp seccomp;	/* system call allowlists per thread */
	enum lkvm_kernel_format kernel_format;
	enum lkvm_irqchip irqchip;
	bool debug_mmio;
	struct lkvm_arch_config arch;	/* the arch's own options */
	struct lkvm_disk_cfg disks[LKVM_MAX_DISKS];
	unsigned int nr_disks;
	bool rng;			/* --rng: a virtio-rng device */
	struct lkvm_net_cfg nets[LKVM_MAX_NICS];	/* mode=none ones are not kept */
	unsigned int nr_nets;
	bool net_given;			/* some -n was given (even mode=none) */
	bool balloon;			/* --balloon: a virtio-balloon device */
	struct lkvm_9p_cfg shares[LKVM_MAX_SHARES];
	unsigned int nr_shares;
	char root_params[LKVM_ROOT_PARAMS_MAX];	/* -d DIR: root= etc. + params */
};

#endif
