#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The bash completion offers what a user typing these would want: lesson
# ids (from the program itself), formats, styles and option names.
#
# Usage: build-aux/check-completion.sh COMPLETION HANDSHAKE

set -uo pipefail
export LC_ALL=C.UTF-8 LANGUAGE=

completion=$1
handshake=$2
status=0

# complete WORD... : what _handshake offers for the last word
complete_words ()
{
  bash -c '
    source "$1"; shift
    COMP_WORDS=("$@")
    COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    _handshake
    printf "%s\n" "${COMPREPLY[@]}" | sort
  ' bash "$completion" "$@"
}

expect ()
{
  local want=$1; shift
  local got
  got=$(complete_words "$@" | tr '\n' ' ' | sed 's/ $//')
  if [[ $got != "$want" ]]; then
    echo "handshake ${*:2}<TAB>: expected '$want', got '$got'"
    status=1
  fi
}

expect "syn-cookies syn-flood syn-lost synack-lost" "$handshake" --lesson sy
expect "syn-cookies syn-flood syn-lost synack-lost" "$handshake" --lesson = sy
expect "pcap pdf png puml" "$handshake" --format p
expect "high-contrast" "$handshake" --style h
expect "--max-steps" "$handshake" --max
expect "a4" "$handshake" --page a
expect "linux rfc" "$handshake" --profile ""
expect "states" "$handshake" --view st

# Every long option of --help-all is offered, and nothing else, by both
# completions.
from_help=$("$handshake" --help-all | grep -o -- '--[a-z][a-z-]*' | sort -u)
from_bash=$(complete_words "$handshake" --)
zsh_file=$(dirname "$completion")/_handshake
from_zsh=$(grep -o -- "--[a-z][a-z-]*" "$zsh_file" | sort -u)
for shell in bash zsh; do
  if [[ $shell == bash ]]; then offered=$from_bash; else offered=$from_zsh; fi
  missing=$(comm -23 <(echo "$from_help") <(echo "$offered"))
  extra=$(comm -13 <(echo "$from_help") <(echo "$offered"))
  if [[ -n $missing ]]; then
    echo "$shell completion does not offer:" $missing
    status=1
  fi
  if [[ -n $extra ]]; then
    echo "$shell completion offers options that --help-all does not have:" $extra
    status=1
  fi
done

[[ $status == 0 ]] && echo "bash completion offers what it should"
exit $status
