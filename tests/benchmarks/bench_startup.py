"""Start-up and memory figures of the real `desktop-app` entry point.

Each run is a fresh process: the app (DESKTOP_APP_EXIT_AFTER_FIRST_PAINT=1) against a prepared
cache of N tokens, and the floor, bare_window.py (a bare PySide6 window with an empty QTableView,
which exits after its first paint the same way). Both are timed wall-clock from spawn to exit and
their peak RSS read with wait4 (their own ru_maxrss, not ours). App and floor runs alternate, so a
slow phase of the machine hits both.

The app finds its data where a user's would be: XDG_CONFIG_HOME/XDG_CACHE_HOME/XDG_DATA_HOME point
at a temp home with a settings file naming a service URL on 127.0.0.1 where a socket listens but
never answers (so no network answer arrives before the first paint), and the cache file at the
path the app computes (TokenCache.path_for) filled with N tokens, as on a user's second start.

The figure is spawn → first paint: the app logs "first paint done" (logging's asctime, ms) right
after the table's first paintEvent, the floor prints "first paint at <time>" at the same point.
Where no marker is found the process's exit time is used instead (and the figure says so).
"""

from __future__ import annotations

import calendar
import re
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path

from bench_stats import (
    HERE,
    Goal,
    child_env,
    child_main,
    figure_from_samples,
    log,
    ratio_figure,
    run_process,
    run_worker,
    size_suffix,
)

TENANT = "bench"
USERNAME = "bench.admin"
MIB = 1024  # ru_maxrss is in KiB on Linux


def app_command() -> tuple[list[str], str]:
    """The real entry point: the installed `desktop-app` console script when present."""
    script = Path(sys.executable).parent / "desktop-app"
    if script.exists():
        return [str(script)], "desktop-app console script"
    found = shutil.which("desktop-app")
    if found:
        return [found], "desktop-app console script"
    # Not installed (pip install -e .): call the same function the console script calls.
    return (
        [sys.executable, "-c", "import sys; from desktop_app.app import main; sys.exit(main())"],
        "desktop_app.app:main via python -c (package not installed, so no console script)",
    )


_APP_MARK = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) \S+ desktop_app: first paint done", re.M)
_FLOOR_MARK = re.compile(r"^first paint at ([\d.]+)$", re.M)


def first_paint_ms(res) -> float | None:
    """ms from spawn to the first-paint marker in the process's stderr, or None."""
    m = _FLOOR_MARK.search(res.stderr)
    if m:
        return (float(m.group(1)) - res.spawn_epoch) * 1000
    m = _APP_MARK.search(res.stderr)
    if m:
        # TZ=UTC in the child's environment: asctime is UTC
        moment = calendar.timegm(time.strptime(m.group(1), "%Y-%m-%d %H:%M:%S")) + int(m.group(2)) / 1000
        return (moment - res.spawn_epoch) * 1000
    return None


def _home_env(home: Path, **extra: str) -> dict[str, str]:
    env = child_env(**extra)
    env["TZ"] = "UTC"
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env["HOME"] = str(home)
    return env


def _silent_listener() -> tuple[socket.socket, int]:
    """A TCP socket that accepts connections (kernel backlog) but never answers a byte."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    return s, s.getsockname()[1]


def _prepare(args: dict) -> dict:
    """Worker (runs with the temp home's XDG env): settings file + cache of N tokens."""
    import bench_data

    from desktop_app.cache.store import TokenCache, default_cache_dir
    from desktop_app.settings import AppSettings

    n, url = args["n"], args["url"]
    settings = AppSettings(server_url=url, tenant=TENANT, username=USERNAME, embedded=False)
    settings.save()
    path = TokenCache.path_for(default_cache_dir(), url, TENANT, USERNAME)
    now = bench_data.utc_now()
    rows = bench_data.generate_rows(n, now)
    cache = TokenCache.open(path)
    cache.store_sync(rows, (), "bench-cursor", now, replace=True)
    got = len(cache.rows())
    cache.close()
    return {"cache_path": str(path), "rows": got, "settings_path": str(settings.path)}


def run(sizes: list[int], repeat: int, warmup: int, want_startup=True, want_memory=True) -> list:
    figures = []
    argv, how = app_command()
    log(f"startup: app command = {how}")
    listener, port = _silent_listener()
    url = f"http://127.0.0.1:{port}"
    try:
        for n in sizes:
            with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
                home = Path(tmp)
                env = _home_env(home)
                prep = run_worker(
                    "bench_startup",
                    {"n": n, "url": url},
                    env_extra={
                        k: env[k]
                        for k in (
                            "XDG_CONFIG_HOME",
                            "XDG_CACHE_HOME",
                            "XDG_DATA_HOME",
                            "XDG_STATE_HOME",
                            "HOME",
                        )
                    },
                )
                assert prep["rows"] == n, prep
                app_env = dict(env)
                app_env["DESKTOP_APP_EXIT_AFTER_FIRST_PAINT"] = "1"
                floor_env = dict(env)
                app_ms, floor_ms, app_rss, floor_rss, app_exit, floor_exit = [], [], [], [], [], []
                marks_missing = 0
                for i in range(warmup + repeat):
                    pair = ("floor", "app") if i % 2 == 0 else ("app", "floor")
                    for which in pair:
                        if which == "app":
                            res = run_process(argv, env=app_env, timeout=180, cwd=home)
                        else:
                            res = run_process(
                                [sys.executable, str(HERE / "bare_window.py")],
                                env=floor_env,
                                timeout=120,
                                cwd=home,
                            )
                        if res.returncode != 0:
                            tail = "\n".join((res.stderr or res.stdout).strip().splitlines()[-20:])
                            raise RuntimeError(f"startup {which} run exited {res.returncode}:\n{tail}")
                        painted = first_paint_ms(res)
                        if painted is None:
                            marks_missing += 1
                            painted = res.wall_s * 1000
                        if i >= warmup:
                            (app_ms if which == "app" else floor_ms).append(painted)
                            (app_exit if which == "app" else floor_exit).append(res.wall_s * 1000)
                            (app_rss if which == "app" else floor_rss).append(res.max_rss_kib / MIB)
                log(
                    f"startup {n}: first paint: app {[round(x) for x in app_ms]} ms, floor {[round(x) for x in floor_ms]} ms; "
                    f"exit: app {[round(x) for x in app_exit]} ms, floor {[round(x) for x in floor_exit]} ms; "
                    f"RSS app {[round(x) for x in app_rss]} MiB, floor {[round(x) for x in floor_rss]} MiB"
                )
                s = size_suffix(n)
                if want_startup:
                    note = f"spawn → first paint; {how}"
                    if marks_missing:
                        note += f"; {marks_missing} run(s) without a first-paint marker: their exit time used"
                    figures.append(
                        figure_from_samples(
                            f"startup_ms_{s}",
                            app_ms,
                            "ms",
                            floor_samples=floor_ms,
                            goal=Goal("<=", 3, on="ratio"),
                            note=note,
                        )
                    )
                    figures.append(ratio_figure(f"startup_ratio_{s}", app_ms, floor_ms, goal=Goal("<=", 3)))
                    figures.append(
                        figure_from_samples(
                            f"startup_to_exit_ms_{s}",
                            app_exit,
                            "ms",
                            floor_samples=floor_exit,
                            note="spawn → process exit (first paint, then quit and interpreter teardown)",
                        )
                    )
                if want_memory:
                    figures.append(
                        figure_from_samples(
                            f"peak_rss_mib_{s}",
                            app_rss,
                            "MiB",
                            floor_samples=floor_rss,
                            goal=Goal("<=", 150),
                        )
                    )
    finally:
        listener.close()
    return figures


if __name__ == "__main__":
    child_main(_prepare)
