#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when the zh_CN catalog, or a lesson's zh_CN text, uses a word that
# Chinese textbooks (谢希仁《计算机网络》) do not, or glues Chinese text to a
# Latin word or a number without the space GNOME's zh_CN style puts there.
#
# Usage: build-aux/check-glossary.py SOURCE_ROOT

import ast
import glob
import os
import re
import sys

# the word to avoid, and the textbook's word
GLOSSARY = [
    ('序列号', '序号'),
    ('坚持计时器', '持续计时器'),
    ('快速重传', '快重传'),
    ('快速恢复', '快恢复'),
    ('本课程', '本课'),
    ('慢开始', '慢启动'),
]

HAN = '\u2e80-\u2fdf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff'
GLUED = re.compile('[%s][A-Za-z0-9]|[A-Za-z0-9][%s]' % (HAN, HAN))
# A number put in with %u or %d counts as a number; a name put in with %s
# may be Chinese or not, and the narration spaces it when it is printed.
NUMBER = re.compile(r'%(\d+\$)?[-+ #0]*\d*(\.\d+)?(hh|h|ll|l|z)?[diuxX]')
OTHER = re.compile(r'%(\d+\$)?[-+ #0]*\d*(\.\d+)?[a-zA-Z%]')


def msgstrs(path):
    """The translations of a catalog, without obsolete entries."""
    entry, key = [], None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('msgstr'):
                key = 'msgstr'
                entry.append(line[line.index('"'):])
            elif line.startswith('"') and key == 'msgstr':
                entry.append(line)
            else:
                if entry:
                    yield ''.join(ast.literal_eval(s) for s in entry)
                entry, key = [], None
        if entry:
            yield ''.join(ast.literal_eval(s) for s in entry)


def main():
    if len(sys.argv) != 2:
        print('usage: %s SOURCE_ROOT' % sys.argv[0], file=sys.stderr)
        return 2
    root = sys.argv[1]
    texts = [('po/zh_CN.po', s) for s in msgstrs(os.path.join(root, 'po', 'zh_CN.po')) if s]
    for path in sorted(glob.glob(os.path.join(root, 'data', 'lessons', '*.lesson'))):
        with open(path, encoding='utf-8') as f:
            for line in f:
                if re.match(r'^[A-Za-z]+\[zh_CN\]=', line):
                    texts.append((os.path.relpath(path, root), line.split('=', 1)[1].strip()))

    status = 0
    for avoid, use in GLOSSARY:
        for where, text in texts:
            if avoid in text:
                print('%s: says %s, write %s: %s' % (where, avoid, use, text), file=sys.stderr)
                status = 1
    for where, text in texts:
        plain = OTHER.sub('', NUMBER.sub('0', text))
        match = GLUED.search(plain)
        if match:
            print('%s: “%s” glues Chinese text to a Latin word or a number: %s' % (where, match.group(0), text),
                  file=sys.stderr)
            status = 1
    if status == 0:
        print('%d zh_CN texts follow the glossary' % len(texts))
    return status


if __name__ == '__main__':
    sys.exit(main())
