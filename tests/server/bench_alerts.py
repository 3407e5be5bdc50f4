"""Requests/s of token-checked `GET alerts/` against a bare FastAPI endpoint on the same server.

    .venv/bin/python tests/server/bench_alerts.py [DB_URL] [--rounds 3] [--duration 3]

DB_URL: a SQLite file (default: a temp file) or a `postgresql://` database (its tables are
created in it). One uvicorn worker (uvloop + httptools, no access log) serves both endpoints:
the real app and, under /__bare/, a bare FastAPI app returning the same JSON body. Load comes
from `wrk` (1 thread, 32 connections) in another process; not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def _serve(db_url: str, port: int, payload: bytes) -> None:
    import uvicorn
    from fastapi import FastAPI
    from starlette.responses import Response

    from desktop_app.server.app import create_app

    real = create_app(db_url)
    bare = FastAPI()

    @bare.get("/__bare/alerts/")
    async def bare_alerts() -> Response:
        return Response(payload, media_type="application/json")

    async def dispatch(scope, receive, send):
        app = bare if scope["type"] == "http" and scope["path"].startswith("/__bare/") else real
        await app(scope, receive, send)

    uvicorn.run(
        dispatch,
        host="127.0.0.1",
        port=port,
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_level="warning",
        lifespan="on",
        ws="none",
    )


def _wrk(url: str, duration: float, header: str | None = None) -> float:
    cmd = ["wrk", "-t1", "-c32", f"-d{duration:g}s", url] + (["-H", header] if header else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db_url", nargs="?")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=float, default=3.0)
    ap.add_argument("--serve", nargs=2, metavar=("PORT", "PAYLOAD_FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    db_url = args.db_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    if args.serve:
        _serve(db_url, int(args.serve[0]), Path(args.serve[1]).read_bytes())
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")

    import httpx

    from desktop_app.server.store import TokenStore

    store = TokenStore.open(db_url)
    try:
        store.ensure_user("bench", "bench-admin", "global_admin")
        who = store.session_principal(store.create_session("bench", "bench-admin")[0])
        _, secret = store.tokens.generate(who, f"bench {time.time_ns()}", "read")
        items = json.dumps(store.alerts.list(who.tenant_id), ensure_ascii=False, separators=(",", ":"))
        payload = ('{"items":' + items + "}").encode()
    finally:
        store.close()
    payload_file = Path(tempfile.mkdtemp()) / "payload.json"
    payload_file.write_bytes(payload)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, __file__, db_url, "--serve", str(port), str(payload_file)])
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("the server did not start")
                time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        real_url, header = f"{base}/t/bench/api/v1/alerts/", f"Authorization: Token {secret}"
        real_body = httpx.get(real_url, headers={"Authorization": f"Token {secret}"}).content
        assert real_body == payload, "the bare endpoint must answer the same body"
        _wrk(f"{base}/__bare/alerts/", 1), _wrk(real_url, 1, header)  # warm-up
        ratios = []
        for _ in range(args.rounds):
            bare = _wrk(f"{base}/__bare/alerts/", args.duration)
            real = _wrk(real_url, args.duration, header)
            ratios.append(real / bare)
            print(
                f"bare {bare:8.0f} req/s   token-checked alerts/ {real:8.0f} req/s   ratio {real / bare:.2f}"
            )
        ratios.sort()
        database = "postgresql" if db_url.startswith("postgres") else "sqlite"
        print(f"median ratio {ratios[len(ratios) // 2]:.2f} ({database})")
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
