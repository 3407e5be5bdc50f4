"""The session controller without any window, against a real token service and a real cache: a revoke
never waits behind a running sync, a sync that saw a token before it was revoked does not bring it back,
and one triage sorts every failure."""

from __future__ import annotations

import threading

import pytest

from desktop_app.cache.store import TokenCache
from desktop_app.client.errors import (
    InvalidCredentials,
    PermissionDenied,
    ServiceTimeout,
    ServiceUnreachable,
    SessionExpired,
)
from desktop_app.core.roles import Privileges
from desktop_app.sync import sync_tokens
from desktop_app.ui.errors import ErrorChannel, ErrorKind, classify
from desktop_app.ui.session_controller import SessionController

from .conftest import TENANT, client_for


@pytest.fixture
def signed_in(qtbot, tmp_path, service, session_store, shown):
    """A controller signed in as alice whose syncs after the first wait for `release` (once they read)."""
    client, session = client_for(service, "alice")
    read, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def gated_sync(sync_client, cache, now):
        calls.append(1)
        result = sync_tokens(sync_client, cache, now)
        if len(calls) == 2:  # only the second sync is held, after it has read and stored the service's rows
            read.set()
            assert release.wait(10)
        return result

    cache = TokenCache.open(tmp_path / "cache.sqlite3")
    controller = SessionController(
        cache,
        service_url=service.url,
        tenant=TENANT,
        username="alice",
        error_channel=ErrorChannel(),
        session_store=session_store,
        clock=service.clock,
        sync=gated_sync,
        sync_interval_s=3600,
    )
    with qtbot.waitSignal(controller.synced, timeout=10000):
        controller.set_session(session, client)
    yield controller, client, read, release
    release.set()
    controller.stop(refresh_snapshot=False)
    client.close()


def test_a_revoke_completes_while_a_slow_sync_is_still_running(qtbot, signed_in):
    controller, client, read, release = signed_in
    token = client.generate_token("revoke me", Privileges.READ).token
    changes: list[tuple[list, list]] = []
    controller.tokens_changed.connect(lambda rows, removed: changes.append((rows, removed)))
    controller.sync_now()
    assert read.wait(10), "the second sync read the new token and now waits"
    with qtbot.waitSignal(controller.revoked, timeout=10000) as revoked:
        controller.revoke([token.id])
    assert revoked.args == [[token.id]]
    assert controller.syncing  # the sync is still held: the revoke did not queue behind it
    assert changes == [([], [token.id])]
    assert [t.id for t in client.list_tokens().items] == []
    with qtbot.waitSignal(controller.synced, timeout=10000) as stale:
        release.set()
    assert token.id in {row[0] for row in stale.args[0].added}  # that sync saw the token before the revoke
    assert all(token.id not in {row[0] for row in rows} for rows, _ in changes)  # yet it did not come back
    qtbot.waitUntil(lambda: not controller.syncing and not controller.runner.busy, timeout=10000)
    assert token.id not in {row[0] for row in controller.cache.rows()}


def test_one_triage_for_every_failure():
    assert classify(ServiceUnreachable("http://127.0.0.1:9")) is ErrorKind.OFFLINE
    assert classify(ServiceTimeout("http://127.0.0.1:9", 10)) is ErrorKind.OFFLINE
    assert classify(SessionExpired("http://127.0.0.1:9")) is ErrorKind.SESSION_EXPIRED
    assert classify(PermissionDenied()) is ErrorKind.PERMISSION
    assert classify(InvalidCredentials("http://127.0.0.1:9", TENANT)) is ErrorKind.OTHER
    assert classify(KeyError("role")) is ErrorKind.OTHER


def test_an_expired_session_ends_it_and_a_permission_error_does_not(qtbot, signed_in, shown, monkeypatch):
    controller, client, _read, release = signed_in
    release.set()
    monkeypatch.setattr(client, "revoke_tokens", lambda ids: (_ for _ in ()).throw(PermissionDenied()))
    with qtbot.waitSignal(controller.message, timeout=10000, check_params_cb=lambda text, _ms: text == ""):
        controller.revoke(["some-id"])
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert controller.session is not None and "not allowed" in shown[-1]
    client.sign_out()
    with qtbot.waitSignal(controller.session_expired, timeout=10000):
        controller.sync_now()
    assert controller.session is None and controller.role is None
