"""Convert between TokenInfo records and the cache's row tuples (ROW_FIELDS order, POSIX-second times)."""

from __future__ import annotations

from datetime import datetime, timezone

from desktop_app.core.roles import Privileges
from desktop_app.core.tokens import TokenInfo, TokenKind

from .layout import ROW_FIELDS, row_from_token

__all__ = ["ROW_FIELDS", "row_from_token", "token_from_row"]


def token_from_row(row: tuple) -> TokenInfo:
    token_id, name, kind, owner, deprovisioned, privileges, created_at, last_used_at = row
    return TokenInfo(
        id=token_id,
        name=name,
        kind=TokenKind(kind),
        owner=owner,
        owner_deprovisioned=bool(deprovisioned),
        privileges=Privileges(privileges),
        created_at=datetime.fromtimestamp(created_at, tz=timezone.utc),
        last_used_at=(
            datetime.fromtimestamp(last_used_at, tz=timezone.utc) if last_used_at is not None else None
        ),
    )
