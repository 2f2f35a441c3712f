#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the libFuzzer targets of tests/fuzz/ in build-fuzz (clang-14,
# AddressSanitizer and UndefinedBehaviorSanitizer), runs each known bug's
# reproducer once, then fuzzes each target for SECONDS from its seeds.
# What a target learns stays in build-fuzz/fuzz/NAME/corpus/ for the next
# run; what it finds is in build-fuzz/fuzz/NAME/artifacts/.
#
# Usage: build-aux/fuzz.sh [SECONDS]          default 60 per target; 0 builds
#                                             and runs the reproducers only
#   BUILDDIR=DIR                              instead of build-fuzz
#   FUZZ_TARGETS="lesson"                     only some targets
#   FUZZ_SKIP_REGRESSIONS=1                   skip the reproducers
#
# Exits non-zero when a reproducer fails or a target crashes, leaks or
# times out; then reproduce with build-fuzz/tests/fuzz/fuzz-NAME FILE.

set -euo pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=${BUILDDIR:-$srcdir/build-fuzz}
seconds=${1:-60}
targets=${FUZZ_TARGETS:-lesson capture}

if ! [[ $seconds =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [SECONDS]" >&2
  exit 2
fi

"$srcdir/build-aux/setup.sh" --fuzz

# debugoptimized: an -O0 target runs three times fewer inputs a second.
options=(-Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized)
# A build directory made here before is left as it is: meson compile
# regenerates it when a meson.build changes.
if [[ ! -f $builddir/meson-private/coredata.dat ]]; then
  CC=clang-14 meson setup "$builddir" "$srcdir" "${options[@]}" >/dev/null
fi
build_targets=()
for name in $targets; do
  build_targets+=("tests/fuzz/fuzz-$name")
done
meson compile -C "$builddir" "${build_targets[@]}"

status=0
for name in $targets; do
  fuzzer=$builddir/tests/fuzz/fuzz-$name
  if [[ ${FUZZ_SKIP_REGRESSIONS:-0} != 1 ]]; then
    echo "fuzz: $name: regression inputs"
    "$srcdir/tests/fuzz/run-fuzzer.sh" --regressions "$fuzzer" "$name" || status=1
  fi
  [[ $seconds -gt 0 ]] || continue
  echo "fuzz: $name: fuzzing for $seconds s"
  if "$srcdir/tests/fuzz/run-fuzzer.sh" "$fuzzer" "$name" "$builddir/fuzz" \
       -max_total_time="$seconds" 2>"$builddir/fuzz-$name.log"; then
    grep -E '^(#[0-9]+ +DONE|stat::(number_of_executed_units|average_exec_per_sec|new_units_added))' \
      "$builddir/fuzz-$name.log" || true
    echo "fuzz: $name: ok"
  else
    tail -n 60 "$builddir/fuzz-$name.log"
    echo "fuzz: $name: FAILED; the input is in $builddir/fuzz/$name/artifacts/, the log in $builddir/fuzz-$name.log"
    status=1
  fi
done

exit $status
