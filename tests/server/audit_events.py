"""Many audit events for the audit API's tests and benchmark, written with one executemany.

`seed(store, tenant_id, n)` → the events as tuples (id, at µs, actor, action, target, address,
outcome, detail, token_id), in insertion order. Their times are shuffled against their ids and come
in pairs (two events share each moment), so newest first by (at, id) is not id order; every 1,000th
detail starts like a spreadsheet formula.
"""

from __future__ import annotations

from datetime import UTC, datetime

from desktop_app.server.models import to_micros

BASE = datetime(2026, 1, 1, tzinfo=UTC)
ACTIONS = ("token.generate", "token.revoke", "token.denied", "alert.close")
ACTORS = ("alice", "bob", "carol", "dave", "erin")
FORMULAS = ("=1+2", "+cmd", "-2", "@SUM(A1)")


def seed(store, tenant_id: int, n: int) -> list[tuple]:
    base = to_micros(BASE)
    rows = []
    for i in range(n):
        at = base + ((i * 7919) % n) // 2 * 1_000_000
        action = ACTIONS[i % len(ACTIONS)]
        token_id = f"tok{i % 50:04d}" if action in ACTIONS[:3] else None
        target = f"token {token_id} “job {i % 50}”" if token_id else None
        detail = FORMULAS[(i // 1000) % len(FORMULAS)] if i % 1000 == 0 else f"event {i}"
        actor = ACTORS[i % len(ACTORS)]
        rows.append((tenant_id, at, actor, action, target, "ok", "10.0.0.1", detail, token_id))
    p = store.db.param
    with store.db.connection_context(), store.db.atomic():
        first = store.db.execute_sql("SELECT COALESCE(MAX(id), 0) FROM audit_event").fetchone()[0]
        store.db.cursor().executemany(
            "INSERT INTO audit_event (tenant_id, at, actor, action, target, outcome, client_addr, detail, "
            f"token_id) VALUES ({', '.join([p] * 9)})",
            rows,
        )
        written = store.db.execute_sql(f"SELECT id FROM audit_event WHERE id > {p} ORDER BY id", (first,))
        ids = [r[0] for r in written]
    assert len(ids) == n  # nothing else wrote meanwhile: the ids are the rows' in insertion order
    return [
        (row_id, at, actor, action, target, addr, outcome, detail, token_id)
        for row_id, (_, at, actor, action, target, outcome, addr, detail, token_id) in zip(
            ids, rows, strict=True
        )
    ]
