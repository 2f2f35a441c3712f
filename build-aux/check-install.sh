#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `meson install` into a DESTDIR puts everything where a desktop expects
# it, and what it installs is valid.
#
# Usage: build-aux/check-install.sh BUILDDIR

set -euo pipefail
export LC_ALL=C.UTF-8 LANGUAGE=

builddir=$1
destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT

meson install -C "$builddir" --destdir "$destdir" --no-rebuild --quiet >/dev/null

prefix=$(meson introspect "$builddir" --buildoptions |
         python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root=$destdir$prefix
app=io.github.handshake.Handshake
status=0

for f in \
  bin/handshake \
  share/applications/$app.desktop \
  share/metainfo/$app.metainfo.xml \
  share/glib-2.0/schemas/$app.gschema.xml \
  share/icons/hicolor/scalable/apps/$app.svg \
  share/icons/hicolor/symbolic/apps/$app-symbolic.svg \
  share/mime/packages/$app.xml \
  share/man/man1/handshake.1 \
  share/bash-completion/completions/handshake \
  share/zsh/site-functions/_handshake \
  share/locale/zh_CN/LC_MESSAGES/handshake.mo \
  share/locale/zh_TW/LC_MESSAGES/handshake.mo
do
  if [[ ! -f $root/$f ]]; then
    echo "not installed: $f"
    status=1
  fi
done

if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/share/applications/$app.desktop" || status=1
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$root/share/metainfo/$app.metainfo.xml" >/dev/null || status=1
fi
if ! MANWIDTH=80 man -l "$root/share/man/man1/handshake.1" 2>&1 | grep -q "handshake - see how TCP connections"; then
  echo "man -l does not render the installed manual page"
  status=1
fi
"$root/bin/handshake" --version >/dev/null || status=1

[[ $status == 0 ]] && echo "installed into $root: everything present and valid"
exit $status
