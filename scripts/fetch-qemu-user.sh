#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch Debian sid's qemu-user (amd64; its binaries are static, so they run
# on Debian 12) without touching the system's apt state, and print the path
# of its qemu-loongarch64. Debian 12's qemu-user 7.2 has no LSX/LASX; the
# vector differential tests need this one. Cached by version under
# ~/.cache/lkvm/qemu-user/ (LKVM_CACHE overrides ~/.cache/lkvm).
#
#   scripts/fetch-qemu-user.sh        -> /root/.cache/lkvm/qemu-user/<ver>/usr/bin/qemu-loongarch64
set -eu
cache=${LKVM_CACHE:-$HOME/.cache/lkvm}/qemu-user
apt=$cache/apt
log=$apt/update.log
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
touch "$apt/status"
src=/etc/apt/sources.list.d/debian.sources
uri=$(awk '/^URIs:/ {print $2; exit}' "$src" 2>/dev/null || true)
if [ -z "$uri" ]; then
	echo "fetch-qemu-user: no Debian archive URI in $src" >&2
	exit 1
fi
echo "deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri sid main" >"$apt/sources"
A=(-o "Dir::Etc::SourceList=$apt/sources" -o "Dir::Etc::SourceParts=$apt/none"
   -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
   -o "Dir::State::status=$apt/status" -o "APT::Architectures::=amd64"
   -o "Acquire::Check-Valid-Until=false")

# Reuse a cached copy unless the lists are older than a day (sid moves).
latest=$(ls -d "$cache"/[0-9]*/usr/bin/qemu-loongarch64 2>/dev/null | sort -V | tail -1 || true)
if [ -n "$latest" ] && [ -z "$(find "$apt/lists" -maxdepth 1 -name '*Packages*' -mtime +1)" ] &&
   [ -n "$(ls "$apt/lists"/*Packages* 2>/dev/null)" ]; then
	echo "$latest"
	exit 0
fi
if ! apt-get "${A[@]}" update >"$log" 2>&1; then
	if [ -n "$latest" ]; then
		echo "$latest"	# offline: keep using the cached one
		exit 0
	fi
	echo "fetch-qemu-user: apt-get update failed (see $log)" >&2
	exit 1
fi
ver=$(apt-cache "${A[@]}" show qemu-user:amd64 2>/dev/null | awk '/^Version:/ {print $2; exit}')
if [ -z "$ver" ]; then
	echo "fetch-qemu-user: sid has no qemu-user for amd64 (see $log)" >&2
	exit 1
fi
dir=$cache/$(echo "$ver" | tr ':~' '__')
if [ ! -x "$dir/usr/bin/qemu-loongarch64" ]; then
	tmp=$(mktemp -d "$cache/dl.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get "${A[@]}" download "qemu-user:amd64=$ver" >>"$log" 2>&1) || {
		echo "fetch-qemu-user: download of qemu-user $ver failed (see $log)" >&2
		exit 1
	}
	mkdir -p "$tmp/x"
	dpkg-deb -x "$tmp"/qemu-user_*.deb "$tmp/x"
	if [ ! -x "$tmp/x/usr/bin/qemu-loongarch64" ]; then
		echo "fetch-qemu-user: qemu-user $ver has no usr/bin/qemu-loongarch64" >&2
		exit 1
	fi
	rm -rf "$dir"
	mkdir -p "$dir/usr/bin"
	mv "$tmp/x/usr/bin/qemu-loongarch64" "$dir/usr/bin/"
fi
echo "$dir/usr/bin/qemu-loongarch64"
