#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when a page of the user guide is not valid Mallard, links to a page or
# section that does not exist, or shows an image that is missing.
#
# Usage: help/check-pages.sh validate|links|media PAGE_DIR
#   PAGE_DIR is help/C, or a translation's pages as the build merges them

set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 validate|links|media PAGE_DIR" >&2; exit 2; }
check=$1
cd "$2"

# yelp-check prints one line per problem, and nothing when all is well
output=$(yelp-check "$check" ./*.page 2>&1) || status=$?
if [[ -n $output || ${status:-0} -ne 0 ]]; then
  printf '%s\n' "$output" >&2
  echo "yelp-check $check: the user guide has problems (see above)" >&2
  exit 1
fi
echo "yelp-check $check: $(ls ./*.page | wc -l) pages in $2, no problems"
