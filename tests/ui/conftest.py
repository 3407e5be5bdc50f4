"""Fixtures for the UI tests: a clock the test moves, and token rows in the cache's tuple layout."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.core.token_fields import TOKEN_FIELDS

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)


class FakeClock:
    """`clock()` returns the time the test set; `advance()` moves it."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_rows(count: int, *, now: datetime = NOW, seed: int = 7, kind: str = "api") -> list[tuple]:
    """Realistic rows (ROW_FIELDS): mixed status, a few deprovisioned owners."""
    rnd = random.Random(seed)
    owners = ["alice", "bob", "carol", "dave", "erin", "mallory"]
    words = ["backup", "siem", "ci", "deploy", "export", "grafana", "jira", "nightly", "report", "sync"]
    base = now.timestamp()
    rows = []
    for i in range(count):
        owner = rnd.choice(owners)
        created = base - rnd.uniform(0, 400) * 86400
        pick = rnd.random()
        if pick < 0.3:
            last_used = None
        elif pick < 0.65:
            last_used = base - rnd.uniform(0, 6.9) * 86400
        else:
            last_used = base - rnd.uniform(7.1, 300) * 86400
        values = {
            "id": f"tok-{i:06d}",
            "name": f"{rnd.choice(words)}-{rnd.choice(words)} {i}",
            "kind": kind,
            "owner": owner,
            "owner_deprovisioned": owner == "mallory",
            "privileges": rnd.choice(["read", "read_write"]),
            "created_at": created,
            "last_used_at": max(created, last_used) if last_used is not None else None,
        }
        # Built from the one schema: fields added later take their defaults.
        rows.append(tuple(values.get(field.name, field.default) for field in TOKEN_FIELDS))
    return rows


@pytest.fixture
def rows() -> list[tuple]:
    return make_rows(60)


@pytest.fixture(autouse=True)
def _qapp(qapp):
    """Models start timers in their constructor: the QApplication must exist first."""
    return qapp


# ---- a real token service and the data side, for window and end-to-end tests ---------------------

TENANT = "acme"


@pytest.fixture
def shown(monkeypatch):
    """Messages the error channel would show (no modal box blocks a test)."""
    from desktop_app.ui.errors import ErrorChannel

    messages: list[str] = []
    monkeypatch.setattr(
        ErrorChannel,
        "show_message",
        classmethod(lambda cls, parent, title, text, icon: messages.append(text)),
    )
    return messages


@pytest.fixture
def service(tmp_path):
    """A real token service on 127.0.0.1 (SQLite in tmp_path) and the clock it and the window share."""
    from tests.live_server import MovableClock, live_server

    clock = MovableClock(NOW)
    with live_server(f"sqlite:///{tmp_path / 'service.db'}", clock=clock, public_url=None) as server:
        server.clock = clock
        yield server


def client_for(server, username: str, role=None):
    """A signed-in client (and its session) for `username` on the live service."""
    from desktop_app.client.api import TokenServiceClient
    from desktop_app.core.roles import Role

    token = server.sign_in(TENANT, username, role or Role.GLOBAL_ADMIN)
    client = TokenServiceClient(server.url, TENANT, session_token=token)
    session = client.whoami()
    return client, session


@pytest.fixture
def session_store():
    from desktop_app.session.keyring_store import SessionStore
    from tests.session.keyrings import MemoryKeyring

    return SessionStore(backend=MemoryKeyring())


@pytest.fixture
def make_window(qtbot, tmp_path, shown, session_store):
    """Build a session controller over a real cache in tmp_path and its window; waits for background work
    at teardown. `defer_hidden_sections` goes to the window, the other keywords to the controller."""
    from desktop_app.cache.store import TokenCache
    from desktop_app.ui.errors import ErrorChannel
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.session_controller import SessionController

    windows = []

    def build(
        server=None, *, username="alice", clock=None, cache=None, defer_hidden_sections=False, **kwargs
    ):
        cache = cache or TokenCache.open(tmp_path / f"cache-{len(windows)}.sqlite3")
        controller = SessionController(
            cache,
            service_url=server.url if server is not None else "http://127.0.0.1:9",
            tenant=TENANT,
            username=username,
            error_channel=ErrorChannel(),
            session_store=session_store,
            clock=clock or (server.clock if server is not None else FakeClock()),
            sync_interval_s=3600,
            **kwargs,
        )
        window = MainWindow(controller, defer_hidden_sections=defer_hidden_sections)
        controller.setParent(window)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield build
    for window in windows:
        window.controller.runner.wait_for_done(10000)
        window.secret_clipboard.clear_if_ours()


def exit_after_first_paint_env(rows: list[tuple]) -> dict[str, str]:
    """Environment for the real entry point in exit-after-first-paint mode, its embedded cache holding `rows`."""
    import getpass
    import os
    from pathlib import Path

    from desktop_app.app import EMBEDDED_CACHE_KEY
    from desktop_app.cache.store import TokenCache

    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        DESKTOP_APP_EXIT_AFTER_FIRST_PAINT="1",
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    cache_dir = Path(env["XDG_CACHE_HOME"]) / "token-desk"
    cache = TokenCache.open(TokenCache.path_for(cache_dir, EMBEDDED_CACHE_KEY, "local", getpass.getuser()))
    cache.store_sync(rows, (), "c0", datetime.now(UTC), replace=True)
    cache.close()
    return env
