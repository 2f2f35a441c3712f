#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when the user guide names a keyboard shortcut that the shortcuts
# window does not list: every <key> and <keyseq> in help/C/*.page must be an
# accelerator in src/ui/gtk/help-overlay.ui, but for a lone modifier ("scroll
# with Ctrl held down") and the few keys in NOT_SHORTCUTS below.
#
# Usage: help/check-shortcuts.py SOURCE_ROOT

import glob
import os
import sys
import xml.etree.ElementTree as ET

MALLARD = '{http://projectmallard.org/1.0/}'

# How the guide writes a key, and how GTK names it
KEY_NAMES = {
    'Space': 'space',
    'Page Down': 'Page_Down',
    'Page Up': 'Page_Up',
    'Esc': 'Escape',
    '+': 'plus',
    '-': 'minus',
    ',': 'comma',
    '?': 'question',
    ']': 'bracketright',
    '[': 'bracketleft',
}
MODIFIERS = {'Ctrl': '<Control>', 'Shift': '<Shift>', 'Alt': '<Alt>', 'Super': '<Super>'}

# Keys that the guide names which are not the window's shortcuts: Enter in
# the lesson search, Ctrl+C in a terminal.
NOT_SHORTCUTS = {'Return', '<Control>c'}


def accelerator(keys):
    """The GTK accelerator for a list of <key> texts, such as ['Ctrl', 'O']."""
    mods = ''.join(MODIFIERS[k] for k in keys[:-1])
    last = keys[-1]
    if last == 'Enter':
        last = 'Return'
    name = KEY_NAMES.get(last, last.lower() if len(last) == 1 else last)
    return mods + name


def guide_shortcuts(root):
    found = []
    for path in sorted(glob.glob(os.path.join(root, 'help', 'C', '*.page'))):
        tree = ET.parse(path)
        inside = set()
        for seq in tree.iter(MALLARD + 'keyseq'):
            keys = [k.text.strip() for k in seq.findall(MALLARD + 'key')]
            inside.update(seq.findall(MALLARD + 'key'))
            found.append((os.path.basename(path), '+'.join(keys), accelerator(keys)))
        for key in tree.iter(MALLARD + 'key'):
            if key in inside:
                continue
            text = key.text.strip()
            # a modifier alone ("scroll with Ctrl held down") is no shortcut
            if text in MODIFIERS:
                continue
            found.append((os.path.basename(path), text, accelerator([text])))
    return found


def overlay_accelerators(root):
    tree = ET.parse(os.path.join(root, 'src', 'ui', 'gtk', 'help-overlay.ui'))
    accels = set()
    for prop in tree.iter('property'):
        if prop.get('name') == 'accelerator':
            accels.update(prop.text.split())
    return accels


def main():
    if len(sys.argv) != 2:
        print('usage: %s SOURCE_ROOT' % sys.argv[0], file=sys.stderr)
        return 2
    root = sys.argv[1]
    accels = overlay_accelerators(root)
    status = 0
    shortcuts = guide_shortcuts(root)
    for page, written, accel in shortcuts:
        if accel in accels or accel in NOT_SHORTCUTS:
            continue
        print('%s: names the key %s (%s), which is not in src/ui/gtk/help-overlay.ui' % (page, written, accel),
              file=sys.stderr)
        status = 1
    if status == 0:
        print('%d keys named in the guide, all in the shortcuts window' % len(shortcuts))
    return status


if __name__ == '__main__':
    sys.exit(main())
