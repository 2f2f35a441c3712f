#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing, builds, and runs Handshake from the build
# directory without installing it: the GSettings schema is the one compiled
# in <build>/data.
#
# Usage: build-aux/run.sh [HANDSHAKE_ARGUMENT...]

set -euo pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=${BUILDDIR:-$srcdir/build}

BUILDDIR=$builddir "$srcdir/build-aux/build.sh" >&2

export GSETTINGS_SCHEMA_DIR=$builddir/data
exec "$builddir/src/handshake" "$@"
