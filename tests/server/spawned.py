"""The service as operators run it: `desktop-app-server serve` in a child process.

with spawned_server(db_url, "--forwarded-allow-ips", "127.0.0.1") as srv:
    httpx.get(srv.url + "/healthz"); srv.process.kill()
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Spawned:
    url: str
    process: subprocess.Popen


def start(db_url: str, *serve_args: str, env: dict | None = None) -> Spawned:
    """Start `serve` and wait until /livez answers (or the process ends: then raise with its stderr)."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desktop_app.server.cli",
            "--db",
            db_url,
            "serve",
            "--port",
            str(port),
            *serve_args,
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode}: {process.stderr.read()}")
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return Spawned(url, process)
        except httpx.TransportError:
            pass
        time.sleep(0.05)  # polling a child process's port: nothing to wait on instead
    process.kill()
    raise RuntimeError("serve did not answer in time")


def stop(spawned: Spawned) -> None:
    if spawned.process.poll() is None:
        spawned.process.send_signal(signal.SIGTERM)
        try:
            spawned.process.wait(15)
        except subprocess.TimeoutExpired:
            spawned.process.kill()
            spawned.process.wait(5)
    if spawned.process.stderr:
        spawned.process.stderr.close()


@contextmanager
def spawned_server(db_url: str, *serve_args: str, env: dict | None = None) -> Iterator[Spawned]:
    spawned = start(db_url, *serve_args, env=env)
    try:
        yield spawned
    finally:
        stop(spawned)
