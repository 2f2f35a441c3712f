#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The one test command, for developers and CI alike: installs what is
# missing, builds with -Dwerror=true, and runs the whole test suite under
# one Xvfb server (one server for all tests: one per test races for display
# numbers).
#
# Usage: build-aux/test.sh [MESON_TEST_OPTION...]   e.g. --suite data

set -euo pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=${BUILDDIR:-$srcdir/build}

BUILDDIR=$builddir "$srcdir/build-aux/build.sh" -Dwerror=true

status=0
xvfb-run -a -s '-screen 0 1920x1200x24' \
  meson test -C "$builddir" --print-errorlogs "$@" || status=$?

# One closing line that any reader of the log understands.
log=$builddir/meson-logs/testlog.txt
if [[ -f $log ]]; then
  count () { sed -n "s/^$1:[[:space:]]*\([0-9][0-9]*\)[[:space:]]*$/\1/p" "$log" | tail -n 1; }
  ok=$(count 'Ok'); xfail=$(count 'Expected Fail'); fail=$(count 'Fail')
  xpass=$(count 'Unexpected Pass'); skipped=$(count 'Skipped'); timeout=$(count 'Timeout')
  echo "Tests: $(( ${ok:-0} + ${xfail:-0} )) passed, $(( ${fail:-0} + ${xpass:-0} + ${timeout:-0} )) failed, ${skipped:-0} skipped"
fi

exit $status
