"""10,000 tokens through a real service: full sync, then additions, changes and revocations.

Prints the measured times (run with -s); they are figures, not pass/fail thresholds.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from desktop_app.cache.store import TokenCache
from desktop_app.client.api import TokenServiceClient
from desktop_app.core.roles import Privileges
from desktop_app.core.token_fields import row_from_token
from desktop_app.core.tokens import TokenKind
from desktop_app.sync import sync_tokens
from tests.cache.service_data import generate_many
from tests.client.service import acme_service, client_for
from tests.live_server import LiveServer, MovableClock

TOKENS = 10_000
OWNERS = 100
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@dataclass
class Seeded:
    service: LiveServer
    admin: TokenServiceClient
    secrets: dict[str, str]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    url = f"sqlite:///{tmp_path_factory.mktemp('scale') / 'tokens.db'}"
    with acme_service(url, MovableClock()) as srv, client_for(srv) as admin:
        started = time.perf_counter()
        secrets = generate_many(srv.store, "acme", TOKENS, owners=OWNERS, prefix="scale")
        print(f"\nseeded {TOKENS} tokens in-process in {time.perf_counter() - started:.1f} s")
        yield Seeded(srv, admin, secrets)


def _service_rows(client: TokenServiceClient) -> list[tuple]:
    return sorted(row_from_token(t) for t in client.list_tokens(kinds=tuple(TokenKind)).items)


def test_ten_thousand_tokens_full_then_incremental(seeded: Seeded, tmp_path: Path) -> None:
    admin, store = seeded.admin, seeded.service.store
    with TokenCache.open(tmp_path / "cache.sqlite3") as cache:
        started = time.perf_counter()
        full = sync_tokens(admin, cache, NOW)
        full_ms = (time.perf_counter() - started) * 1000
        assert full.full and len(full.added) == TOKENS
        assert len(cache.rows()) == TOKENS

        # 100 changes: 40 generated, 30 used (last use changes), 30 revoked.
        api_ids = sorted(r[0] for r in cache.rows("api"))  # API tokens unlock the alerts API
        new = [admin.generate_token(f"incoming {n}", Privileges.READ) for n in range(40)]
        used, revoked = api_ids[:30], api_ids[30:60]
        for token_id in used:
            response = httpx.get(
                f"{seeded.service.url}/api/v1/alerts/",
                headers={"Authorization": f"Token {seeded.secrets[token_id]}"},
            )
            assert response.status_code == 200
        assert sorted(admin.revoke_tokens(revoked)) == revoked

        started = time.perf_counter()
        step = sync_tokens(admin, cache, NOW + timedelta(minutes=1))
        incremental_ms = (time.perf_counter() - started) * 1000
        assert not step.full
        assert sorted(r[0] for r in step.added) == sorted(g.token.id for g in new)
        assert sorted(r[0] for r in step.changed) == used
        assert all(r[7] is not None for r in step.changed)
        assert sorted(step.removed) == revoked
        assert sorted(cache.rows()) == _service_rows(admin)

        # Deprovisioning an owner changes every one of their live tokens.
        owned = {r[0] for r in cache.rows() if r[3] == "scale-owner-7"}
        store.deprovision("acme", "scale-owner-7")
        owner_step = sync_tokens(admin, cache, NOW + timedelta(minutes=2))
        assert not owner_step.full and owner_step.added == [] and owner_step.removed == []
        assert owned and {r[0] for r in owner_step.changed} == owned
        assert all(r[4] is True for r in owner_step.changed)
        assert sorted(cache.rows()) == _service_rows(admin)

    print(
        f"\nsync figures: full sync of {TOKENS} tokens {full_ms:.0f} ms; "
        f"incremental sync of 100 changes (40 added, 30 changed, 30 removed) {incremental_ms:.0f} ms"
    )
