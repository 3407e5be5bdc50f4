"""Canary: a real secret generated through the client never reaches the cache file, its WAL or -shm."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx

from desktop_app.cache.store import TokenCache
from desktop_app.client.api import TokenServiceClient
from desktop_app.core.roles import Privileges
from desktop_app.core.tokens import TokenKind
from desktop_app.sync import sync_tokens

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_generated_secret_and_session_token_never_reach_the_cache(
    admin: TokenServiceClient, tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    cache = TokenCache.open(TokenCache.path_for(folder, admin.base_url, admin.tenant, "alice"))
    generated = [
        admin.generate_token("canary api", Privileges.READ_WRITE),
        admin.generate_token("canary siem", Privileges.READ, kind=TokenKind.SIEM_AGENT),
    ]
    httpx.get(
        f"{generated[0].tenant_api_url}/api/v1/alerts/",
        headers={"Authorization": f"Token {generated[0].secret}"},
    )
    sync_tokens(admin, cache, NOW)
    sync_tokens(admin, cache, NOW)
    needles = [g.secret.encode() for g in generated] + [admin.session_token.encode()]

    while_open = _files(folder)
    assert any(name.endswith("-wal") for name in while_open), "the WAL is scanned while it exists"
    assert any(name.endswith("-shm") for name in while_open)
    cache.close()
    after_close = _files(folder)

    for files in (while_open, after_close):
        assert b"canary api" in b"".join(files.values())  # the scan does see what the cache holds
        for name, data in files.items():
            for needle in needles:
                assert needle not in data, f"a secret leaked into {name}"
