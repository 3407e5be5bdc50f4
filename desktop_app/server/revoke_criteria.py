"""Revoke by criteria: every live token of deprovisioned owners that the caller may revoke.

One call may revoke any number of tokens (a tenant can hold 100,000): the matching ids are taken
CHUNK at a time, each chunk revoked and audited (one record per token) in one transaction of its own,
so a long run never holds the write lock for long and what committed stays committed.
"""

from __future__ import annotations

from desktop_app.core.roles import is_full_admin
from desktop_app.core.tokens import TokenKind

from .store import Principal, TokenStore

CHUNK = 1000


def revoke_deprovisioned(
    store: TokenStore,
    who: Principal,
    kind: TokenKind | None = None,
    client_addr: str | None = None,
    chunk: int = CHUNK,
) -> int:
    """Revoke the live tokens of deprovisioned owners visible to `who` (of `kind`, or all kinds);
    → how many this call revoked."""
    p = store.db.param
    where = [f"t.tenant_id = {p}", "t.revoked_at IS NULL", "u.deprovisioned = " + p]
    params: list[object] = [who.tenant_id, True]
    if kind is not None:
        where.append(f"t.kind = {p}")
        params.append(TokenKind(kind).value)
    if not is_full_admin(who.role):
        where.append(f"t.owner_id = {p}")
        params.append(who.user_id)
    select = (
        f"SELECT t.id, t.name, u.username FROM token t JOIN app_user u ON u.id = t.owner_id "
        f"WHERE {' AND '.join(where)} ORDER BY t.id LIMIT {int(chunk)}"
    )
    m = store.models
    total = 0
    while True:
        with store.writing():
            rows = store.db.execute_sql(select, params).fetchall()
            if not rows:
                return total
            now = store.now()
            seq = store.next_change_seq()
            ids = [row[0] for row in rows]
            done = {
                r[0]
                for r in store.db.execute_sql(
                    f"UPDATE token SET revoked_at = {p}, change_seq = {p} "
                    f"WHERE id IN ({', '.join([p] * len(ids))}) AND revoked_at IS NULL RETURNING id",
                    (m.Token.revoked_at.db_value(now), seq, *ids),
                ).fetchall()
            }
            targets = [f"token {tid} “{name}” of {owner}" for tid, name, owner in rows if tid in done]
            store.audit.record_many(
                "token.revoke",
                targets,
                tenant_id=who.tenant_id,
                actor=who.username,
                client_addr=client_addr,
                detail="owner deprovisioned",
            )
            total += len(done)
