"""The resource API tokens unlock: a tenant's alerts (list, read one, close one)."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from desktop_app.core.tokens import format_utc

from .hot_reads import Row
from .models import from_micros
from .verified import (
    VERIFY_COLUMN_COUNT,
    VERIFY_COLUMNS,
    VERIFY_FROM,
    VerifiedToken,
    verified_from_row,
    verify_where,
)

if TYPE_CHECKING:
    from .store import TokenStore


@lru_cache(maxsize=4096)
def _iso(micros: int) -> str:
    return format_utc(from_micros(micros))


SEED_ALERTS = (
    ("Impossible travel: sign-ins from two continents within an hour", "high"),
    ("Malware quarantined on workstation WS-0142", "medium"),
    ("Unusual volume of API calls from 203.0.113.7", "low"),
    ("Disabled multi-factor authentication on an admin account", "critical"),
)


def alert_json(row: Row) -> dict[str, Any]:
    """(number, title, severity, status, created_at µs, closed_at µs) → the API's alert object."""
    number, title, severity, status, created_at, closed_at = row
    return {
        "id": number,
        "title": title,
        "severity": severity,
        "status": status,
        "created_at": _iso(created_at),
        "closed_at": _iso(closed_at) if closed_at is not None else None,
    }


@lru_cache(maxsize=1024)
def alerts_body(rows: tuple[Row, ...]) -> bytes:
    """The list response for these alert rows (pure function of the rows just read, so caching
    by their value can never serve stale data)."""
    items = [alert_json(r) for r in rows]
    return json.dumps({"items": items}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AlertRepository:
    def __init__(self, store: TokenStore) -> None:
        self._store = store
        p = store.db.param
        cols = "number, title, severity, status, created_at, closed_at"
        self._list_sql = f"SELECT {cols} FROM alert WHERE tenant_id = {p} ORDER BY number"
        self._one_sql = f"SELECT {cols} FROM alert WHERE tenant_id = {p} AND number = {p}"
        # The token check and the read in one round trip: the alerts joined are always those of
        # the token's own tenant, and nothing is answered before the caller checks the token.
        a_cols = "a.number, a.title, a.severity, a.status, a.created_at, a.closed_at"
        live = verify_where(p)
        self._token_and_list_sql = (
            f"SELECT {VERIFY_COLUMNS}, {a_cols} FROM {VERIFY_FROM} "
            f"LEFT JOIN alert a ON a.tenant_id = t.tenant_id WHERE {live} ORDER BY a.number"
        )
        self._token_and_one_sql = (
            f"SELECT {VERIFY_COLUMNS}, {a_cols} FROM {VERIFY_FROM} "
            f"LEFT JOIN alert a ON a.tenant_id = t.tenant_id AND a.number = {p} WHERE {live}"
        )

    async def token_and_list(self, secret: str) -> tuple[VerifiedToken | None, bytes]:
        """On the event loop: (VerifiedToken or None, the list response body) in one query."""

        digest = self._store.digest(secret)
        rows = await self._store.hot_fetchall(self._token_and_list_sql, (digest, digest))
        if not rows:
            return None, b""
        n = VERIFY_COLUMN_COUNT
        alerts = alerts_body(tuple(r[n:] for r in rows if r[n] is not None))
        return verified_from_row(rows[0][:n], digest), alerts

    async def token_and_get(
        self, secret: str, number: int
    ) -> tuple[VerifiedToken | None, dict[str, Any] | None]:
        """On the event loop: (VerifiedToken or None, the alert or None) in one query."""

        digest = self._store.digest(secret)
        rows = await self._store.hot_fetchall(self._token_and_one_sql, (number, digest, digest))
        if not rows:
            return None, None
        row = rows[0]
        n = VERIFY_COLUMN_COUNT
        return verified_from_row(row[:n], digest), (alert_json(row[n:]) if row[n] is not None else None)

    def seed(self, tenant_id: int) -> None:
        """Inside the tenant's creating transaction: a few alerts so the API has something to serve."""
        now = self._store.now()
        self._store.models.Alert.insert_many(
            [
                {
                    "tenant": tenant_id,
                    "number": i,
                    "title": title,
                    "severity": severity,
                    "status": "open",
                    "created_at": now - timedelta(hours=i),
                }
                for i, (title, severity) in enumerate(SEED_ALERTS, start=1)
            ]
        ).execute()

    def list(self, tenant_id: int) -> list[dict[str, Any]]:
        with self._store.db.connection_context():
            rows = self._store.db.execute_sql(self._list_sql, (tenant_id,)).fetchall()
        return [alert_json(r) for r in rows]

    def get(self, tenant_id: int, number: int) -> dict[str, Any] | None:
        with self._store.db.connection_context():
            row = self._store.db.execute_sql(self._one_sql, (tenant_id, number)).fetchone()
        return alert_json(row) if row else None

    def close(self, tenant_id: int, number: int, token_id: str) -> dict[str, Any] | None:
        """Close the alert (idempotent: an already closed alert keeps its first closing)."""
        m = self._store.models
        with self._store.writing():
            (
                m.Alert.update(status="closed", closed_at=self._store.now(), closed_by=token_id)
                .where(
                    (m.Alert.tenant == tenant_id) & (m.Alert.number == number) & (m.Alert.status == "open")
                )
                .execute()
            )
            row = self._store.db.execute_sql(self._one_sql, (tenant_id, number)).fetchone()
        return alert_json(row) if row else None
