"""Shapes of issue 13 shared by the client and the UI: attention lists, notices and audit events.

Plain data (no HTTP, no SQL): the service's JSON for an audit event or a notice parsed into frozen
dataclasses (`from_json` raises KeyError/ValueError/TypeError on a malformed one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .attention import Attention
from .tokens import parse_utc

# `?attention=` of the token list (SPEC rule 17), in the order the app shows them
ATTENTION = tuple(attention.value for attention in Attention)  # the `?attention=` names
NOTICE_KINDS = ("leaked", "inactive_revoked", "expiring", "inactive_soon")
# the filters `GET …/audit` takes (since/until: ISO 8601 or an aware datetime)
AUDIT_FILTERS = ("actor", "action", "token_id", "since", "until")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One audit log event, as `GET …/audit` answers it."""

    id: int
    at: datetime
    actor: str | None
    action: str
    target: str | None
    address: str | None
    outcome: str
    detail: str | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AuditEvent:
        event_id = data["id"]
        if not isinstance(event_id, int) or isinstance(event_id, bool):
            raise TypeError("id must be a number")
        return cls(
            id=event_id,
            at=parse_utc(data["at"]),
            actor=_text(data.get("actor")),
            action=str(data["action"]),
            target=_text(data.get("target")),
            address=_text(data.get("address")),
            outcome=str(data["outcome"]),
            detail=_text(data.get("detail")),
        )


@dataclass(frozen=True, slots=True)
class Notice:
    """Something a token's owner should hear about once (a leak, an inactivity revoke, an expiry)."""

    id: str
    at: datetime
    kind: str  # one of NOTICE_KINDS
    token_id: str
    token_name: str
    detail: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Notice:
        kind = str(data["kind"])
        if kind not in NOTICE_KINDS:
            raise ValueError("unknown notice kind")
        return cls(
            id=str(data["id"]),
            at=parse_utc(data["at"]),
            kind=kind,
            token_id=str(data["token_id"]),
            token_name=str(data["token_name"]),
            detail=str(data.get("detail") or ""),
        )
