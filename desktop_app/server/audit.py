"""The audit log: who did what, when, from where — never a secret or session token."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from peewee import JOIN

from desktop_app.core.redact import SECRET_PATTERN as SECRET_PATTERN  # re-exported
from desktop_app.core.redact import redact as redact  # re-exported

if TYPE_CHECKING:
    from .store import TokenStore


# How events name a token: targets "token <id> “name”[ of owner]", actors "token <id> of owner".
_NAMES_TOKEN = re.compile(r"^token ([!-~]{1,32})(?: |$)")


def token_id_of(target: str | None, actor: str | None = None) -> str | None:
    """The id of the token an event is about: named by its target, else by its actor (a token's use)."""
    for text in (target, actor):
        match = _NAMES_TOKEN.match(text) if text else None
        if match:
            return match.group(1)
    return None


@dataclass(frozen=True, slots=True)
class AuditRecord:
    at: datetime
    tenant: str | None
    actor: str | None
    action: str
    target: str | None
    outcome: str
    client_addr: str | None
    detail: str | None


# Repeats of one refused use (same action, token, reason, address) within this many seconds are
# counted, not written: one read-only token hammering a write route would otherwise write a record
# per call. The next record after the window says how many were folded into it.
DENIAL_WINDOW_SECONDS = 60.0
_MAX_DENIAL_KEYS = 10_000


class AuditLog:
    """Writes and reads audit events through the store's database."""

    def __init__(self, store: TokenStore) -> None:
        self._store = store
        # key (action, tenant, actor, detail, address) → [window start (POSIX s), repeats folded]
        self._denials: dict[tuple[str, int | None, str | None, str | None, str | None], list[float]] = {}
        self._denials_lock = threading.Lock()

    def record(
        self,
        action: str,
        *,
        tenant_id: int | None,
        actor: str | None = None,
        target: str | None = None,
        outcome: str = "ok",
        client_addr: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Write one event; inside a `store.writing()` block it commits (or not) with that write."""
        m = self._store.models
        insert = m.AuditEvent.insert(
            tenant=tenant_id,
            at=self._store.now(),
            actor=redact(actor)[:100] if actor else None,
            action=action,
            target=redact(target)[:200] if target else None,
            outcome=outcome,
            client_addr=(client_addr or None) and client_addr[:64],
            detail=redact(detail),
            token_id=token_id_of(redact(target), redact(actor)),
        )
        if self._store.db.in_transaction():
            insert.execute()
            return
        with self._store.db.connection_context():
            insert.execute()

    def record_denial(
        self,
        action: str,
        *,
        tenant_id: int | None,
        actor: str | None = None,
        client_addr: str | None = None,
        detail: str | None = None,
    ) -> None:
        """A refused use; 403 repeats are folded (see DENIAL_WINDOW_SECONDS)."""
        if action == "token.denied":
            now = self._store.now().timestamp()
            key = (action, tenant_id, actor, detail, client_addr)
            with self._denials_lock:
                seen = self._denials.get(key)
                if seen is not None and now - seen[0] < DENIAL_WINDOW_SECONDS:
                    seen[1] += 1
                    return
                folded = seen[1] if seen is not None else 0
                if len(self._denials) >= _MAX_DENIAL_KEYS:
                    self._denials.clear()
                self._denials[key] = [now, 0]
            if folded:
                detail = f"{detail} (and {folded} more like it in the minute before)"
        self.record(
            action, tenant_id=tenant_id, actor=actor, outcome="denied", client_addr=client_addr, detail=detail
        )

    def record_many(
        self,
        action: str,
        targets: list[str],
        *,
        tenant_id: int | None,
        actor: str | None = None,
        client_addr: str | None = None,
        detail: str | None = None,
    ) -> None:
        """One record per target, written in one statement per 500, inside the caller's transaction
        (a bulk revoke audits each token in the chunk's own transaction)."""
        if not targets:
            return
        db, m = self._store.db, self._store.models
        at = m.AuditEvent.at.db_value(self._store.now())
        actor = redact(actor)[:100] if actor else None
        client_addr = (client_addr or None) and client_addr[:64]
        detail = redact(detail)
        p = db.param
        for start in range(0, len(targets), 500):
            part = targets[start : start + 500]
            values = ", ".join([f"({p}, {p}, {p}, {p}, {p}, 'ok', {p}, {p}, {p})"] * len(part))
            params: list[object] = []
            for target in part:
                params += [
                    tenant_id,
                    at,
                    actor,
                    action,
                    redact(target)[:200],
                    client_addr,
                    detail,
                    token_id_of(redact(target), actor),
                ]
            db.execute_sql(
                "INSERT INTO audit_event (tenant_id, at, actor, action, target, outcome, client_addr, "
                f"detail, token_id) VALUES {values}",
                params,
            )

    def events(self, tenant: str | None = None, limit: int = 1000) -> list[AuditRecord]:
        """Newest first; all tenants when `tenant` is None."""
        m = self._store.models
        e = m.AuditEvent
        with self._store.db.connection_context():
            query = (
                e.select(e.at, m.Tenant.slug, e.actor, e.action, e.target, e.outcome, e.client_addr, e.detail)
                .join(m.Tenant, JOIN.LEFT_OUTER)
                .order_by(e.id.desc())
                .limit(limit)
            )
            if tenant is not None:
                query = query.where(m.Tenant.slug == tenant)
            return [AuditRecord(*row) for row in query.tuples()]
