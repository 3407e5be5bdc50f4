"""The audit log: who did what, when, from where — never a secret or session token."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from peewee import JOIN

SECRET_PATTERN = re.compile(r"tdk_[a-z]+_[0-9A-Za-z]{8,}|tds_[0-9A-Za-z_\-]{16,}")


def redact(text: str | None) -> str | None:
    """Replace anything shaped like a token secret or a session token."""
    if text is None:
        return None
    return SECRET_PATTERN.sub("[redacted]", text)


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


class AuditLog:
    """Writes and reads audit events through the store's database."""

    def __init__(self, store) -> None:
        self._store = store

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
        m = self._store.models
        with self._store.db.connection_context():
            m.AuditEvent.insert(
                tenant=tenant_id,
                at=self._store.now(),
                actor=redact(actor)[:100] if actor else None,
                action=action,
                target=redact(target)[:200] if target else None,
                outcome=outcome,
                client_addr=(client_addr or None) and client_addr[:64],
                detail=redact(detail),
            ).execute()

    def record_many(self, action: str, targets: list[str], *, tenant_id: int | None, actor: str | None = None,
                    client_addr: str | None = None, detail: str | None = None) -> None:
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
            part = targets[start:start + 500]
            values = ", ".join([f"({p}, {p}, {p}, {p}, {p}, 'ok', {p}, {p})"] * len(part))
            params: list = []
            for target in part:
                params += [tenant_id, at, actor, action, redact(target)[:200], client_addr, detail]
            db.execute_sql(
                "INSERT INTO audit_event (tenant_id, at, actor, action, target, outcome, client_addr, "
                f"detail) VALUES {values}", params)

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
