#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Holds the zh_CN user guide to the same words and spacing as the program's
# own catalog: the glossary and the spacing rule of build-aux/check-glossary.py
# (textbook terms; a space between Chinese text and a Latin word or a number),
# applied to the guide's text with its markup taken out, so that
# "单击 <gui>TCP 首部</gui>" counts as "单击 TCP 首部".
#
# Usage: help/check-glossary.py SOURCE_ROOT

import importlib.util
import os
import re
import sys


def main():
    if len(sys.argv) != 2:
        print('usage: %s SOURCE_ROOT' % sys.argv[0], file=sys.stderr)
        return 2
    root = sys.argv[1]
    spec = importlib.util.spec_from_file_location('glossary', os.path.join(root, 'build-aux', 'check-glossary.py'))
    glossary = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(glossary)

    po = os.path.join(root, 'help', 'zh_CN', 'zh_CN.po')
    status = 0
    n = 0
    for text in glossary.msgstrs(po):
        if not text or text.startswith('external ref='):
            continue
        n += 1
        plain = re.sub(r'<[^>]+>', '', text)
        for avoid, use in glossary.GLOSSARY:
            if avoid in plain:
                print('help/zh_CN/zh_CN.po: says %s, write %s: %s' % (avoid, use, plain), file=sys.stderr)
                status = 1
        match = glossary.GLUED.search(plain)
        if match:
            print('help/zh_CN/zh_CN.po: “%s” glues Chinese text to a Latin word or a number: %s'
                  % (match.group(0), plain), file=sys.stderr)
            status = 1
    if status == 0:
        print('%d zh_CN texts of the guide follow the glossary' % n)
    return status


if __name__ == '__main__':
    sys.exit(main())
