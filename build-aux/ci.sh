#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Continuous integration (.ci/run): three runs, each one after the other on
# a 2-core machine, in well under 20 minutes:
#
#   1. build-aux/test.sh: the normal build with -Dwerror=true, the whole
#      suite under Xvfb (the README's test command);
#   2. build-asan: the same with AddressSanitizer and UndefinedBehaviorSanitizer
#      (-Dwerror=true), the whole suite once more under Xvfb, with the
#      LeakSanitizer suppressions of tests/lsan.supp and fatal UBSan that
#      tests/meson.build sets;
#   3. build-fuzz: the libFuzzer targets (build-aux/fuzz.sh), each known
#      bug's reproducer once (suite fuzz), then each target for
#      FUZZ_SECONDS (default 60).
#
# Installs what is missing (build-aux/setup.sh --fuzz) and nothing else, so
# a second run installs nothing.  Exits non-zero when anything failed, and
# ends with one line that sums up all three:
#
#   Tests: N passed, N failed, N skipped
#
# Usage: build-aux/ci.sh        FUZZ_SECONDS=N to fuzz longer or shorter

set -uo pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fuzz_seconds=${FUZZ_SECONDS:-60}
passed=0 failed=0 skipped=0 status=0

# Adds the totals of one meson test log to the sums; a run that left no log
# (its build failed) counts as one failure.
count_log ()
{
  local log=$1/meson-logs/testlog.txt

  if [[ ! -f $log ]]; then
    failed=$((failed + 1))
    return
  fi
  count () { sed -n "s/^$1:[[:space:]]*\([0-9][0-9]*\)[[:space:]]*$/\1/p" "$log" | tail -n 1; }
  local ok xfail fail xpass skip timeout
  ok=$(count 'Ok'); xfail=$(count 'Expected Fail'); fail=$(count 'Fail')
  xpass=$(count 'Unexpected Pass'); skip=$(count 'Skipped'); timeout=$(count 'Timeout')
  passed=$((passed + ${ok:-0} + ${xfail:-0}))
  failed=$((failed + ${fail:-0} + ${xpass:-0} + ${timeout:-0}))
  skipped=$((skipped + ${skip:-0}))
}

stage ()
{
  echo
  echo "==== ci: $* ($(date -u +%H:%M:%S))"
}

stage "setup"
"$srcdir/build-aux/setup.sh" --fuzz || exit 1

# test.sh's own summary line is renamed: only the last line says "Tests:".
stage "normal build and test suite"
rm -f "$srcdir/build/meson-logs/testlog.txt"
BUILDDIR=$srcdir/build "$srcdir/build-aux/test.sh" 2>&1 | sed 's/^Tests: /normal build: /' || status=1
count_log "$srcdir/build"

stage "AddressSanitizer and UndefinedBehaviorSanitizer build and test suite"
asan=$srcdir/build-asan
rm -f "$asan/meson-logs/testlog.txt"
# Optimised (-O2 -g): the sanitizers find the same faults, and the engine
# runs about twice as fast as at -O0.
if BUILDDIR=$asan "$srcdir/build-aux/build.sh" \
     -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true -Dbuildtype=debugoptimized; then
  # The window tests take a few minutes under the sanitizers. The
  # 'geometry' suite (the window settling at a laptop's and a projector's
  # size) waits on frames the sanitizers slow too much; stage 1 runs it.
  xvfb-run -a -s '-screen 0 1920x1200x24' \
    meson test -C "$asan" --print-errorlogs --timeout-multiplier 4 --no-suite geometry || status=1
else
  status=1
fi
count_log "$asan"

stage "fuzz targets: regression inputs, then $fuzz_seconds s each"
fuzz=$srcdir/build-fuzz
rm -f "$fuzz/meson-logs/testlog.txt"
# fuzz.sh builds the targets alone (not the whole project with clang).
if FUZZ_SKIP_REGRESSIONS=1 BUILDDIR=$fuzz "$srcdir/build-aux/fuzz.sh" 0; then
  meson test -C "$fuzz" --no-rebuild --print-errorlogs \
    fuzz-lesson-regressions fuzz-capture-regressions || status=1
  count_log "$fuzz"
  for name in lesson capture; do
    if FUZZ_TARGETS=$name FUZZ_SKIP_REGRESSIONS=1 BUILDDIR=$fuzz \
         "$srcdir/build-aux/fuzz.sh" "$fuzz_seconds"; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      status=1
    fi
  done
else
  echo "ci: the fuzz targets did not build"
  failed=$((failed + 1))
  status=1
fi

[[ $failed -eq 0 ]] || status=1
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit $status
