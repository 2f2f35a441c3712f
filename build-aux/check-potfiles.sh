#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks po/POTFILES.in against the tree:
#  - every file under src/ (and data/) with translatable strings is listed,
#    unless po/POTFILES.skip names it;
#  - every listed file exists;
#  - the list is sorted (LC_ALL=C) and has no duplicates.
#
# Usage: build-aux/check-potfiles.sh [SOURCE_ROOT]
# Exits 0 when all is well, 1 (listing the problems) otherwise.

set -euo pipefail
export LC_ALL=C

srcroot="${1:-$(dirname "$0")/..}"
cd "$srcroot"

potfiles=po/POTFILES.in
skipfiles=po/POTFILES.skip

if [[ ! -f $potfiles ]]; then
  echo "check-potfiles: $potfiles not found in $(pwd)" >&2
  exit 1
fi

# Entries of a POTFILES-style list: no comments, no blank lines, no spaces
# around the path.
list_entries ()
{
  [[ -f $1 ]] || return 0
  sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$1" | grep -v '^$' || true
}

listed=$(list_entries "$potfiles")
skipped=$(list_entries "$skipfiles")

# gettext calls followed by a string literal (GNU style allows a space before
# the parenthesis), plural and domain calls whatever follows, and GtkBuilder
# properties marked translatable.
c_pattern='(^|[^[:alnum:]_])((N|C|NC|Q)?_|g_dpgettext2?|g_dcgettext|g_dgettext|gettext|dgettext)[[:space:]]*\([[:space:]]*"|(^|[^[:alnum:]_])(g_dngettext|ngettext|dngettext)[[:space:]]*\('
ui_pattern='translatable="(yes|true|1)"'

candidates=$(
  {
    if [[ -d src ]]; then
      find src -type f \( -name '*.c' -o -name '*.h' \) -print0 |
        xargs -0 -r grep -lE "$c_pattern" || true
      find src -type f -name '*.ui' -print0 |
        xargs -0 -r grep -liE "$ui_pattern" || true
    fi
    if [[ -d data ]]; then
      find data -type f -name '*.ui' -print0 |
        xargs -0 -r grep -liE "$ui_pattern" || true
      find data -maxdepth 1 -type f \( -name '*.desktop.in' \
                                      -o -name '*.metainfo.xml.in' \
                                      -o -name '*.gschema.xml' \) -print
    fi
  } | sed 's|^\./||' | sort -u
)

status=0

missing=$(comm -23 <(printf '%s\n' "$candidates" | grep -v '^$' || true) \
                   <(printf '%s\n' "$listed" "$skipped" | grep -v '^$' | sort -u))
if [[ -n $missing ]]; then
  echo "These files contain translatable strings but are missing from $potfiles" >&2
  echo "(add them, or list them in $skipfiles):" >&2
  sed 's/^/  /' <<< "$missing" >&2
  status=1
fi

nonexistent=$(while IFS= read -r f; do
                [[ -z $f || -f $f ]] || printf '%s\n' "$f"
              done <<< "$listed")
if [[ -n $nonexistent ]]; then
  echo "These files are listed in $potfiles but do not exist:" >&2
  sed 's/^/  /' <<< "$nonexistent" >&2
  status=1
fi

duplicates=$(printf '%s\n' "$listed" | sort | uniq -d)
if [[ -n $duplicates ]]; then
  echo "These files are listed more than once in $potfiles:" >&2
  sed 's/^/  /' <<< "$duplicates" >&2
  status=1
fi

if ! printf '%s\n' "$listed" | sort -c 2>/dev/null; then
  echo "$potfiles is not sorted; it should read (LC_ALL=C sort):" >&2
  printf '%s\n' "$listed" | sort -u | sed 's/^/  /' >&2
  status=1
fi

if [[ $status -eq 0 ]]; then
  echo "$potfiles: $(printf '%s\n' "$listed" | grep -c .) files listed, all present, sorted, nothing missing"
fi

exit $status
