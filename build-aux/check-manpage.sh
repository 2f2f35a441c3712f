#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The manual page renders without a warning, and it and `handshake --help`
# name the same long options, so neither can drift from the other.
#
# Usage: build-aux/check-manpage.sh MANPAGE HANDSHAKE

set -euo pipefail
export LC_ALL=C.UTF-8 LANGUAGE=

manpage=$1
handshake=$2
status=0

warnings=$(groff -man -Tutf8 -ww -z "$manpage" 2>&1 || true)
if [[ -n $warnings ]]; then
  echo "$manpage: groff warns:"
  echo "$warnings"
  status=1
fi

# Long options as each one spells them ("\-\-max\-steps" in troff).
# --help-all: --help shows only the main group (GLib's option groups)
from_help=$("$handshake" --help-all | grep -o -- '--[a-z][a-z-]*' | sort -u)
from_man=$(sed 's/\\-/-/g' "$manpage" | grep -o -- '--[a-z][a-z-]*' | sort -u)

missing=$(comm -23 <(echo "$from_help") <(echo "$from_man"))
extra=$(comm -13 <(echo "$from_help") <(echo "$from_man"))
if [[ -n $missing ]]; then
  echo "options in --help but not in $manpage:" $missing
  status=1
fi
if [[ -n $extra ]]; then
  echo "options in $manpage but not in --help:" $extra
  status=1
fi

if [[ $status == 0 ]]; then
  echo "$(echo "$from_help" | wc -l) options, the same in --help and the manual page"
fi
exit $status
