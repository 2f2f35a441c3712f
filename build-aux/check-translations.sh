#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when a translation catalog does not compile, or has untranslated or
# fuzzy messages.
#
# Usage: build-aux/check-translations.sh [--sources SOURCE_ROOT] FILE.po...
#
# With --sources, each catalog is first merged (in a temporary copy) with a
# template extracted from the files listed in SOURCE_ROOT/po/POTFILES.in, the
# way `meson compile handshake-update-po` would, so strings that were added to
# the sources but never merged into the catalog count as untranslated too.

set -euo pipefail
export LC_ALL=C

usage ()
{
  echo "usage: $0 [--sources SOURCE_ROOT] FILE.po..." >&2
  exit 2
}

sources=
while [[ $# -gt 0 ]]; do
  case $1 in
    --sources) [[ $# -ge 2 ]] || usage; sources=$2; shift 2 ;;
    --sources=*) sources=${1#--sources=}; shift ;;
    -h|--help) usage ;;
    --) shift; break ;;
    -*) usage ;;
    *) break ;;
  esac
done
[[ $# -ge 1 ]] || usage

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

if [[ -n $sources ]]; then
  # The arguments of meson's i18n 'glib' preset.
  (cd "$sources" &&
   xgettext --files-from=po/POTFILES.in --directory=. \
     --output="$tmpdir/template.pot" \
     --from-code=UTF-8 --add-comments \
     --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
     --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
     --keyword=g_dpgettext2:2c,3 \
     --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
     --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
     --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
     --flag=g_string_append_printf:2:c-format \
     --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
     --flag=g_markup_printf_escaped:1:c-format)
fi

status=0
for po in "$@"; do
  if [[ ! -f $po ]]; then
    echo "$po: no such file" >&2
    status=1
    continue
  fi

  checked=$po
  if [[ -n $sources ]]; then
    checked="$tmpdir/$(basename "$po")"
    msgmerge --quiet --no-fuzzy-matching --output-file="$checked" \
      "$po" "$tmpdir/template.pot"
  fi

  if ! stats=$(msgfmt --check --statistics --output-file=/dev/null "$checked" 2>&1); then
    printf '%s\n' "$stats" | sed "s|$checked|$po|g" >&2
    echo "$po: msgfmt --check failed" >&2
    status=1
    continue
  fi

  # msgfmt prints e.g. "33 translated messages, 1 fuzzy translation, 2 untranslated messages."
  stats=$(printf '%s\n' "$stats" | tail -n 1)
  fuzzy=$(sed -n 's/.* \([0-9][0-9]*\) fuzzy translation.*/\1/p' <<< "$stats")
  untranslated=$(sed -n 's/.* \([0-9][0-9]*\) untranslated message.*/\1/p' <<< "$stats")
  echo "$po: $stats"

  if [[ ${fuzzy:-0} -ne 0 || ${untranslated:-0} -ne 0 ]]; then
    echo "$po: ${fuzzy:-0} fuzzy and ${untranslated:-0} untranslated messages:" >&2
    msgattrib --only-fuzzy --no-obsolete --no-wrap "$checked" 2>/dev/null |
      sed -n 's/^msgid "\(..*\)"$/  fuzzy: \1/p' >&2 || true
    msgattrib --untranslated --no-obsolete --no-wrap "$checked" 2>/dev/null |
      sed -n 's/^msgid "\(..*\)"$/  untranslated: \1/p' >&2 || true
    status=1
  fi
done

exit $status
