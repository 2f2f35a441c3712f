#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when a translation of the user guide is not complete: the catalog is
# first merged (in a temporary copy) with a template extracted from the pages
# by itstool, as gnome.yelp's help-handshake-update-po target does, so a
# paragraph that was added or changed in help/C and not translated counts as
# untranslated.
#
# Usage: help/check-translation.sh HELP_DIR LL

set -euo pipefail
export LC_ALL=C

[[ $# -eq 2 ]] || { echo "usage: $0 HELP_DIR LL" >&2; exit 2; }
help=$1
lang=$2
po=$help/$lang/$lang.po

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

(cd "$help/C" && itstool -o "$tmpdir/help.pot" ./*.page ./legal.xml)
msgmerge --quiet --no-fuzzy-matching --output-file="$tmpdir/$lang.po" "$po" "$tmpdir/help.pot"
stats=$(msgfmt --check --statistics --output-file=/dev/null "$tmpdir/$lang.po" 2>&1)
echo "$po: $stats"
if [[ $stats == *untranslated* || $stats == *fuzzy* ]]; then
  echo "$po: not complete; run 'meson compile -C BUILDDIR help-handshake-update-po' and translate what is new" >&2
  { msgattrib --untranslated "$tmpdir/$lang.po"; msgattrib --only-fuzzy "$tmpdir/$lang.po"; } |
    grep -A1 '^msgid' | head -40 >&2 || true
  exit 1
fi
