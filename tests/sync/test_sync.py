"""sync_tokens against a live service: full then incremental, fallback on a rejected cursor, all-or-nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from desktop_app.cache.store import TokenCache
from desktop_app.client.api import TokenServiceClient
from desktop_app.client.errors import ServiceUnreachable
from desktop_app.client.models import GeneratedToken
from desktop_app.core.roles import Privileges, Role
from desktop_app.core.token_fields import row_from_token
from desktop_app.core.tokens import TokenKind
from desktop_app.sync import sync_tokens
from tests.cache.service_data import generate_many
from tests.client.service import acme_service, client_for
from tests.live_server import LiveServer, MovableClock

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def use(generated: GeneratedToken) -> None:
    response = httpx.get(
        f"{generated.tenant_api_url}/api/v1/alerts/", headers={"Authorization": f"Token {generated.secret}"}
    )
    assert response.status_code == 200


def service_rows(client: TokenServiceClient) -> list[tuple]:
    return sorted(row_from_token(t) for t in client.list_tokens(kinds=tuple(TokenKind)).items)


@pytest.fixture
def cache(tmp_path: Path):
    with TokenCache.open(tmp_path / "cache.sqlite3") as opened:
        yield opened


def test_first_sync_is_full_and_covers_every_kind(admin: TokenServiceClient, cache: TokenCache) -> None:
    made = [
        admin.generate_token("api", Privileges.READ),
        admin.generate_token("siem", Privileges.READ, kind=TokenKind.SIEM_AGENT),
        admin.generate_token("logs", Privileges.READ, kind=TokenKind.LOG_COLLECTOR),
    ]
    result = sync_tokens(admin, cache, NOW)
    assert result.full and result.changed == [] and result.removed == []
    assert sorted(result.added) == sorted(row_from_token(g.token) for g in made)
    assert sorted(cache.rows()) == service_rows(admin)
    assert [row[0] for row in cache.rows("siem_agent")] == [made[1].token.id]
    assert cache.cursor and cache.last_sync_at == NOW


def test_incremental_sync_reports_added_changed_and_removed(
    admin: TokenServiceClient, cache: TokenCache
) -> None:
    kept, used, revoked = (admin.generate_token(n, Privileges.READ) for n in ("kept", "used", "revoked"))
    sync_tokens(admin, cache, NOW)
    first_cursor = cache.cursor
    new = admin.generate_token("new", Privileges.READ_WRITE)
    use(used)
    admin.revoke_token(revoked.token.id)

    later = NOW + timedelta(minutes=5)
    result = sync_tokens(admin, cache, later)
    assert not result.full
    assert [row[0] for row in result.added] == [new.token.id]
    assert [row[0] for row in result.changed] == [used.token.id]
    assert result.changed[0][7] is not None  # last_used_at arrived
    assert result.removed == [revoked.token.id]
    assert kept.token.id in {row[0] for row in cache.rows()}
    assert sorted(cache.rows()) == service_rows(admin)
    assert cache.cursor != first_cursor and cache.last_sync_at == later


def test_sync_with_nothing_new_changes_nothing(admin: TokenServiceClient, cache: TokenCache) -> None:
    admin.generate_token("only", Privileges.READ)
    sync_tokens(admin, cache, NOW)
    before = cache.rows()
    result = sync_tokens(admin, cache, NOW)
    assert not result.full and result.empty
    assert cache.rows() == before


def test_rejected_cursor_falls_back_to_a_full_sync(
    service: LiveServer, admin: TokenServiceClient, cache: TokenCache
) -> None:
    stays, goes = (
        admin.generate_token("stays", Privileges.READ),
        admin.generate_token("goes", Privileges.READ),
    )
    sync_tokens(admin, cache, NOW)
    admin.revoke_token(goes.token.id)
    # A role change makes the service reject the old cursor (visibility is part of it).
    service.store.set_role("acme", "alice", Role.SECURITY_OPERATOR)
    result = sync_tokens(admin, cache, NOW)
    assert result.full
    assert result.removed == [goes.token.id] and result.added == []
    assert [row[0] for row in cache.rows()] == [stays.token.id]
    assert sorted(cache.rows()) == service_rows(admin)


class _CutOff(Exception):
    pass


def _cut_off_after(limit: int):
    def wrap(rows):
        for count, row in enumerate(rows):
            if count == limit:
                raise _CutOff("the sync was killed here")
            yield row

    return wrap


def _kill_writes_after(monkeypatch: pytest.MonkeyPatch, cache: TokenCache, limit: int) -> None:
    original = cache.store_sync

    def store_sync(rows, removed, cursor, synced_at, *, replace):
        return original(_cut_off_after(limit)(rows), removed, cursor, synced_at, replace=replace)

    monkeypatch.setattr(cache, "store_sync", store_sync)


def test_sync_killed_halfway_keeps_the_previous_rows_and_cursor(
    service: LiveServer, admin: TokenServiceClient, cache: TokenCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_many(service.store, "acme", 300, owners=10, prefix="first")
    sync_tokens(admin, cache, NOW)
    rows_before, cursor_before, synced_before = cache.rows(), cache.cursor, cache.last_sync_at
    generate_many(service.store, "acme", 1_200, owners=20, prefix="second")  # crosses several write chunks

    with monkeypatch.context() as patch:
        _kill_writes_after(patch, cache, 700)
        with pytest.raises(_CutOff):
            sync_tokens(admin, cache, NOW + timedelta(minutes=1))
    assert cache.rows() == rows_before
    assert (cache.cursor, cache.last_sync_at) == (cursor_before, synced_before)

    result = sync_tokens(admin, cache, NOW + timedelta(minutes=2))  # and the next sync catches up
    assert not result.full and len(result.added) == 1_200
    assert sorted(cache.rows()) == service_rows(admin)


def test_first_sync_killed_halfway_leaves_an_empty_cache(
    service: LiveServer, admin: TokenServiceClient, cache: TokenCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_many(service.store, "acme", 1_100, owners=20, prefix="t")
    _kill_writes_after(monkeypatch, cache, 600)
    with pytest.raises(_CutOff):
        sync_tokens(admin, cache, NOW)
    assert cache.rows() == [] and cache.cursor is None and cache.last_sync_at is None


def test_unreachable_service_leaves_the_cache_as_it_was(
    sqlite_url: str, clock: MovableClock, tmp_path: Path
) -> None:
    with TokenCache.open(tmp_path / "c.sqlite3") as cache:
        with acme_service(sqlite_url, clock) as srv, client_for(srv) as admin:
            admin.generate_token("one", Privileges.READ)
            sync_tokens(admin, cache, NOW)
            session_token = admin.session_token
        before = (cache.rows(), cache.cursor, cache.last_sync_at)
        with TokenServiceClient(srv.url, "acme", session_token=session_token) as offline:
            with pytest.raises(ServiceUnreachable):
                sync_tokens(offline, cache, NOW + timedelta(hours=1))
        assert (cache.rows(), cache.cursor, cache.last_sync_at) == before


def _change_in_service(service: LiveServer, token_id: str, **fields) -> None:
    """What a PATCH of the description or a rotation does to the stored token: new values, a new change."""
    store, m = service.store, service.store.models
    with store.writing():
        seq = store.next_change_seq()
        m.Token.update(change_seq=seq, **fields).where(m.Token.id == token_id).execute()


def test_a_changed_description_and_expiry_arrive_in_the_table(
    qtbot, service: LiveServer, admin: TokenServiceClient, cache: TokenCache, clock: MovableClock
) -> None:
    from desktop_app.ui.columns import Column, TokenRole, relative_until
    from desktop_app.ui.token_model import TokenTableModel

    made = admin.generate_token("nightly", Privileges.READ)
    sync_tokens(admin, cache, NOW)
    expires = clock() + timedelta(days=5, minutes=1)
    model = TokenTableModel(cache.columns("api"), clock=clock, kind=TokenKind.API)
    default = made.token.expires_at  # the tenant policy's default for API tokens: 90 days
    assert default == made.token.created_at + timedelta(days=90)
    assert model.data(model.index(0, Column.EXPIRES)) == relative_until(
        default.timestamp(), clock().timestamp()
    )

    _change_in_service(service, made.token.id, description="export to the archive", expires_at=expires)
    result = sync_tokens(admin, cache, NOW + timedelta(minutes=1))
    assert not result.full and [row[0] for row in result.changed] == [made.token.id]
    model.apply_changes(result.changed, result.removed)

    assert model.data(model.index(0, Column.NAME), TokenRole.DESCRIPTION) == "export to the archive"
    assert model.data(model.index(0, Column.NAME), TokenRole.EXPIRES_AT) == expires.timestamp()
    assert model.data(model.index(0, Column.EXPIRES)) == "in 5 days"
    assert model.expiring_soon_count() == 1
    # The cache holds the new values too: a later start paints them before any sync.
    restarted = TokenTableModel(cache.columns("api"), clock=clock)
    assert restarted.data(restarted.index(0, Column.EXPIRES)) == "in 5 days"
