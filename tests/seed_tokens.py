"""Fill a real store with many tokens fast (one insert per 1,000 rows), for scale tests and benchmarks.

Tokens are spread over `owners` users; the first `deprovisioned` of them are then deprovisioned through
the store's own call. Kinds cycle api, siem_agent, log_collector unless `kinds` says otherwise.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from desktop_app.core.roles import Role
from desktop_app.core.tokens import name_key
from desktop_app.server.store import TokenStore

KINDS = ("api", "siem_agent", "log_collector")


def owner_name(n: int) -> str:
    return f"user{n:03d}"


def seed_tokens(store: TokenStore, tenant: str, count: int, *, owners: int = 40, deprovisioned: int = 0,
                kinds: tuple[str, ...] = KINDS, prefix: str = "token") -> list[str]:
    """Insert `count` live tokens; returns their ids in insertion order."""
    store.ensure_tenant(tenant)
    tenant_id = store.require_tenant_id(tenant)
    users = [store.ensure_user(tenant, owner_name(n), Role.SECURITY_OPERATOR) for n in range(owners)]
    m = store.models
    now = store.now()
    ids = []
    rows = []
    with store.writing():
        seq = store.next_change_seq()
    for i in range(count):
        token_id = f"{prefix[:8]}{i:07d}{secrets.token_hex(4)}"
        name = f"{prefix} {i}"
        ids.append(token_id)
        rows.append({
            "id": token_id, "tenant": tenant_id, "owner": users[i % owners].id, "kind": kinds[i % len(kinds)],
            "name": name, "name_key": name_key(name), "privileges": "read", "digest": secrets.token_hex(32),
            "created_at": now - timedelta(seconds=count - i), "last_used_at": None, "revoked_at": None,
            "change_seq": seq,
        })
    for at in range(0, len(rows), 1000):
        with store.writing():
            m.Token.insert_many(rows[at:at + 1000]).execute()
    for n in range(deprovisioned):
        store.deprovision(tenant, owner_name(n))
    return ids
