# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifest parses and asks for no more than the app uses: network (support chat,
places feed), a display (Wayland, X11 as fallback, with the IPC X11 needs), the GPU, and talking
to the system services it reads. No file system, no session or system bus at large."""
import json
import sys

ALLOWED = {
    "--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri",
    "--system-talk-name=org.freedesktop.UPower",
    "--system-talk-name=org.freedesktop.ModemManager1",
    "--system-talk-name=org.freedesktop.NetworkManager",
    "--system-talk-name=org.freedesktop.hostname1",
    "--system-talk-name=net.hadess.SensorProxy",
}
REQUIRED = {"--share=network", "--socket=wayland", "--socket=fallback-x11", "--device=dri"}

with open(sys.argv[1], encoding="utf-8") as f:
    manifest = json.load(f)

problems = []
if manifest.get("app-id") != "io.github.devicecare.DeviceCare":
    problems.append(f"app-id is {manifest.get('app-id')!r}")
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
    problems.append("the runtime must be GNOME's")
if manifest.get("command") != "device-care":
    problems.append(f"command is {manifest.get('command')!r}")
args = manifest.get("finish-args", [])
for arg in args:
    if arg not in ALLOWED:
        problems.append(f"permission the app does not use: {arg}")
for arg in REQUIRED - set(args):
    problems.append(f"missing permission: {arg}")
app = manifest.get("modules", [{}])[-1]
if app.get("name") != "device-care" or app.get("buildsystem") != "meson":
    problems.append("the last module must build device-care with meson")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
