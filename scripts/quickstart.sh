#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Fresh Debian 12 machine to a booted guest: install, build, boot the built-in guest.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -j"$(nproc)"
exec ./lkvm run "$@"
