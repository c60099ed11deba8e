# SPDX-License-Identifier: GPL-3.0-or-later
"""The measuring half of bench/startup (see that script): runs the rounds and prints the table.

"device-care + chat" is Device Care with a support chat open and idle: a Prosody on loopback and
the desk (as build-aux/demo starts them) run for the whole bench, and each start of the app opens
the chat over D-Bus once its window is mapped and waits for the desk's greeting before measuring.
"""
import argparse
import contextlib
import json
import os
import secrets
import shlex
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

FIGURES = [("map_ms", "start to mapped window", "ms"), ("rss_kb", "RSS after 3 s", "KiB"),
           ("pss_kb", "PSS after 3 s", "KiB"), ("wakeups", "wake-ups while idle", ""),
           ("cpu_ms", "CPU while idle", "ms")]


APP_ID = "io.github.devicecare.DeviceCare"
CHAT = "device-care + chat"
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROSODY_CFG = """-- Written by bench/startup; removed when it ends. Loopback only, no TLS.
run_as_root = true
pidfile = "{run}/prosody.pid"
data_path = "{run}/data"
certificates = "{run}/certs"
log = {{ info = "{run}/prosody.log" }}
admins = {{}}
modules_enabled = {{ "roster", "saslauth", "disco", "ping", "register", "smacks", "websocket",
  "csi_simple", "posix" }}
modules_disabled = {{ "s2s" }}
authentication = "internal_hashed"
allow_registration = true
registration_allowlist = {{ "127.0.0.1" }}
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
consider_websocket_secure = true
interfaces = {{ "127.0.0.1" }}
c2s_interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {c2s_port} }}
s2s_ports = {{}}
component_ports = {{}}
http_interfaces = {{ "127.0.0.1" }}
http_ports = {{ {http_port} }}
https_ports = {{}}

VirtualHost "localhost"

Component "rooms.localhost" "muc"
  modules_enabled = {{ "muc_mam" }}
  muc_log_by_default = true
  muc_log_all_rooms = true
  muc_room_default_public = false
"""

DESK_CONF = """# Written by bench/startup. Open around the clock (no [Hours]); no agent is ever available, so a
# greeted chat waits for the customer's form: open and idle.
[Server]
Service=ws://127.0.0.1:{http_port}/xmpp-websocket
Domain=localhost
RoomService=rooms.localhost

[Account]
Username=desk
Password={password}

[Agents]
Addresses=agent@localhost

[Database]
Path={run}/desk.db
"""


def free_ports(n):
    """Chosen by binding to port 0, held open until all are chosen."""
    held = [socket.socket() for _ in range(n)]
    try:
        for s in held:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in held]
    finally:
        for s in held:
            s.close()


def wait_for(condition, what, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"waited {timeout} s in vain for {what}")
        time.sleep(0.1)


def greeted_sessions(db):
    if not os.path.exists(db):
        return 0
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
        return conn.execute("SELECT count(*) FROM sessions WHERE greeted = 1").fetchone()[0]


class ChatServer:
    """Prosody and the desk, for the whole bench: started like build-aux/demo does, stopped (only
    what this started, by process) on the way out, also on an error."""

    def __init__(self, build):
        self.build = build
        self.run = tempfile.mkdtemp(prefix="dc-bench-chat-")
        self.procs = []
        self.db = os.path.join(self.run, "desk.db")
        self.vendor_conf = os.path.join(self.run, "vendor.conf")

    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self):
        c2s_port, http_port = free_ports(2)
        cfg = os.path.join(self.run, "prosody.cfg.lua")
        for sub in ("data", "certs"):
            os.mkdir(os.path.join(self.run, sub))
        with open(cfg, "w") as f:
            f.write(PROSODY_CFG.format(run=self.run, c2s_port=c2s_port, http_port=http_port))
        password = secrets.token_urlsafe(12)
        for user, pw in (("desk", password), ("agent", secrets.token_urlsafe(12))):
            # Quiet unless it fails: Debian's Prosody warns about an optional DNS library.
            out = subprocess.run(["prosodyctl", "--config", cfg, "register", user, "localhost",
                                  pw], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if out.returncode != 0:
                raise RuntimeError(f"prosodyctl could not register {user}:\n{out.stdout}")
        self._spawn(["prosody", "-F", "--config", cfg], "prosody.out")

        def listening():
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", http_port)) == 0
        wait_for(listening, "Prosody to listen")

        desk_conf = os.path.join(self.run, "desk.conf")
        with open(desk_conf, "w") as f:
            f.write(DESK_CONF.format(run=self.run, http_port=http_port, password=password))
        desk_log = self._spawn([os.path.join(self.build, "src", "desk", "device-care-desk"),
                                "--config", desk_conf], "desk.log")
        wait_for(lambda: "Online as desk@localhost" in open(desk_log).read(), "the desk to sign in")

        # The shipped vendor configuration, with the support chat pointed at this server.
        with open(os.path.join(TOP, "data", "vendor.conf")) as f:
            vendor = f.read()
        with open(self.vendor_conf, "w") as f:
            f.write(vendor + f"\n[Support]\nService=ws://127.0.0.1:{http_port}/xmpp-websocket\n"
                    "Domain=localhost\nDesk=desk@localhost\nRoomService=rooms.localhost\n")

    def _spawn(self, argv, log):
        path = os.path.join(self.run, log)
        with open(path, "w") as out:
            self.procs.append(subprocess.Popen(argv, cwd=self.run, stdout=out,
                                               stderr=subprocess.STDOUT))
        return path

    def __exit__(self, *exc):
        for proc in reversed(self.procs):
            proc.terminate()
        for proc in reversed(self.procs):
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(self.run, ignore_errors=True)

    def env(self):
        # XDG_DATA_HOME is fresh for each start already (one_round): a new account and transcript.
        return {"DEVICE_CARE_VENDOR_CONF": self.vendor_conf, "DEVICE_CARE_ACCOUNT_STORE": "file"}

    def open_chat_command(self):
        """For dc-bench-launch --after-map: runs in the app's session, on its own bus."""
        return shlex.join(["/usr/bin/python3", os.path.abspath(__file__), "--open-chat", self.db,
                           str(greeted_sessions(self.db))])


def open_chat(db, greeted_before):
    """Opens the chat as a tapped notification would, then waits for the desk's greeting."""
    subprocess.run(["gdbus", "call", "--session", "--dest", APP_ID, "--object-path",
                    "/" + APP_ID.replace(".", "/"), "--method", "org.gtk.Actions.Activate",
                    "open-chat", "[]", "{}"], check=True, stdout=subprocess.DEVNULL)
    wait_for(lambda: greeted_sessions(db) > greeted_before, "the desk to greet the customer")


def apps(build, chat):
    """Name, command, extra environment, command once the window is mapped."""
    device_care = os.path.join(build, "src", "ui", "device-care")
    return [("floor", [os.path.join(build, "bench", "dc-bench-floor")], {}, None),
            ("device-care", [device_care], {}, None),
            ("gnome-calculator", ["gnome-calculator"], {}, None),
            ("gnome-clocks", ["gnome-clocks"], {}, None),
            (CHAT, [device_care], chat.env(), chat.open_chat_command)]


def start_xvfb():
    """Xvfb tells its display number through a pipe once it is ready: no polling."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24",
                             "-nolisten", "tcp"], pass_fds=[write_fd], stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = ":" + pipe.readline().strip()
    return xvfb, display


def one_round(build, display, argv, extra_env, after_map, idle):
    with tempfile.TemporaryDirectory(prefix="dc-bench-") as home:
        run = os.path.join(home, "run")
        os.mkdir(run, 0o700)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "DBUS_"))}
        env.update(HOME=home, XDG_RUNTIME_DIR=run, DISPLAY=display, GSK_RENDERER="cairo",
                   XDG_CONFIG_HOME=os.path.join(home, ".config"),
                   XDG_CACHE_HOME=os.path.join(home, ".cache"),
                   XDG_DATA_HOME=os.path.join(home, ".local", "share"),
                   GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"), NO_AT_BRIDGE="1")
        env.update(extra_env)
        launch = [os.path.join(build, "bench", "dc-bench-launch"), str(idle)]
        if after_map is not None:
            launch += ["--after-map", after_map()]
        out = subprocess.run(["dbus-run-session", "--"] + launch + argv, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--open-chat":
        open_chat(sys.argv[2], int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--idle", type=int, default=30)
    args = parser.parse_args()

    xvfb, display = start_xvfb()
    try:
        with ChatServer(args.build) as chat:
            subjects = apps(args.build, chat)
            results = {name: [] for name, _, _, _ in subjects}
            for r in range(args.rounds):
                for name, argv, extra_env, after_map in subjects:
                    results[name].append(one_round(args.build, display, argv, extra_env,
                                                   after_map, args.idle))
                    print(f"round {r + 1}/{args.rounds} {name}: {json.dumps(results[name][-1])}",
                          file=sys.stderr)
    finally:
        xvfb.terminate()
        xvfb.wait()

    print(f"bench/startup: {args.rounds} rounds, {args.idle} s idle, Xvfb, GSK_RENDERER=cairo, "
          f"{os.cpu_count()} cores")
    floor = {key: statistics.median(r[key] for r in results["floor"]) for key, _, _ in FIGURES}
    for key, label, unit in FIGURES:
        print(f"\n{label}{' (' + unit + ')' if unit else ''}: median [min–max]  ×floor")
        for name, runs in results.items():
            values = [r[key] for r in runs]
            median = statistics.median(values)
            ratio = f"{median / floor[key]:.2f}×" if floor[key] else "—"
            print(f"  {name:18} {median:9.1f} [{min(values):g}–{max(values):g}]  {ratio}")
    print(f"\n{CHAT}: the same start as device-care (its start to map says nothing new); measured "
          "once the desk has greeted, the chat waiting for the customer.")


if __name__ == "__main__":
    main()
