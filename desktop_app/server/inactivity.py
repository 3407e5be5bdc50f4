"""Inactivity auto-revoke (SPEC rule 15): live tokens unused for the tenant policy's
`inactive_revoke_days` are revoked, audited `token.revoke` with `reason=inactive`.

"Unused" counts from the last use, or from generation for a token never used. The service runs a
sweep on start and hourly (`InactivitySweeper`, started in the app's lifespan). Several replicas may
sweep at once: the revoking UPDATE only touches rows still live (`revoked_at IS NULL`) and RETURNING
names the rows this replica changed, so each token is revoked, and audited, by exactly one of them.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from datetime import timedelta

from starlette.concurrency import run_in_threadpool

from .store import TokenStore

log = logging.getLogger("desktop_app.server")

SWEEP_INTERVAL_SECONDS = 3600.0
ACTOR = "token service (inactivity auto-revoke)"
_CHUNK = 500


def revoke_inactive(store: TokenStore) -> int:
    """One sweep over every tenant whose policy has auto-revoke on; returns how many this call revoked."""
    total = 0
    for slug in store.tenants():
        tenant_id = store.tenant_id(slug)
        if tenant_id is None:
            continue
        days = store.policies.get(tenant_id).inactive_revoke_days
        if days is not None:
            total += _revoke_tenant(store, tenant_id, days)
    return total


def _revoke_tenant(store: TokenStore, tenant_id: int, days: int) -> int:
    m, p = store.models, store.db.param
    now = store.now()
    cutoff = m.Token.created_at.db_value(now - timedelta(days=days))
    unused = f"revoked_at IS NULL AND COALESCE(last_used_at, created_at) <= {p}"
    with store.db.connection_context():
        candidates = [
            row[0]
            for row in store.db.execute_sql(
                f"SELECT id FROM token WHERE tenant_id = {p} AND {unused}", (tenant_id, cutoff)
            ).fetchall()
        ]
    revoked = 0
    for start in range(0, len(candidates), _CHUNK):
        ids = candidates[start : start + _CHUNK]
        with store.writing():
            seq = store.next_change_seq()
            # The condition again: a use or a revoke (here or on another replica) since the read wins.
            done = store.db.execute_sql(
                f"UPDATE token SET revoked_at = {p}, change_seq = {p} "
                f"WHERE id IN ({', '.join([p] * len(ids))}) AND {unused} RETURNING id",
                (m.Token.revoked_at.db_value(now), seq, *ids, cutoff),
            ).fetchall()
            if not done:
                continue
            names = (
                m.Token.select(m.Token.id, m.Token.name, m.User.username)
                .join(m.User, on=(m.Token.owner == m.User.id))
                .where(m.Token.id.in_([row[0] for row in done]))
                .tuples()
            )
            # In the same transaction as the revoke: both or neither.
            store.audit.record_many(
                "token.revoke",
                [f"token {tid} “{name}” of {owner}" for tid, name, owner in names],
                tenant_id=tenant_id,
                actor=ACTOR,
                detail=f"reason=inactive days={days}",
            )
            revoked += len(done)
    return revoked


class InactivitySweeper:
    """The service's background sweep: once on start, then every `interval` seconds."""

    def __init__(self, store: TokenStore, interval: float = SWEEP_INTERVAL_SECONDS) -> None:
        self.store = store
        self.interval = interval
        self.sweeps = 0
        self.swept = threading.Event()  # set after each sweep (tests wait on it)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """On the event loop: start sweeping in the background (start-up does not wait for it)."""
        self._task = asyncio.get_running_loop().create_task(self._run(), name="inactivity-sweep")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                revoked = await run_in_threadpool(revoke_inactive, self.store)
                if revoked:
                    log.info("Inactivity auto-revoke: %d token(s) revoked", revoked)
            except Exception as exc:  # the database may be away; the next sweep tries again
                log.error("Inactivity auto-revoke failed (%s)", type(exc).__name__)
            self.sweeps += 1
            self.swept.set()
            await asyncio.sleep(self.interval)
