#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The window as a screen reader sees it, over AT-SPI: every control has a
# name (not empty, not a GTK class name), and the sequence diagram tells the
# current step's narration and its segment's fields, updated when the
# lesson steps (through the "Step forward" button's own AT-SPI action).
#
# Usage: tests/check-a11y.py HANDSHAKE
# Starts its own D-Bus session (dbus-run-session) and the AT-SPI bus in it;
# needs a display (run under Xvfb). Exits 77 (skipped) with a reason when
# AT-SPI cannot start here: no pyatspi, no dbus-run-session, no display, or
# no accessibility bus.

import os
import re
import shutil
import subprocess
import sys
import time

SKIP = 77

# Roles a user operates, which must each say what they are.
CONTROL_ROLES = {
    'push button', 'toggle button', 'check box', 'radio button', 'combo box',
    'spin button', 'slider', 'entry', 'text', 'password text', 'page tab',
    'page tab list', 'menu item', 'list', 'tree', 'table',
}
# A name GTK makes up from the widget's class when it has none.
CLASS_NAME = re.compile(r'^(Gtk|Adw|Hs)[A-Z][A-Za-z]*$')


def skip(reason):
    print(f'SKIP: {reason}')
    sys.exit(SKIP)


def fail(message):
    print(f'FAIL: {message}')
    sys.exit(1)


def reexec():
    """Runs this script again inside a D-Bus session of its own, with a
    Python that has pyatspi (Debian's, not a virtual environment's)."""
    if os.environ.get('HS_A11Y_SESSION') == '1':
        return
    try:
        import pyatspi  # noqa: F401
        python = sys.executable
    except ImportError:
        python = '/usr/bin/python3'
        if not os.path.exists(python) or subprocess.run(
                [python, '-c', 'import pyatspi'], capture_output=True).returncode != 0:
            skip('python3-pyatspi is not installed (build-aux/setup.sh installs it)')
    runner = shutil.which('dbus-run-session')
    if runner is None:
        skip('dbus-run-session is not installed (package dbus)')
    if not os.environ.get('DISPLAY'):
        skip('no display: run under Xvfb')
    env = dict(os.environ, HS_A11Y_SESSION='1')
    # pyatspi's own warnings (a cache it asks every application for) are
    # not the program's: fatal warnings stay for handshake alone
    if 'G_DEBUG' in env:
        env['HS_A11Y_G_DEBUG'] = env.pop('G_DEBUG')
    status = subprocess.run([runner, '--', python, os.path.abspath(__file__)] + sys.argv[1:],
                            env=env).returncode
    sys.exit(status)


def find_app(pyatspi, name, deadline):
    while time.monotonic() < deadline:
        try:
            desktop = pyatspi.Registry.getDesktop(0)
            for app in desktop:
                if app is not None and app.name == name:
                    return app
        except Exception:  # the registry may still be starting
            pass
        time.sleep(0.2)
    return None


def walk(node, path=()):
    yield node, path
    for child in node:
        if child is not None:
            yield from walk(child, path + (node,))


def find(nodes, role, name):
    for node, _ in nodes:
        if node.getRoleName() == role and node.name == name:
            return node
    return None


def wait_for(predicate, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return predicate()


def main():
    reexec()
    import pyatspi

    handshake = sys.argv[1]
    env = dict(os.environ)
    # the test environment turns accessibility off for the other tests
    env.pop('GTK_A11Y', None)
    env.pop('NO_AT_BRIDGE', None)
    env['GSETTINGS_BACKEND'] = 'memory'
    if 'HS_A11Y_G_DEBUG' in env:
        env['G_DEBUG'] = env.pop('HS_A11Y_G_DEBUG')
    proc = subprocess.Popen([handshake, '--lesson', 'three-way-handshake'], env=env,
                            stdout=subprocess.DEVNULL)
    try:
        app = find_app(pyatspi, 'handshake', time.monotonic() + 20)
        if app is None:
            if proc.poll() is not None:
                fail(f'handshake exited with status {proc.returncode}')
            skip('the window did not appear on the AT-SPI bus')

        # every round trip to the application costs: walk the tree once
        nodes = wait_for(lambda: (lambda n: find(n, 'image', 'Sequence diagram') and n)(list(walk(app))))
        diagram = find(nodes or [], 'image', 'Sequence diagram')
        if diagram is None:
            fail('no image named “Sequence diagram”')

        # names
        unnamed = []
        count = 0
        for node, path in nodes:
            role = node.getRoleName()
            if role not in CONTROL_ROLES:
                continue
            # a drop-down's own button and list belong to it: it has the name
            if any(p.getRoleName() == 'combo box' for p in path):
                continue
            count += 1
            if not node.name or CLASS_NAME.match(node.name) or '_' in node.name:
                where = ' > '.join(f'{p.getRoleName()} “{p.name}”' for p in path[-3:])
                unnamed.append(f'{role} “{node.name}” in {where}')
        print(f'{count} controls checked')
        if unnamed:
            fail('controls without an accessible name:\n  ' + '\n  '.join(unnamed))

        for role, name in [('push button', 'Step forward'), ('push button', 'Play'),
                           ('slider', 'Timeline'), ('entry', 'Search lessons'),
                           ('list', 'Lessons'), ('page tab list', 'Side panel')]:
            if find(nodes, role, name) is None:
                fail(f'no {role} named “{name}”')

        # the narration, before and after a step
        if diagram.description != 'Three-way handshake':
            fail(f'before the first step the diagram says “{diagram.description}”')
        forward = find(nodes, 'push button', 'Step forward')
        action = forward.queryAction()
        for step in range(1, 6):
            before = diagram.description
            action.doAction(0)
            # the diagram tells a step once it shows it (after its animation)
            if not wait_for(lambda: diagram.description != before):
                fail(f'step {step}: the diagram still says “{before}”')
        # step 5: the client's SYN
        expected = ('The client sends a SYN to open a connection to the server: seq = 0',
                    '\nSYN seq=0 win=')
        described = wait_for(lambda: all(e in (diagram.description or '') for e in expected) and
                             diagram.description)
        if not described:
            fail(f'after five steps the diagram says “{diagram.description}”, '
                 f'not the SYN’s narration and fields')
        print(f'the diagram says: {described!r}')
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    print('every control has a name; the diagram tells the narration and the segment')


if __name__ == '__main__':
    main()
