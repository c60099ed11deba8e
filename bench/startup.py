# SPDX-License-Identifier: GPL-3.0-or-later
"""The measuring half of bench/startup (see that script): runs the rounds and prints the table."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

FIGURES = [("map_ms", "start to mapped window", "ms"), ("rss_kb", "RSS after 3 s", "KiB"),
           ("pss_kb", "PSS after 3 s", "KiB"), ("wakeups", "wake-ups while idle", ""),
           ("cpu_ms", "CPU while idle", "ms")]


def apps(build):
    return [("floor", [os.path.join(build, "bench", "dc-bench-floor")]),
            ("device-care", [os.path.join(build, "src", "ui", "device-care")]),
            ("gnome-calculator", ["gnome-calculator"]),
            ("gnome-clocks", ["gnome-clocks"])]


def start_xvfb():
    """Xvfb tells its display number through a pipe once it is ready: no polling."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24",
                             "-nolisten", "tcp"], pass_fds=[write_fd], stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = ":" + pipe.readline().strip()
    return xvfb, display


def one_round(build, display, name, argv, idle):
    with tempfile.TemporaryDirectory(prefix="dc-bench-") as home:
        run = os.path.join(home, "run")
        os.mkdir(run, 0o700)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "DBUS_"))}
        env.update(HOME=home, XDG_RUNTIME_DIR=run, DISPLAY=display, GSK_RENDERER="cairo",
                   XDG_CONFIG_HOME=os.path.join(home, ".config"),
                   XDG_CACHE_HOME=os.path.join(home, ".cache"),
                   XDG_DATA_HOME=os.path.join(home, ".local", "share"),
                   GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"), NO_AT_BRIDGE="1")
        launch = os.path.join(build, "bench", "dc-bench-launch")
        out = subprocess.run(["dbus-run-session", "--", launch, str(idle)] + argv, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--idle", type=int, default=30)
    args = parser.parse_args()

    xvfb, display = start_xvfb()
    results = {name: [] for name, _ in apps(args.build)}
    try:
        for r in range(args.rounds):
            for name, argv in apps(args.build):
                results[name].append(one_round(args.build, display, name, argv, args.idle))
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
            print(f"  {name:17} {median:9.1f} [{min(values):g}–{max(values):g}]  {ratio}")


if __name__ == "__main__":
    main()
