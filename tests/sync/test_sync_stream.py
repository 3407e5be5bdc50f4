"""A full sync reads the list streamed (`format=column-chunks`) and writes it as it comes: an answer
that breaks off midway leaves the cache exactly as it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.cache.store import TokenCache
from desktop_app.client.api import TokenServiceClient
from desktop_app.client.errors import UnexpectedResponse
from desktop_app.core.roles import Privileges, Role
from desktop_app.core.token_fields import row_from_token
from desktop_app.core.tokens import TokenKind
from desktop_app.server.routes import tokens as token_routes
from desktop_app.sync import sync_tokens
from tests.cache.service_data import generate_many
from tests.live_server import LiveServer

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def service_rows(client: TokenServiceClient) -> list[tuple]:
    return sorted(row_from_token(t) for t in client.list_tokens(kinds=tuple(TokenKind)).items)


@pytest.fixture
def cache(tmp_path: Path):
    with TokenCache.open(tmp_path / "cache.sqlite3") as opened:
        yield opened


def _break_stream_at_chunk(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """The service fails while encoding chunk number `chunk` (1-based): its answer stops there."""
    real = token_routes._columns_json
    seen = []

    def failing(columns):
        seen.append(1)
        if len(seen) == chunk:
            raise RuntimeError("the service died here")
        return real(columns)

    monkeypatch.setattr(token_routes, "_columns_json", failing)


def test_full_sync_in_many_chunks_equals_the_service(
    service: LiveServer, admin: TokenServiceClient, cache: TokenCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(token_routes, "STREAM_CHUNK_ROWS", 300)
    generate_many(service.store, "acme", 1_000, owners=15, prefix="t")
    result = sync_tokens(admin, cache, NOW)
    assert result.full and len(result.added) == 1_000 and result.changed == result.removed == []
    assert sorted(cache.rows()) == sorted(result.added) == service_rows(admin)
    assert cache.columns("api").rows() == cache.rows("api")  # the snapshot was written from the stream


def test_first_sync_cut_off_midstream_leaves_an_empty_cache(
    service: LiveServer, admin: TokenServiceClient, cache: TokenCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(token_routes, "STREAM_CHUNK_ROWS", 400)
    generate_many(service.store, "acme", 1_100, owners=20, prefix="t")
    _break_stream_at_chunk(monkeypatch, 3)  # 800 rows arrived, more than one write batch of the cache
    with pytest.raises(UnexpectedResponse):
        sync_tokens(admin, cache, NOW)
    assert cache.rows() == [] and cache.cursor is None and cache.last_sync_at is None


def test_full_sync_cut_off_midstream_keeps_the_previous_rows_and_cursor(
    service: LiveServer, admin: TokenServiceClient, cache: TokenCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.store.set_role("acme", "alice", Role.SECURITY_OPERATOR)  # sees her own tokens only
    own = [admin.generate_token(f"own {i}", Privileges.READ).token for i in range(3)]
    generate_many(service.store, "acme", 900, owners=10, prefix="others")
    sync_tokens(admin, cache, NOW)
    before = (cache.rows(), cache.cursor, cache.last_sync_at)
    assert sorted(before[0]) == sorted(row_from_token(t) for t in own)
    service.store.set_role("acme", "alice", Role.GLOBAL_ADMIN)  # the old cursor no longer fits: full sync
    with monkeypatch.context() as patch:
        patch.setattr(token_routes, "STREAM_CHUNK_ROWS", 400)
        _break_stream_at_chunk(patch, 3)
        with pytest.raises(UnexpectedResponse):
            sync_tokens(admin, cache, NOW + timedelta(minutes=1))
    assert (cache.rows(), cache.cursor, cache.last_sync_at) == before

    result = sync_tokens(admin, cache, NOW + timedelta(minutes=2))  # and the next one catches up
    assert result.full and len(result.added) == 900 and result.removed == [] and result.changed == []
    assert sorted(cache.rows()) == service_rows(admin)
