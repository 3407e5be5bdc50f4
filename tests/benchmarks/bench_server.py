"""The token service for the sync and service figures: a seeded database and a uvicorn process.

- `seed(db_path, rows)` fills a fresh service database with the generated tokens (users via the
  service's own TokenStore, the token rows in one executemany: 100,000 tokens through the HTTP
  API would take minutes and say nothing about the figures measured here).
- `Server(db_path)` runs `python bench_server.py --serve DB PORT` in its own process: the real
  app from `desktop_app.server.app.create_app`, one uvicorn worker, uvloop + httptools, access
  log off; paths under /__bare/ go to a bare FastAPI app on the same server (the service floor).
  `Server(db_path, record_usage=False)` serves it without usage evidence (the usage figure's floor).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench_stats import HERE, REPO, child_env

TENANT = "bench"
ADMIN = "bench.admin"
BARE_PREFIX = "/__bare"


def seed(db_path: Path, rows: list[tuple], with_secrets: int = 0) -> dict[str, str]:
    """A fresh service database at db_path with tenant TENANT, its users, and `rows` as live tokens.

    Returns {token id: secret} for `with_secrets` API tokens of active owners whose secrets are known
    (their digests are stored as the service stores them: SHA-256, no key), so they can be used.
    """
    from desktop_app.core.roles import Role
    from desktop_app.core.secrets import new_secret, secret_digest
    from desktop_app.core.token_fields import FIELD_INDEX
    from desktop_app.core.tokens import TokenKind, name_key
    from desktop_app.server.models import to_micros  # noqa: F401 (documents the time unit)
    from desktop_app.server.store import TokenStore

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    store = TokenStore.open(f"sqlite:///{db_path}")
    try:
        tenant = store.ensure_tenant(TENANT)
        store.ensure_user(TENANT, ADMIN, Role.GLOBAL_ADMIN)
        owners = {}
        owner_at, deprovisioned_at = FIELD_INDEX["owner"], FIELD_INDEX["owner_deprovisioned"]
        for row in rows:
            owners.setdefault(row[owner_at], row[deprovisioned_at])
        for owner in owners:
            store.ensure_user(TENANT, owner, Role.SECURITY_OPERATOR)
        for owner, deprovisioned in owners.items():
            if deprovisioned:
                store.deprovision(TENANT, owner)
    finally:
        store.close()

    known: dict[str, str] = {}
    id_at, kind_at = FIELD_INDEX["id"], FIELD_INDEX["kind"]
    deprovisioned_at, expires_at = FIELD_INDEX["owner_deprovisioned"], FIELD_INDEX["expires_at"]
    for row in rows:
        if len(known) >= with_secrets:
            break
        # Usable secrets: an API token of an active owner that does not expire (expired ones answer 401).
        if row[kind_at] == "api" and not row[deprovisioned_at] and row[expires_at] is None:
            known[row[id_at]] = new_secret(TokenKind.API)

    con = sqlite3.connect(db_path)
    try:
        user_ids = dict(con.execute("SELECT username, id FROM app_user WHERE tenant_id = ?", (tenant.id,)))
        (seq,) = con.execute("SELECT value FROM change_counter WHERE id = 1").fetchone()

        def token_rows():
            from desktop_app.core.token_fields import ROW_FIELDS

            def micros(seconds):
                return None if seconds is None else int(seconds * 1_000_000)

            for i, row in enumerate(rows, 1):
                token = dict(zip(ROW_FIELDS, row, strict=True))
                tid, name = token["id"], token["name"]
                yield (
                    tid,
                    tenant.id,
                    user_ids[token["owner"]],
                    token["kind"],
                    name,
                    name_key(name),
                    token["privileges"],
                    secret_digest(known[tid])
                    if tid in known
                    else hashlib.sha256(("bench-seed:" + tid).encode()).hexdigest(),
                    micros(token["created_at"]),
                    micros(token["last_used_at"]),
                    None,
                    seq + i,
                    micros(token["expires_at"]),
                    token["description"],
                )

        with con:
            con.executemany(
                "INSERT INTO token (id, tenant_id, owner_id, kind, name, name_key, privileges, digest,"
                " created_at, last_used_at, revoked_at, change_seq, expires_at, description)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                token_rows(),
            )
            con.execute("UPDATE change_counter SET value = ? WHERE id = 1", (seq + len(rows),))
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return known


def admin_session(db_path: Path) -> str:
    """A fresh session token for the tenant's global admin (no password: the store makes it)."""
    from desktop_app.server.store import TokenStore

    store = TokenStore.open(f"sqlite:///{db_path}")
    try:
        token, _expires = store.create_session(TENANT, ADMIN)
        return token
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The real service (plus the bare floor endpoint) in its own uvicorn process."""

    def __init__(self, db_path: Path, port: int | None = None, *, record_usage: bool = True) -> None:
        self.db_path = Path(db_path)
        self.record_usage = record_usage
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self._log = None

    def __enter__(self) -> Server:
        self._log = open(self._log_path(), "wb")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(HERE / "bench_server.py"),
                "--serve",
                str(self.db_path),
                str(self.port),
                *([] if self.record_usage else ["--no-usage"]),
            ],
            env=child_env(),
            cwd=REPO,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the service exited {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.__exit__(None, None, None)
        raise RuntimeError(f"the service did not answer /healthz within 60 s:\n{self.log_tail()}")

    def _log_path(self) -> Path:
        return self.db_path.with_suffix(f".{self.port}.server.log")

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self._log_path().read_text("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self._log is not None:
            self._log.close()

    # small JSON helpers for setup steps (not on any timed path)
    def request(self, method: str, path: str, *, body=None, headers=None) -> tuple[int, dict, bytes]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()


# ------------------------------------------------------------------ the server process


def _bare_app():
    from fastapi import Body, FastAPI

    bare = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    state = {"payload": {"items": []}}

    @bare.get(BARE_PREFIX + "/alerts/")
    async def bare_alerts():
        return state["payload"]

    @bare.put(BARE_PREFIX + "/payload")
    async def set_payload(payload=Body(...)):  # noqa: B008 - FastAPI's way
        state["payload"] = payload
        return {"ok": True}

    return bare


def _serve(db_path: str, port: int, record_usage: bool = True) -> None:
    import uvicorn

    from desktop_app.server.app import create_app

    real = create_app(
        f"sqlite:///{db_path}", public_url=f"http://127.0.0.1:{port}", record_usage=record_usage
    )
    bare = _bare_app()

    async def dispatch(scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith(BARE_PREFIX):
            await bare(scope, receive, send)
        else:
            await real(scope, receive, send)

    uvicorn.run(
        dispatch,
        host="127.0.0.1",
        port=port,
        loop="uvloop",
        http="httptools",
        workers=1,
        access_log=False,
        log_level="warning",
        lifespan="auto",
    )


if __name__ == "__main__":
    if len(sys.argv) in (4, 5) and sys.argv[1] == "--serve" and sys.argv[4:] in ([], ["--no-usage"]):
        os.environ.setdefault("PYTHONUNBUFFERED", "1")
        _serve(sys.argv[2], int(sys.argv[3]), record_usage=sys.argv[4:] != ["--no-usage"])
    else:
        sys.exit("usage: bench_server.py --serve DB_PATH PORT [--no-usage]")
