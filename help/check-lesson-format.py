#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when the lesson format grows and its two references do not: every
# key that src/engine/hs-scenario.c accepts, every script action it parses
# and every topic must be named in the guide's write-lesson.page and in
# docs/lessons.md, and every built-in lesson must be in README.md's table.
# The lists are read from the parser itself, so a key added there without a
# word in the docs makes this test fail.
#
# Usage: help/check-lesson-format.py SOURCE_ROOT

import glob
import os
import re
import sys


def read(root, path):
    with open(os.path.join(root, path), encoding='utf-8') as f:
        return f.read()


def block(source, start):
    """The text of the C initializer that begins at START, up to its '};'."""
    i = source.index(start)
    return source[i:source.index('};', i)]


def parser_names(source):
    keys = re.findall(r'\{ (?:"\w+"|NULL), "(\w+)", KEY_\w+ \}', block(source, 'key_specs[] = {'))
    # [Questions] is read apart from key_specs (questions_key_type)
    keys += re.findall(r'g_str_equal \(key, "(\w+)"\)', source)
    keys += ['Question', 'Text']
    actions = re.findall(r'\{ "([\w-]+)", HS_ACTION_\w+ \}', block(source, 'simple_actions[] = {'))
    actions += re.findall(r'g_str_equal \(word, "([\w-]+)"\) && g_str_equal \(rest, "(\w+)"\)', source)
    actions += re.findall(r'g_str_equal \(word, "([\w-]+)"\)', source)
    actions += [('wait-for', arg) for arg in re.findall(r'g_str_equal \(arg, "(\w+)"\)', source)]
    if re.search(r'g_str_has_suffix \(rest, " more"\)', source):
        actions.append(('send', 'more'))
    actions = sorted({a if isinstance(a, str) else ' '.join(a) for a in actions})
    topics = re.findall(r'"([\w-]+)"', block(source, 'topics[] = {'))
    return sorted(set(keys)), actions, topics


def main():
    if len(sys.argv) != 2:
        print('usage: %s SOURCE_ROOT' % sys.argv[0], file=sys.stderr)
        return 2
    root = sys.argv[1]
    keys, actions, topics = parser_names(read(root, 'src/engine/hs-scenario.c'))
    # a parser that changed shape would make every check below pass vacuously
    if len(keys) < 40 or len(actions) < 15 or len(topics) < 8:
        print('could not read the keys, actions and topics from hs-scenario.c '
              '(%d, %d, %d): update this script' % (len(keys), len(actions), len(topics)), file=sys.stderr)
        return 1

    page = read(root, 'help/C/write-lesson.page')
    page_code = re.sub(r'<var>\w+</var>\s*', '', page)
    manual = read(root, 'docs/lessons.md')
    readme = read(root, 'README.md')
    missing = []

    for key in keys:
        if '<code>%s' % key not in page:
            missing.append('help/C/write-lesson.page: the key %s' % key)
        if '`%s' % key not in manual:
            missing.append('docs/lessons.md: the key %s' % key)
    # placeholders out: "`send N more`" and "<code>send <var>N</var> more</code>"
    manual_code = re.sub(r'\b[A-Z]+\b\s*', '', manual)
    for action in actions:
        words = r'\s*'.join(re.escape(w) for w in action.split(' ')) + r'(?![\w-])'
        if not re.search(r'<code>' + words, page_code):
            missing.append('help/C/write-lesson.page: the action “%s”' % action)
        if not re.search(r'`' + words, manual_code):
            missing.append('docs/lessons.md: the action “%s”' % action)
    for topic in topics:
        if '<code>%s</code>' % topic not in page:
            missing.append('help/C/write-lesson.page: the topic %s' % topic)
        if '`%s`' % topic not in manual:
            missing.append('docs/lessons.md: the topic %s' % topic)
    for path in sorted(glob.glob(os.path.join(root, 'data', 'lessons', '*.lesson'))):
        lesson = os.path.basename(path)[:-len('.lesson')]
        if '| `%s`' % lesson not in readme:
            missing.append('README.md: the built-in lesson %s' % lesson)

    for line in missing:
        print('%s is not described' % line, file=sys.stderr)
    if missing:
        return 1
    print('%d keys, %d actions, %d topics and every built-in lesson are described' %
          (len(keys), len(actions), len(topics)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
