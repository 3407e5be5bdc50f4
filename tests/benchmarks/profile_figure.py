#!/usr/bin/env python3
"""Profile what lies behind a missed figure (pyinstrument), the same data and set-up as run.py.

    .venv/bin/python tests/benchmarks/profile_figure.py startup [--size 100000]
    .venv/bin/python tests/benchmarks/profile_figure.py sync [--size 100000]
    .venv/bin/python tests/benchmarks/profile_figure.py service [--size 100000]

startup: the real entry point (`desktop_app.app:main`) under pyinstrument, against a prepared
         cache of N tokens (same home as bench_startup), until the first paint.
sync:    a full sync of N tokens into an empty cache, profiled on the client side, and the
         service process sampled with py-spy (all threads) while it lists the tokens.
service: py-spy on the service while the Python load generator hits the token-checked GET alerts/.
Writes text reports to --out (default: a temp folder) and prints their paths.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parents[1]))


def _profiler():
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("pyinstrument is not installed: .venv/bin/pip install pyinstrument (or .[bench])")
    return Profiler(interval=0.0005)


def profile_startup(n: int, out: Path) -> list[Path]:
    import bench_startup
    import bench_stats

    home = out / "startup-home"
    home.mkdir(parents=True, exist_ok=True)
    env = bench_startup._home_env(home)
    listener, port = bench_startup._silent_listener()
    url = f"http://127.0.0.1:{port}"
    try:
        bench_stats.run_worker(
            "bench_startup",
            {"n": n, "url": url},
            env_extra={
                k: env[k]
                for k in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "HOME")
            },
        )
        env["DESKTOP_APP_EXIT_AFTER_FIRST_PAINT"] = "1"
        report = out / f"startup-{n}.txt"
        launcher = (
            out / "launch_desktop_app.py"
        )  # the console script's two lines, as a file pyinstrument runs
        launcher.write_text("import sys\nfrom desktop_app.app import main\nsys.exit(main())\n")
        subprocess.run(
            [sys.executable, "-m", "pyinstrument", "-i", "0.0005", "-o", str(report), str(launcher)],
            env=env,
            cwd=home,
            check=False,
            capture_output=True,
        )
        imports = out / f"startup-{n}-importtime.txt"
        proc = subprocess.run(
            [
                sys.executable,
                "-X",
                "importtime",
                "-c",
                "import sys; from desktop_app.app import main; sys.exit(main())",
            ],
            env=env,
            cwd=home,
            capture_output=True,
            text=True,
        )
        lines = [
            ln
            for ln in proc.stderr.splitlines()
            if ln.startswith("import time:") and ln.split("|")[1].strip().isdigit()
        ]
        lines.sort(key=lambda ln: -int(ln.split("|")[1]))
        imports.write_text("\n".join(lines[:60]) + "\n")
        return [report, imports]
    finally:
        listener.close()


def profile_sync(n: int, out: Path) -> list[Path]:
    import bench_data
    import bench_server

    from desktop_app.cache.store import TokenCache
    from desktop_app.client.api import TokenServiceClient
    from desktop_app.sync import sync_tokens

    now = bench_data.utc_now()
    db = out / "sync-service.db"
    bench_server.seed(db, bench_data.generate_rows(n, now))
    session = bench_server.admin_session(db)
    reports = []
    with bench_server.Server(db) as server:
        client = TokenServiceClient(server.url, bench_server.TENANT, session_token=session)
        warm = TokenCache.open(out / "sync-cache-warm.sqlite3")
        sync_tokens(client, warm, now)  # warm up the service
        warm.delete()
        cache = TokenCache.open(out / "sync-cache.sqlite3")
        p = _profiler()
        p.start()
        t0 = time.perf_counter()
        sync_tokens(client, cache, now)
        ms = (time.perf_counter() - t0) * 1000
        p.stop()
        path = out / f"sync-client-{n}.txt"
        path.write_text(
            f"full sync of {n} tokens: {ms:.0f} ms (profiled)\n" + p.output_text(unicode=False, color=False)
        )
        reports.append(path)
        cache.close()
        # the service side: py-spy samples the uvicorn process (all threads) while it lists
        spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        if Path(spy).exists():
            raw = out / f"sync-service-{n}.stacks"
            rec = subprocess.Popen(
                [
                    spy,
                    "record",
                    "--pid",
                    str(server.pid),
                    "--rate",
                    "500",
                    "--format",
                    "raw",
                    "--output",
                    str(raw),
                    "--duration",
                    "120",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1.0)
            # three full syncs into empty caches: whatever the sync asks the service for
            for k in range(3):
                extra = TokenCache.open(out / f"sync-cache-spy-{k}.sqlite3")
                sync_tokens(client, extra, now)
                extra.delete()
            rec.send_signal(signal.SIGINT)
            rec.wait(30)
            path = out / f"sync-service-list-{n}.txt"
            path.write_text(summarize_stacks(raw))
            reports.append(path)
        else:
            print("py-spy not found (pip install py-spy): no service-side profile", file=sys.stderr)
        client.close()
    return reports


_IDLE_LEAVES = ("Runner.run ", "Condition.wait ", "sleep ", "select ", "poll ", "Queue.get ")


def summarize_stacks(raw: Path, top: int = 30) -> str:
    """py-spy's collapsed stacks → functions with the most busy samples (inclusive and self).

    Frames are grouped by function and file (line numbers dropped); samples whose innermost frame
    waits (the event loop's poll, a worker thread's queue) are left out as idle.
    """
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        count = int(count)
        frames = [
            f.rsplit(":", 1)[0] + ")" if f.endswith(")") and ":" in f else f for f in stack.split(";") if f
        ]
        if not frames or frames[-1].startswith(_IDLE_LEAVES):
            continue
        total += count
        for f in set(frames):
            inclusive[f] = inclusive.get(f, 0) + count
        own[frames[-1]] = own.get(frames[-1], 0) + count
    lines = [f"busy samples: {total} (500 Hz, 3 full syncs)", "", "inclusive   self  function"]
    for f, c in sorted(inclusive.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"{c / total:8.1%}  {own.get(f, 0) / total:5.1%}  {f}")
    lines += ["", "most self time:"]
    for f, c in sorted(own.items(), key=lambda kv: -kv[1])[:15]:
        lines.append(f"{c / total:8.1%}  {f}")
    return "\n".join(lines) + "\n"


def profile_service(n: int, out: Path) -> list[Path]:
    """py-spy on the service while the load generator hits the token-checked GET alerts/ for 5 s."""
    import bench_data
    import bench_server
    import bench_service

    from desktop_app.client.api import TokenServiceClient
    from desktop_app.core.roles import Privileges

    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        sys.exit("py-spy is not installed: .venv/bin/pip install py-spy")
    db = out / "service.db"
    bench_server.seed(db, bench_data.generate_rows(n, bench_data.utc_now()))
    session = bench_server.admin_session(db)
    with bench_server.Server(db) as server:
        client = TokenServiceClient(server.url, bench_server.TENANT, session_token=session)
        secret = client.generate_token("bench-profile", Privileges.READ).secret
        client.close()
        path = f"/t/{bench_server.TENANT}/api/v1/alerts/"
        headers = {"Authorization": f"Token {secret}"}
        bench_service.load_python("127.0.0.1", server.port, path, headers, 2.0)  # warm up
        raw = out / "service-alerts.stacks"
        rec = subprocess.Popen(
            [
                spy,
                "record",
                "--pid",
                str(server.pid),
                "--rate",
                "500",
                "--format",
                "raw",
                "--output",
                str(raw),
                "--duration",
                "120",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
        res = bench_service.load_python("127.0.0.1", server.port, path, headers, 5.0)
        rec.send_signal(signal.SIGINT)
        rec.wait(30)
    report = out / "service-alerts.txt"
    report.write_text(
        f"load: {res['rps']:.0f} req/s, p50 {res['p50_ms']:.1f} ms, p99 {res['p99_ms']:.1f} ms, "
        f"statuses {res['statuses']}\n"
        + summarize_stacks(raw).replace("3 full lists of the tokens", "5 s of GET alerts/")
    )
    return [report]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("startup", "sync", "service"))
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = a.out or Path(tempfile.mkdtemp(prefix=f"bench-profile-{a.what}-"))
    out.mkdir(parents=True, exist_ok=True)
    reports = {"startup": profile_startup, "sync": profile_sync, "service": profile_service}[a.what](
        a.size, out
    )
    for path in reports:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
