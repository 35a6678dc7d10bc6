#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The whole test suite: install, build, unit + end-to-end tests, then the
# unit tests again under ASan and UBSan, and the softkvm differential
# programs through a sanitized interpreter.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -j"$(nproc)"
make -j"$(nproc)" check
make -j"$(nproc)" check-sanitize
make check-softkvm-sanitize
