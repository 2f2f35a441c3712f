#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing (build-aux/setup.sh), then configures and builds
# Handshake in BUILDDIR (default: build, at the top of the source tree).
# A fresh build directory is configured with the options given here; an
# existing one is reconfigured with the options it has plus those given here.
#
# Usage: build-aux/build.sh [MESON_SETUP_OPTION...]

set -euo pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=${BUILDDIR:-$srcdir/build}

"$srcdir/build-aux/setup.sh"

if [[ -f $builddir/meson-private/coredata.dat ]]; then
  meson setup --reconfigure "$builddir" "$srcdir" "$@"
else
  meson setup "$builddir" "$srcdir" "$@"
fi
meson compile -C "$builddir"
