"""A real token service for tests: uvicorn on 127.0.0.1, a free port, in a background thread.

    from tests.live_server import live_server
    with live_server("sqlite:////tmp/x.db", clock=my_clock) as srv:
        srv.url                                  # "http://127.0.0.1:PORT"
        srv.store.ensure_tenant("acme")          # the app's TokenStore (desktop_app.server.store)
        token = srv.sign_in("acme", "alice")     # ensure user (global admin) + session token
        srv.tenant_url("acme")                   # "http://127.0.0.1:PORT/t/acme/api/v1"
        httpx.get(srv.url + "/healthz")

`create_app_kwargs` go to desktop_app.server.app.create_app (public_url, clock, digest_key,
password_hasher, limits such as token_failures=3); password_hasher defaults to
TEST_PASSWORD_HASHER (argon2id with light parameters, so password tests stay quick).

Fixtures (import them into a conftest.py: `from tests.live_server import db_url, clock, server`):
- `db_url`: parametrized over a SQLite file in tmp_path and (marker `postgres`) a fresh PostgreSQL DB;
- `sqlite_url`: a SQLite file URL only;
- `clock`: a MovableClock (aware UTC, `.advance(...)`, `.set(...)`), passed to the app by `server`;
- `server`: a started LiveServer over `db_url` with `clock`.
`serve_app(app)` runs any ASGI app the same way (benchmarks, the embedded tenant's own tests).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import uvicorn
from argon2 import PasswordHasher

from desktop_app.core.roles import Role
from desktop_app.server.app import create_app
from desktop_app.server.store import TokenStore

from .postgres import admin_url, fresh_database

START_TIMEOUT = 20.0


class MovableClock:
    """A clock tests set and advance; callable like the app's `clock`."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment

    def advance(self, delta: timedelta | None = None, **kwargs) -> datetime:
        with self._lock:
            self._now += delta if delta is not None else timedelta(**kwargs)
            return self._now


class _Server(uvicorn.Server):
    """uvicorn that says when it is up and stops at once when asked (no 0.1 s tick to wait out)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None

    async def startup(self, sockets=None) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        await super().startup(sockets=sockets)
        self.ready.set()

    async def main_loop(self) -> None:
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864_000
            try:
                await asyncio.wait_for(self._stop.wait(), 0.1)
            except TimeoutError:
                pass

    def stop(self) -> None:
        self.should_exit = True
        if self._loop is not None and not self._loop.is_closed():
            try:
                self._loop.call_soon_threadsafe(self._stop.set)
            except RuntimeError:  # the loop closed meanwhile
                pass


@contextmanager
def serve_app(app, *, access_log: bool = True) -> Iterator[str]:
    """Serve an ASGI app on 127.0.0.1 (free port) in a thread; yield its base URL; stop cleanly."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, log_config=None, ws="none", lifespan="on", access_log=access_log, timeout_graceful_shutdown=5
    )
    if access_log:
        # uvicorn.Config(access_log=False), made by an earlier test in this process, turns the
        # process-wide "uvicorn.access" logger's propagation off for good; the access log tests need it.
        logging.getLogger("uvicorn.access").propagate = True
    server = _Server(config)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:
            failure.append(exc)
        finally:
            server.ready.set()

    thread = threading.Thread(target=run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    try:
        if not server.ready.wait(START_TIMEOUT) or failure or not server.started:
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}: {failure or 'timeout'}")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
        thread.join(START_TIMEOUT)
        sock.close()
        if thread.is_alive():
            raise RuntimeError("uvicorn did not stop")
        if failure:
            raise failure[0]


@dataclass
class LiveServer:
    url: str
    app: object
    store: TokenStore
    db_url: str

    def tenant_url(self, tenant: str) -> str:
        return f"{self.url}/t/{tenant}/api/v1"

    def sign_in(self, tenant: str, username: str, role: Role | str = Role.GLOBAL_ADMIN) -> str:
        """Ensure tenant and user (with `role`) exist; return a new session token, without a password."""
        self.store.ensure_tenant(tenant)
        self.store.ensure_user(tenant, username, role)
        return self.store.create_session(tenant, username)[0]


# Still argon2id, with cheaper parameters: tests hash and check many passwords on a busy machine.
TEST_PASSWORD_HASHER = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


@contextmanager
def live_server(db_url: str, **create_app_kwargs) -> Iterator[LiveServer]:
    """create_app(db_url, **create_app_kwargs) served by a real uvicorn; see the module docstring.

    Unless given, `password_hasher` is TEST_PASSWORD_HASHER (argon2id, light parameters).
    """
    create_app_kwargs.setdefault("password_hasher", TEST_PASSWORD_HASHER)
    app = create_app(db_url, **create_app_kwargs)
    try:
        with serve_app(app) as url:
            yield LiveServer(url=url, app=app, store=app.state.store, db_url=db_url)
    finally:
        app.state.store.close()


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'tokens.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    """The same test on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tokens.db'}"
    else:
        with fresh_database(admin_url()) as url:
            yield url


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def server(db_url, clock) -> Iterator[LiveServer]:
    with live_server(db_url, clock=clock, public_url=None) as srv:
        yield srv
