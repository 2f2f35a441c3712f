#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Mnemonic letters in the Chinese catalogs follow GNOME's zh_CN and zh_TW
conventions.

A Chinese label shows a mnemonic as a Latin letter in brackets after the
text ("打开(_O)"), because the characters themselves cannot be underlined
by a key. That letter belongs only where the English label has an
underlined letter, and it is the same letter: a header-bar or toggle button
whose English has none shows none in Chinese either (no "时序(S)").
Toggle buttons in the templates carry no mnemonic at all (their shortcuts
are in their tooltips), as GNOME's header bars do.

Usage: check-mnemonics.py SOURCE_ROOT
"""

import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

# "(_O)", "（_O）", and a bare "(S)" that reads like one
UNDERLINED = re.compile(r"[(（]_([A-Za-z0-9])[)）]")
BARE = re.compile(r"[(（]([A-Za-z])[)）]")


def unquote(lines):
    text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', lines))
    return bytes(text, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def entries(path):
    """(msgid, [msgstr...]) of each translated entry of a .po file."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for block in re.split(r"\n\s*\n", text):
        if block.lstrip().startswith("#~"):
            continue
        msgid = re.search(r"^msgid ((?:\".*\"\n?)+)", block, re.M)
        if msgid is None:
            continue
        strs = re.findall(r"^msgstr(?:\[\d+\])? ((?:\".*\"\n?)+)", block, re.M)
        yield unquote(msgid.group(1)), [unquote(s) for s in strs]


def mnemonic(msgid):
    """The English label's underlined letter, or None."""
    m = re.search(r"(?<![A-Za-z0-9%])_([A-Za-z0-9])|(?<=[A-Za-z])_([A-Za-z0-9])", msgid)
    if m is None or "_" not in msgid:
        return None
    # identifiers such as send_buffered or %s_ are not mnemonics: a label
    # has one underscore
    if msgid.count("_") != 1 or re.search(r"[a-z]_[a-z]+_|^[a-z_]+$", msgid):
        return None
    return (m.group(1) or m.group(2)).lower()


def check_catalog(path):
    problems = []
    for msgid, msgstrs in entries(path):
        if msgid == "":
            continue
        letter = mnemonic(msgid)
        for msgstr in msgstrs:
            for m in UNDERLINED.finditer(msgstr):
                if letter is None:
                    problems.append(f"{path}: “{msgstr}” has the mnemonic (_{m.group(1)}) "
                                    f"but the English “{msgid}” has none")
                elif m.group(1).lower() != letter:
                    problems.append(f"{path}: “{msgstr}” has the mnemonic (_{m.group(1)}), "
                                    f"the English “{msgid}” underlines “{letter}”")
            for m in BARE.finditer(msgstr):
                if m.group(0).replace("（", "(").replace("）", ")") not in msgid:
                    problems.append(f"{path}: “{msgstr}” shows “{m.group(0)}” like a mnemonic letter; "
                                    f"the English is “{msgid}”")
    return problems


def check_templates(root):
    problems = []
    for path in sorted(glob.glob(os.path.join(root, "src", "ui", "**", "*.ui"), recursive=True)):
        tree = ET.parse(path)
        for obj in tree.iter("object"):
            if obj.get("class") != "GtkToggleButton":
                continue
            props = {p.get("name"): (p.text or "") for p in obj.findall("property")}
            if props.get("use-underline", "false").lower() in ("true", "yes", "1"):
                problems.append(f"{path}: the toggle button “{props.get('label', '')}” has a mnemonic; "
                                f"header-bar and toggle buttons carry none")
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    problems = check_templates(root)
    for lang in ("zh_CN", "zh_TW"):
        path = os.path.join(root, "po", lang + ".po")
        if os.path.exists(path):
            problems += check_catalog(path)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
