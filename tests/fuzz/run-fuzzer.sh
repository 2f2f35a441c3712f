#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one libFuzzer target of tests/fuzz/ on its seeds, or once over its
# regression inputs.  Used by the fuzz suite (tests/fuzz/meson.build) and by
# build-aux/fuzz.sh.
#
# Usage: run-fuzzer.sh FUZZER NAME WORKDIR [LIBFUZZER_OPTION...]
#        run-fuzzer.sh --regressions FUZZER NAME
#
# NAME is lesson or capture.  The seeds are gathered, not copied into the
# tree: the lessons in data/lessons/ and tests/data/lessons-bad/, the
# captures in tests/data/captures/ and the extra seeds in
# tests/fuzz/corpus/NAME/.  WORKDIR/NAME/ holds what the fuzzer learns
# (corpus/, kept from run to run) and what it finds (artifacts/: crash-*,
# leak-*, timeout-*; save a reproducer in tests/fuzz/regressions/NAME/).
#
# The regression inputs of tests/fuzz/regressions/NAME/ are not seeds: they
# run once each with --regressions, so that a known bug not fixed yet fails
# that one test instead of stopping every fuzz run at its first input.

set -euo pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Outside meson, the tests' environment: library caches are not leaks, and
# undefined behavior stops the run.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$srcdir/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LC_ALL=${LC_ALL:-C.UTF-8}

regressions=0
if [[ ${1:-} == --regressions ]]; then
  regressions=1
  shift
fi
if [[ $# -lt 2 || ( $regressions -eq 0 && $# -lt 3 ) ]]; then
  echo "usage: $0 FUZZER NAME WORKDIR [LIBFUZZER_OPTION...]" >&2
  echo "       $0 --regressions FUZZER NAME" >&2
  exit 2
fi
fuzzer=$1 name=$2
shift 2

case $name in
  lesson)  seed_globs=("$srcdir"/data/lessons/*.lesson "$srcdir"/tests/data/lessons-bad/*.lesson) ;;
  capture) seed_globs=("$srcdir"/tests/data/captures/*.pcap "$srcdir"/tests/data/captures/*.pcapng) ;;
  *)       echo "run-fuzzer: unknown target $name" >&2; exit 2 ;;
esac
regression_dir=$srcdir/tests/fuzz/regressions/$name

# Each regression input on its own, so that one failure does not hide the
# next: the reproducer of each known bug runs once and must not crash.
if [[ $regressions -eq 1 ]]; then
  failed=0
  for input in "$regression_dir"/*; do
    [[ -f $input ]] || continue
    if "$fuzzer" "$input" >"${TMPDIR:-/tmp}/run-fuzzer-$$.log" 2>&1; then
      echo "ok     ${input#"$srcdir"/}"
    else
      echo "FAILED ${input#"$srcdir"/}"
      tail -n 40 "${TMPDIR:-/tmp}/run-fuzzer-$$.log"
      failed=$((failed + 1))
    fi
  done
  rm -f "${TMPDIR:-/tmp}/run-fuzzer-$$.log"
  echo "run-fuzzer: $failed regression input(s) of $name failed"
  [[ $failed -eq 0 ]]
  exit
fi

workdir=$1
shift
mkdir -p "$workdir/$name/corpus" "$workdir/$name/artifacts"
seeds=$workdir/$name/seeds
rm -rf "$seeds"
mkdir -p "$seeds"
for input in "${seed_globs[@]}" "$srcdir"/tests/fuzz/corpus/"$name"/*; do
  [[ -f $input ]] || continue
  # Names may repeat across directories (syn-lost.lesson, syn-lost.pcap).
  ln -sf "$input" "$seeds/$(basename "$(dirname "$input")")-$(basename "$input")"
done

# Options first, so that the caller's win.  -entropic=0: libFuzzer's
# entropic schedule spends most of its time updating feature frequencies
# with targets this large (three times fewer runs per second here).
# -max_len=4096 for captures too, though tests/data/captures/loss-bulk.pcap
# is 30 KB: small inputs run faster and reach as far.  The first directory
# is the one the fuzzer adds to; the seeds stay as they are.
exec "$fuzzer" -artifact_prefix="$workdir/$name/artifacts/" -print_final_stats=1 \
  -entropic=0 -max_len=4096 -timeout=30 \
  "$@" "$workdir/$name/corpus" "$seeds"
