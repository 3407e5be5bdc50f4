"""Usage evidence (SPEC rule 13) against the real service on SQLite and PostgreSQL: real HTTP calls
from 127.0.0.2 / 127.0.0.3 (uvicorn on 127.0.0.1 accepts any 127.x source address), the single
token read's `usage`, writes on a clean stop, the 10-address bound and the `token.new_address` audit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import httpx
import pytest

from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind
from desktop_app.server import app as app_module
from desktop_app.server.store import TokenStore
from desktop_app.server.usage import USER_AGENT_LENGTH, UsageRecorder, clean_user_agent
from tests.live_server import LiveServer, MovableClock, live_server

from .helpers import bearer, generate, token_auth

TENANT = "acme"


@contextmanager
def calling_from(srv: LiveServer, address: str, user_agent: str) -> Iterator[httpx.Client]:
    """An HTTP client whose connections leave from `address` and say `user_agent`."""
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(
        base_url=srv.url, transport=transport, headers={"User-Agent": user_agent}, timeout=10
    ) as client:
        yield client


def use(srv: LiveServer, secret: str, address: str, user_agent: str, times: int = 1) -> None:
    with calling_from(srv, address, user_agent) as client:
        for _ in range(times):
            response = client.get(f"/t/{TENANT}/api/v1/alerts/", headers=token_auth(secret))
            assert response.status_code == 200, response.text


def read_token(srv: LiveServer, token_id: str) -> dict:
    session = srv.sign_in(TENANT, "alice")
    response = httpx.get(f"{srv.tenant_url(TENANT)}/tokens/{token_id}", headers=bearer(session), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def new_token(srv: LiveServer, name: str = "collector") -> dict:
    session = srv.sign_in(TENANT, "alice")
    with httpx.Client(base_url=srv.url, timeout=10) as http:
        return generate(http, TENANT, session, name=name)


def stored_addresses(store: TokenStore, token_id: str) -> list[tuple[str, str]]:
    a = store.models.TokenAddress
    with store.db.connection_context():
        rows = a.select(a.address, a.user_agent).where(a.token == token_id).order_by(a.address).tuples()
        return [tuple(row) for row in rows]


def new_address_events(store: TokenStore) -> list:
    return [e for e in store.audit.events(TENANT) if e.action == "token.new_address"]


def test_addresses_and_daily_counts_from_real_calls_survive_a_clean_stop(db_url, clock: MovableClock) -> None:
    with live_server(db_url, clock=clock) as srv:
        token = new_token(srv)
        first = clock()
        use(srv, token["secret"], "127.0.0.2", "collector-two/1.0", times=3)
        later = clock.advance(minutes=5)
        use(srv, token["secret"], "127.0.0.3", "agent-three/2.0 (linux)", times=2)
        # Read before any write: the answer merges what still waits in memory.
        usage = read_token(srv, token["id"])["usage"]
        assert [a["address"] for a in usage["addresses"]] == ["127.0.0.3", "127.0.0.2"]
        assert [a["user_agent"] for a in usage["addresses"]] == [
            "agent-three/2.0 (linux)",
            "collector-two/1.0",
        ]
        assert usage["addresses"][0]["first_seen"] == later.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert usage["addresses"][1]["last_seen"] == first.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert usage["daily"] == [{"date": first.date().isoformat(), "count": 5}]
        assert stored_addresses(srv.store, token["id"]) == []  # nothing written yet (at most once a minute)
    # The service stopped cleanly: the counts are in the database, read by a fresh service.
    with live_server(db_url, clock=clock) as srv:
        assert srv.store.usage is not None and srv.store.usage.pending_tokens() == 0
        assert stored_addresses(srv.store, token["id"]) == [
            ("127.0.0.2", "collector-two/1.0"),
            ("127.0.0.3", "agent-three/2.0 (linux)"),
        ]
        assert read_token(srv, token["id"])["usage"] == usage


def test_a_new_address_is_audited_once(db_url, clock: MovableClock) -> None:
    with live_server(db_url, clock=clock) as srv:
        token = new_token(srv)
        use(srv, token["secret"], "127.0.0.2", "two/1")
        use(srv, token["secret"], "127.0.0.3", "three/1")
        use(srv, token["secret"], "127.0.0.2", "two/1")
        assert srv.store.usage.flush() == 1
        clock.advance(minutes=2)
        use(srv, token["secret"], "127.0.0.2", "two/2")
        use(srv, token["secret"], "127.0.0.3", "three/1")
        srv.store.usage.flush()
        events = new_address_events(srv.store)
        assert sorted(e.client_addr for e in events) == ["127.0.0.2", "127.0.0.3"]
        assert all(token["id"] in e.target and "collector" in e.target for e in events)
        # The latest user agent of an address is kept.
        assert dict(stored_addresses(srv.store, token["id"]))["127.0.0.2"] == "two/2"
        use(srv, token["secret"], "127.0.0.4", "four/1")
    # A new address met just before a clean stop is audited by that stop's write.
    with live_server(db_url, clock=clock) as srv:
        assert sorted(e.client_addr for e in new_address_events(srv.store)) == [
            "127.0.0.2",
            "127.0.0.3",
            "127.0.0.4",
        ]


def test_at_most_the_last_ten_addresses_are_kept(db_url, clock: MovableClock) -> None:
    with live_server(db_url, clock=clock) as srv:
        token = new_token(srv)
        addresses = [f"127.0.0.{n}" for n in range(2, 14)]  # 12 addresses
        for address in addresses[:6]:
            use(srv, token["secret"], address, f"agent at {address}")
            clock.advance(seconds=10)
        srv.store.usage.flush()
        for address in addresses[6:]:
            use(srv, token["secret"], address, f"agent at {address}")
            clock.advance(seconds=10)
        shown = read_token(srv, token["id"])["usage"]["addresses"]
        newest_first = list(reversed(addresses))[:10]
        assert [a["address"] for a in shown] == newest_first
        srv.store.usage.flush()
        assert sorted(a for a, _ in stored_addresses(srv.store, token["id"])) == sorted(newest_first)
        assert [a["address"] for a in read_token(srv, token["id"])["usage"]["addresses"]] == newest_first
        assert len(new_address_events(srv.store)) == 12
        assert read_token(srv, token["id"])["usage"]["daily"][0]["count"] == 12


def test_no_secret_reaches_the_stored_user_agent(db_url, clock: MovableClock) -> None:
    leaked = new_secret(TokenKind.API)
    with live_server(db_url, clock=clock) as srv:
        token = new_token(srv)
        use(srv, token["secret"], "127.0.0.2", f"curl/8.5 token={leaked} {token['secret']}")
        shown = read_token(srv, token["id"])["usage"]["addresses"][0]["user_agent"]
        srv.store.usage.flush()
        stored = stored_addresses(srv.store, token["id"])[0][1]
        detail = new_address_events(srv.store)[0].detail
    for text in (shown, stored, detail):
        assert leaked not in text and token["secret"] not in text
        assert "curl/8.5 token=[redacted] [redacted]" in text


def test_daily_counts_cover_thirty_days_without_empty_days(db_url, clock: MovableClock) -> None:
    with live_server(db_url, clock=clock) as srv:
        token = new_token(srv)
        start = clock()
        use(srv, token["secret"], "127.0.0.2", "a", times=2)  # day 0: ages out below
        srv.store.usage.flush()
        clock.advance(days=20)
        use(srv, token["secret"], "127.0.0.2", "a", times=1)  # day 20
        clock.advance(days=2)
        srv.store.usage.flush()
        use(srv, token["secret"], "127.0.0.2", "a", times=4)  # day 22, still in memory
        daily = read_token(srv, token["id"])["usage"]["daily"]
        day = lambda n: (start + timedelta(days=n)).date().isoformat()  # noqa: E731
        assert daily == [
            {"date": day(0), "count": 2},
            {"date": day(20), "count": 1},
            {"date": day(22), "count": 4},
        ]
        clock.advance(days=9)  # day 31: day 0 is older than 30 days
        assert read_token(srv, token["id"])["usage"]["daily"] == [
            {"date": day(20), "count": 1},
            {"date": day(22), "count": 4},
        ]
        srv.store.usage.flush()
        d = srv.store.models.TokenDailyUse
        with srv.store.db.connection_context():
            assert sorted(r.day for r in d.select().where(d.token == token["id"])) == [day(20), day(22)]


def test_refused_uses_are_not_counted(db_url, clock: MovableClock) -> None:
    with live_server(db_url, clock=clock) as srv:
        token = new_token(srv)
        with calling_from(srv, "127.0.0.2", "x") as client:
            response = client.post(f"/t/{TENANT}/api/v1/alerts/1/close/", headers=token_auth(token["secret"]))
            assert response.status_code == 403  # a read token
        assert read_token(srv, token["id"])["usage"] == {"addresses": [], "daily": []}


def test_the_old_secrets_last_use_shows_during_a_grace_period(db_url, clock: MovableClock) -> None:
    with live_server(db_url, clock=clock) as srv:
        token = new_token(srv)
        assert "old_secret_last_used" not in read_token(srv, token["id"])
        m = srv.store.models
        with srv.store.writing():  # the rotation itself is not this test's: set its fields directly
            m.Token.update(
                old_secret_valid_until=clock() + timedelta(hours=1), old_secret_last_used_at=None
            ).where(m.Token.id == token["id"]).execute()
        assert read_token(srv, token["id"])["old_secret_last_used"] is None
        with srv.store.writing():
            m.Token.update(old_secret_last_used_at=clock()).where(m.Token.id == token["id"]).execute()
        assert read_token(srv, token["id"])["old_secret_last_used"] == clock().strftime("%Y-%m-%dT%H:%M:%SZ")
        clock.advance(hours=2)
        assert "old_secret_last_used" not in read_token(srv, token["id"])


def test_the_running_service_writes_usage_in_the_background(
    sqlite_url, clock: MovableClock, monkeypatch
) -> None:
    monkeypatch.setattr(app_module, "USAGE_TICK_SECONDS", 0.02)
    with live_server(sqlite_url, clock=clock) as srv:
        token = new_token(srv)
        use(srv, token["secret"], "127.0.0.2", "bg/1")
        written = _wait_until(lambda: stored_addresses(srv.store, token["id"]) == [("127.0.0.2", "bg/1")])
        assert written and srv.store.usage.pending_tokens() == 0


def _wait_until(condition, timeout: float = 10.0) -> bool:
    """Poll a condition the service makes true from its own task (no fixed sleep)."""
    import threading

    deadline = threading.Event()
    timer = threading.Timer(timeout, deadline.set)
    timer.start()
    try:
        while not deadline.is_set():
            if condition():
                return True
            deadline.wait(0.02)
        return condition()
    finally:
        timer.cancel()


# --- the recorder on its own --------------------------------------------------------------------


@pytest.fixture
def store(sqlite_url, clock) -> Iterator[TokenStore]:
    opened = TokenStore.open(sqlite_url, clock=clock)
    yield opened
    opened.close()


def test_a_token_is_written_at_most_once_a_minute(store: TokenStore, clock: MovableClock) -> None:
    from desktop_app.core.roles import Privileges

    store.ensure_tenant(TENANT)
    store.ensure_user(TENANT, "alice", "global_admin")
    who = store.session_principal(store.create_session(TENANT, "alice")[0])
    info, _secret = store.tokens.generate(who, "script", Privileges.READ)
    ticks = [1000.0]
    recorder = UsageRecorder(store, ticks=lambda: ticks[0])
    tenant_id = store.require_tenant_id(TENANT)
    recorder.record(info.id, tenant_id, "127.0.0.2", "a", clock())
    assert recorder.flush(due_only=True) == 1
    recorder.record(info.id, tenant_id, "127.0.0.2", "a", clock())
    ticks[0] += 59
    assert recorder.flush(due_only=True) == 0  # written 59 s ago: waits
    assert recorder.pending_tokens() == 1
    ticks[0] += 1
    assert recorder.flush(due_only=True) == 1
    assert recorder.usage(info.id).daily == [(clock().date().isoformat(), 2)]


def test_user_agents_are_cleaned() -> None:
    assert clean_user_agent("agent\x00/1\x1b[31m\x7f\x85 ok") == "agent/1[31m ok"
    assert len(clean_user_agent("x" * 5000)) == USER_AGENT_LENGTH
    assert clean_user_agent(None) == ""
    hidden = new_secret(TokenKind.API)
    assert hidden not in clean_user_agent("a" * 240 + " " + hidden)
