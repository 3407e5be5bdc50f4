"""Fill a real store with many tokens fast (one insert per 1,000 rows), for scale tests and benchmarks.

Tokens are spread over `owners` users; the first `deprovisioned` of them are then deprovisioned through
the store's own call. Kinds cycle api, siem_agent, log_collector unless `kinds` says otherwise.
"""

from __future__ import annotations

import secrets

from desktop_app.core.roles import Role
from desktop_app.core.tokens import name_key
from desktop_app.server.store import TokenStore

KINDS = ("api", "siem_agent", "log_collector")


def owner_name(n: int) -> str:
    return f"user{n:03d}"


def seed_tokens(
    store: TokenStore,
    tenant: str,
    count: int,
    *,
    owners: int = 40,
    deprovisioned: int = 0,
    kinds: tuple[str, ...] = KINDS,
    prefix: str = "token",
) -> list[str]:
    """Insert `count` live tokens; returns their ids in insertion order."""
    store.ensure_tenant(tenant)
    tenant_id = store.require_tenant_id(tenant)
    users = [store.ensure_user(tenant, owner_name(n), Role.SECURITY_OPERATOR) for n in range(owners)]
    created = store.models.Token.created_at.db_value(store.now())
    ids = []
    rows = []
    with store.writing():
        seq = store.next_change_seq()
    for i in range(count):
        token_id = f"{prefix[:8]}{i:07d}{secrets.token_hex(4)}"
        name = f"{prefix} {i}"
        ids.append(token_id)
        rows.append(
            (
                token_id,
                tenant_id,
                users[i % owners].id,
                kinds[i % len(kinds)],
                name,
                name_key(name),
                "read",
                secrets.token_hex(32),
                created - (count - i) * 1_000_000,
                seq,
            )
        )
    p = store.db.param
    sql = (
        "INSERT INTO token (id, tenant_id, owner_id, kind, name, name_key, privileges, digest, created_at, "
        f"change_seq) VALUES ({', '.join([p] * 10)})"
    )
    for at in range(0, len(rows), 10_000):
        with store.writing():
            store.db.cursor().executemany(sql, rows[at : at + 10_000])
    for n in range(deprovisioned):
        store.deprovision(tenant, owner_name(n))
    return ids
