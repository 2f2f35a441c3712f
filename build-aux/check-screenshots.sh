#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every screenshot in data/screenshots/ is listed in the metainfo (software
# centres show only those), and every one listed exists.
#
# Usage: build-aux/check-screenshots.sh SOURCE_ROOT

set -euo pipefail

root=$1
metainfo=$root/data/io.github.handshake.Handshake.metainfo.xml.in
status=0

listed=$(grep -o 'data/screenshots/[^<]*\.png' "$metainfo" | sed 's|data/screenshots/||' | sort)
present=$(cd "$root/data/screenshots" && ls *.png | sort)

for f in $(comm -13 <(echo "$listed") <(echo "$present")); do
  echo "data/screenshots/$f is not in the metainfo"
  status=1
done
for f in $(comm -23 <(echo "$listed") <(echo "$present")); do
  echo "the metainfo lists data/screenshots/$f, which does not exist"
  status=1
done

[[ $status == 0 ]] && echo "$(echo "$present" | wc -l) screenshots, all listed"
exit $status
