# SPDX-License-Identifier: GPL-2.0-only
# Choosing the accelerator, sourced by tests/run-e2e.sh: a KVM node that
# opens but cannot run LoongArch guests (the host's own /dev/kvm on a
# non-LoongArch machine, or any openable file given as --dev) is never used
# by auto, and refused with one line by --accel kvm.
host_arch=$(uname -m)

t_auto_plain() {
	run acc_plain 0 -- run &&
	has acc_plain "CPU" out && has acc_plain "accelerator: softkvm" err &&
	[ "$(grep -c 'accelerator:' "$TMP/acc_plain.err")" -eq 1 ]
}

t_auto_dev_null() {
	run acc_devnull 0 -- run --dev /dev/null &&
	has acc_devnull "CPU" out && has acc_devnull "accelerator: softkvm" err
}
check accel_auto_dev_openable_non_kvm t_auto_dev_null

t_kvm_dev_null() {
	run acc_kvm_null nonzero -- run --accel kvm --dev /dev/null &&
	one_error acc_kvm_null "--accel soft"
}
check accel_kvm_dev_openable_non_kvm_refused t_kvm_dev_null

t_features_plain() {
	run acc_feat 0 -- features &&
	has acc_feat "softkvm backend" out && has acc_feat "pv-ipi" out
}

t_features_dev() {
	run acc_feat_dev 0 -- features --dev /dev/null &&
	has acc_feat_dev "softkvm backend" out
}
check accel_features_dev_openable t_features_dev

t_features_soft() {
	run acc_feat_soft 0 -- features --accel soft --dev "$TMP/none" &&
	has acc_feat_soft "softkvm backend" out
}
check accel_features_soft t_features_soft

t_cpu_features_help_dev() {
	run acc_cfh 0 -- run --dev /dev/null --cpu-features=help &&
	has acc_cfh "pv-steal-time" out
}
check accel_cpu_features_help_dev t_cpu_features_help_dev

if [ "$host_arch" = loongarch64 ]; then
	echo "skip accel_foreign_*: this host is LoongArch, its KVM can run the guests"
else
	t_foreign_reason() {
		has acc_plain "$host_arch" err
	}
	t_foreign_auto() { t_auto_plain && t_foreign_reason; }
	check accel_foreign_host_auto_is_softkvm t_foreign_auto

	t_foreign_kvm() {
		run acc_foreign_kvm nonzero -- run --accel kvm &&
		one_error acc_foreign_kvm "$host_arch" && has acc_foreign_kvm "--accel soft" err
	}
	check accel_foreign_host_kvm_refused t_foreign_kvm

	t_foreign_feat_kvm() {
		run acc_foreign_fk nonzero -- features --accel kvm &&
		one_error acc_foreign_fk "--accel soft"
	}
	check accel_foreign_host_features_kvm_refused t_foreign_feat_kvm

	check accel_foreign_host_features t_features_plain
	if [ -e /dev/kvm ]; then
		# This machine's own KVM node exists: the case issue 9 was about.
		t_real_node() {
			run acc_real 0 -- run --dev /dev/kvm &&
			has acc_real "CPU" out && has acc_real "$host_arch" err
		}
		check accel_foreign_host_real_kvm_node_unused t_real_node
	else
		echo "skip accel_foreign_host_real_kvm_node_unused: no /dev/kvm on this $host_arch host"
	fi
fi
