# SPDX-License-Identifier: GPL-2.0-only
# softkvm answering as Linux 7.2 (--softkvm-kernel 7.2) against the default
# 6.12, as lkvm sees them: sourced by tests/run-e2e.sh. The Debian 7.2
# guest's PV preempt line is checked in debian.sh.

# 6.12's PV mask has no USER_HCALL: lkvm says which kernel it needs.
t_k72_user_hcall_6_12() {
	run k612_uhcall nonzero -- run --accel soft --cpu-features=+user-hcall &&
	one_error k612_uhcall "'user-hcall' needs a Linux 6.14+ host kernel"
}
check softkvm_6_12_refuses_user_hcall t_k72_user_hcall_6_12

t_k72_user_hcall() {
	run k72_uhcall 0 -- run --accel soft --softkvm-kernel 7.2 --cpu-features=+user-hcall &&
	has k72_uhcall "powering off" out && has k72_uhcall "softkvm-kernel 7.2" err
}
check softkvm_7_2_user_hcall t_k72_user_hcall

# pv-preempt: offered by 7.2 (VM_FEAT_PV_PREEMPT), on by default; not by 6.12.
t_k72_features() {
	run k72_feat 0 -- features --accel soft --softkvm-kernel 7.2 &&
	has k72_feat "^pv-preempt  *yes  *on " out &&
	run k612_feat 0 -- features --accel soft &&
	has k612_feat "^pv-preempt  *no  *off " out
}
check softkvm_7_2_features_pv_preempt t_k72_features

t_k72_preempt_off() {
	run k72_nopre 0 -- run --accel soft --softkvm-kernel 7.2 --cpu-features=-pv-preempt &&
	has k72_nopre "powering off" out &&
	run k612_pre nonzero -- run --accel soft --cpu-features=+pv-preempt &&
	one_error k612_pre "'pv-preempt' needs a Linux 7.0+ host kernel"
}
check softkvm_pv_preempt_choice t_k72_preempt_off

# --irqchip: kernel needs the 6.13+ devices, so 6.12 mode refuses it in one
# line; auto takes the kernel's where all three exist.
t_irqchip_kernel_6_12() {
	run kirq612 nonzero -- run --accel soft --irqchip kernel &&
	one_error kirq612 "softkvm answers as Linux 6.12, which has no in-kernel LoongArch IPI" &&
	run kirqbad nonzero -- run --accel soft --irqchip maybe &&
	one_error kirqbad "'maybe': use auto, kernel or user"
}
check irqchip_kernel_refused_by_6_12 t_irqchip_kernel_6_12

t_irqchip_auto() {
	run kirqauto72 0 -- run --accel soft --softkvm-kernel 7.2 --loglevel debug &&
	has kirqauto72 "interrupt controllers: in-kernel" err && has kirqauto72 "powering off" out &&
	run kirqauto612 0 -- run --accel soft --loglevel debug &&
	has kirqauto612 "interrupt controllers: lkvm's" err &&
	run kirquser72 0 -- run --accel soft --softkvm-kernel 7.2 --irqchip user --loglevel debug &&
	has kirquser72 "interrupt controllers: lkvm's" err && has kirquser72 "powering off" out &&
	run kirqfeat72 0 -- features --accel soft --softkvm-kernel 7.2 &&
	has kirqfeat72 "^Interrupt controllers: the kernel's IPI, EIOINTC and PCH-PIC" out &&
	run kirqfeat612 0 -- features --accel soft &&
	has kirqfeat612 "^Interrupt controllers: lkvm's (the kernel has no in-kernel IPI" out
}
check irqchip_auto_follows_the_kernel t_irqchip_auto
