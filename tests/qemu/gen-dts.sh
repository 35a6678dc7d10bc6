#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Device tree for Debian's QEMU 7.2 "-M virt" LoongArch board, in the form
# Linux 6.12 binds without ACPI. Node names follow lkvm's tree, so the
# guest's platform devices get the same names under both VMMs.
#
# usage: gen-dts.sh NCPUS MEM_MB [INITRD_START INITRD_END]
#   QEMU 7.2's RAM: the first 256 MiB at 0, the rest at 0x90000000.
#   PCIE=1 adds the PCIe host (virtio is PCI-only on this board).
set -eu
ncpus=$1 mem=$2 irs=${3:-} ire=${4:-}
low=$mem
[ "$low" -gt 256 ] && low=256

cat <<EOF2
/dts-v1/;
/ {
	compatible = "linux,dummy-loongson3";
	#address-cells = <2>;
	#size-cells = <2>;

	chosen {
		stdout-path = "/serial@1fe001e0";
EOF2
[ -n "$irs" ] && printf '\t\tlinux,initrd-start = <0x0 %s>;\n\t\tlinux,initrd-end = <0x0 %s>;\n' "$irs" "$ire"
printf '\t};\n\n\tcpuclk: cpu-clock {\n\t\tcompatible = "fixed-clock";\n'
printf '\t\t#clock-cells = <0>;\n\t\tclock-frequency = <2500000000>;\n\t};\n'
printf '\n\tcpus {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n'
i=0
while [ "$i" -lt "$ncpus" ]; do
	printf '\t\tcpu@%d {\n\t\t\tdevice_type = "cpu";\n' "$i"
	printf '\t\t\tcompatible = "loongarch,Loongson-3A5000";\n\t\t\treg = <%d>;\n' "$i"
	printf '\t\t\tclocks = <&cpuclk>;\n\t\t};\n'
	i=$((i + 1))
done
printf '\t};\n\n\tmemory@0 {\n\t\tdevice_type = "memory";\n'
printf '\t\treg = <0x0 0x0 0x0 0x%x>;\n\t};\n' $((low << 20))
if [ "$mem" -gt 256 ]; then
	printf '\n\tmemory@90000000 {\n\t\tdevice_type = "memory";\n'
	printf '\t\treg = <0x0 0x90000000 0x0 0x%x>;\n\t};\n' $(((mem - 256) << 20))
fi

cat <<'EOF2'

	cpuic: cpuic {
		compatible = "loongson,cpu-interrupt-controller";
		interrupt-controller;
		#interrupt-cells = <1>;
		#address-cells = <0>;
	};

	/* QEMU 7.2 virt: legacy I/O ports 0..16K-1 at LOONGARCH_ISA_IO_BASE. */
	isa@18000000 {
		compatible = "isa";
		#address-cells = <2>;
		#size-cells = <1>;
		ranges = <1 0x0 0x0 0x18000000 0x4000>;
	};

	/* The driver reaches EIOINTC through IOCSR 0x1400; reg is nominal. */
	eiointc: eiointc@1400 {
		compatible = "loongson,ls2k2000-eiointc";
		reg = <0x0 0x1400 0x0 0x800>;
		interrupt-controller;
		#interrupt-cells = <1>;
		#address-cells = <0>;
		interrupt-parent = <&cpuic>;
		interrupts = <3>;
	};

	pic: platic@10000000 {
		compatible = "loongson,pch-pic-1.0";
		reg = <0x0 0x10000000 0x0 0x400>;
		interrupt-controller;
		#interrupt-cells = <2>;
		#address-cells = <0>;
		interrupt-parent = <&eiointc>;
		loongson,pic-base-vec = <0>;
	};

	/* QEMU 7.2 virt wires PCH-MSI to EXTIOI vectors 64..255. */
	msi: msi@2ff00000 {
		compatible = "loongson,pch-msi-1.0";
		reg = <0x0 0x2ff00000 0x0 0x8>;
		interrupt-controller;
		msi-controller;
		#interrupt-cells = <1>;
		#address-cells = <0>;
		interrupt-parent = <&eiointc>;
		loongson,msi-base-vec = <64>;
		loongson,msi-num-vecs = <192>;
	};

	serial@1fe001e0 {
		compatible = "ns16550a";
		reg = <0x0 0x1fe001e0 0x0 0x100>;
		clock-frequency = <100000000>;
		interrupt-parent = <&pic>;
		interrupts = <2 4>;
	};

	/* ACPI GED sleep-control/reset registers, as lkvm's. */
	ged: ged@100e001c {
		compatible = "syscon";
		reg = <0x0 0x100e001c 0x0 0x3>;
		reg-io-width = <1>;
		reg-shift = <0>;
	};

	poweroff {
		compatible = "syscon-poweroff";
		regmap = <&ged>;
		offset = <0x0>;
		value = <0x34>;
	};

	reboot {
		compatible = "syscon-reboot";
		regmap = <&ged>;
		offset = <0x2>;
		value = <0x42>;
	};
EOF2
if [ "${PCIE:-0}" = 1 ]; then
	# GPEX: ECAM at 0x20000000, I/O at 0x18004000, MMIO at 0x40000000;
	# INTA..D of slot s go to PCH-PIC inputs 16 + (s + pin) % 4.
	cat <<'EOF2'

	pcie@20000000 {
		compatible = "pci-host-ecam-generic";
		device_type = "pci";
		reg = <0x0 0x20000000 0x0 0x8000000>;
		bus-range = <0x0 0x7f>;
		#address-cells = <3>;
		#size-cells = <2>;
		#interrupt-cells = <1>;
		linux,pci-domain = <0>;
		dma-coherent;
		msi-parent = <&msi>;
		ranges = <0x1000000 0x0 0x4000 0x0 0x18004000 0x0 0xc000>,
			 <0x2000000 0x0 0x40000000 0x0 0x40000000 0x0 0x40000000>;
		interrupt-map-mask = <0x1800 0 0 7>;
		interrupt-map =
EOF2
	sep=
	for s in 0 1 2 3; do
		for p in 0 1 2 3; do
			printf '%s\t\t\t<0x%x 0 0 %d &pic %d 4>' "$sep" $((s << 11)) $((p + 1)) \
				$((16 + (s + p) % 4))
			sep=",
"
		done
	done
	printf ';\n\t};\n'
fi
echo "};"
