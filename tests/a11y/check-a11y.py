# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads Device Care's accessibility tree over AT-SPI, as a screen reader would, and finds the pages
and their main controls by name and role; every button must have a name. Then uses it with the
keyboard alone (xdotool): Alt+1/2/3 switch pages, Tab reaches the controls.

    check-a11y.py APP ROOT     (in a D-Bus session with a display; ROOT: a device fixture tree)
"""
import os
import subprocess
import sys
import time

import pyatspi

APP_NAME = "device-care"


def walk(node, depth=0):
    yield node
    if depth > 60:
        return
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            yield from walk(child, depth + 1)


def find_app(timeout):
    """Waits for the app to appear on the accessibility bus (it registers once its window shows)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == APP_NAME and app.childCount > 0:
                return app
        time.sleep(0.2)  # the registry has no signal for "an app arrived" that pyatspi exposes
    return None


def named(app, role, name):
    return [n for n in walk(app) if n.getRole() == role and n.name == name]


def missing_controls(app):
    roles = pyatspi
    problems = []
    # The three pages, reachable from the view switcher.
    for page in ("Device", "Support", "Places"):
        if not [n for n in walk(app) if n.name == page
                and n.getRole() in (roles.ROLE_TOGGLE_BUTTON, roles.ROLE_PUSH_BUTTON,
                                    roles.ROLE_PAGE_TAB, roles.ROLE_RADIO_BUTTON)]:
            problems.append(f"no switcher button named “{page}”")
    # The device page's own controls, there once the identity is read.
    buttons = (roles.ROLE_PUSH_BUTTON, roles.ROLE_TOGGLE_BUTTON)  # GTK 4.8 says push for both
    for name in ("Show Serial Number", "Copy Serial Number", "Main Menu"):
        if not [n for role in buttons for n in named(app, role, name)]:
            problems.append(f"no button named “{name}”")
    # No control a screen reader could not name.
    for node in walk(app):
        if node.getRole() in (roles.ROLE_PUSH_BUTTON, roles.ROLE_TOGGLE_BUTTON,
                              roles.ROLE_CHECK_BOX) and not node.name:
            problems.append(f"a {node.getRoleName()} without a name")
    return problems


def selected_page(app):
    for node in walk(app):
        if node.getRole() == pyatspi.ROLE_PAGE_TAB and node.getState().contains(pyatspi.STATE_SELECTED):
            return node.name
    return None


def focused(app):
    for node in walk(app):
        if node.getState().contains(pyatspi.STATE_FOCUSED):
            return node.name
    return None


def key(*keys):
    subprocess.run(["xdotool", "key", "--delay", "50"] + list(keys), check=True)


def eventually(check, seconds=5):
    """The key reaches the app through the X server, and AT-SPI sees the result after that."""
    deadline = time.monotonic() + seconds
    while not (result := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return result


def missing_by_keyboard(app, pid):
    """Pages by Alt+1/2/3, then Tab through the Device page to its serial controls."""
    problems = []
    windows = subprocess.run(["xdotool", "search", "--sync", "--pid", str(pid)],
                             capture_output=True, text=True, check=True).stdout.split()
    subprocess.run(["xdotool", "windowfocus", "--sync", windows[-1]], check=True)
    for keys, page in (("alt+3", "Places"), ("alt+2", "Support"), ("alt+1", "Device")):
        key(keys)
        if not eventually(lambda: selected_page(app) == page):
            problems.append(f"{keys} does not show the {page} page")
    wanted = {"Show Serial Number", "Copy Serial Number"}
    reached = set()
    for _ in range(20):
        before = focused(app)
        key("Tab")
        reached.add(eventually(lambda: (now := focused(app)) != before and now, 2) or before)
        if wanted <= reached:
            break
    for name in sorted(wanted):
        if name not in reached:
            problems.append(f"Tab never reaches “{name}” (reached: {sorted(n for n in reached if n)})")
    return problems


def main():
    env = dict(os.environ, GTK_A11Y="atspi", DEVICE_CARE_ROOT=sys.argv[2])
    env.pop("NO_AT_BRIDGE", None)
    proc = subprocess.Popen([sys.argv[1]], env=env)
    try:
        app = find_app(20)
        if app is None:
            print("the app never appeared on the accessibility bus")
            return 1
        # Parts of the page come after the first frame (the identity is read in a thread).
        deadline = time.monotonic() + 10
        while (problems := missing_controls(app)) and time.monotonic() < deadline:
            time.sleep(0.2)
        problems += missing_by_keyboard(app, proc.pid)
    finally:
        proc.terminate()
        proc.wait()
    for problem in problems:
        print(problem)
    if not problems:
        print("pages and controls found by name and role, and reached by keyboard")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
