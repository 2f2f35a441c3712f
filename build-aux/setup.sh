#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian 12 packages that building, testing and running
# Handshake need, and only those that are missing: when everything is
# installed it does nothing and returns at once.
#
# Usage: build-aux/setup.sh [--fuzz]
#   --fuzz        also install clang and its runtime for the libFuzzer build
#   HS_SKIP_SETUP=1 in the environment skips the whole step.
#
# Runs as root, or through sudo when it is available.  Never asks a question
# (works without a terminal, as in CI).

hs_setup_packages=(
  build-essential meson ninja-build pkg-config gettext
  libgtk-4-dev libadwaita-1-dev libcairo2-dev libpcap-dev tshark
  xvfb xauth librsvg2-bin poppler-utils desktop-file-utils appstream
  imagemagick xdotool fonts-wqy-microhei libxml2-utils
  yelp-tools itstool
  dbus at-spi2-core python3-pyatspi gsettings-desktop-schemas
)
hs_setup_fuzz_packages=(clang-14 libclang-rt-14-dev)

hs_setup ()
{
  local packages=("${hs_setup_packages[@]}")
  local missing=()
  local pkg sudo=

  if [[ ${1:-} == --fuzz ]]; then
    packages+=("${hs_setup_fuzz_packages[@]}")
  fi

  if [[ ${HS_SKIP_SETUP:-0} == 1 ]]; then
    return 0
  fi

  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup: not a Debian system; install by hand: ${packages[*]}" >&2
    return 0
  fi

  # One dpkg-query for all packages.  Only "install ok installed" counts: a
  # removed package whose configuration files are left is known to dpkg but
  # not installed.
  local installed
  installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null |
              sed -n 's/^\([^ ]*\) install ok installed$/\1/p' || true)
  local -A have=()
  while read -r pkg; do
    [[ -n $pkg ]] && have[$pkg]=1
  done <<< "$installed"
  for pkg in "${packages[@]}"; do
    [[ -n ${have[$pkg]:-} ]] || missing+=("$pkg")
  done

  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi

  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=sudo
    else
      echo "setup: missing packages and neither root nor sudo: ${missing[*]}" >&2
      echo "setup: run as root: apt-get install ${missing[*]}" >&2
      return 1
    fi
  fi

  echo "setup: installing ${missing[*]}"

  # tshark's wireshark-common asks whether non-root users may capture.
  echo 'wireshark-common wireshark-common/install-setuid boolean false' |
    $sudo debconf-set-selections

  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
    { echo "setup: apt-get update failed" >&2; return 1; }
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends "${missing[@]}" </dev/null ||
    { echo "setup: apt-get install failed" >&2; return 1; }
}

# Executed rather than sourced: do the work now.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  hs_setup "$@"
fi
