"""Convert between TokenInfo records and the cache's row tuples (ROW_FIELDS order, POSIX-second times)."""

from __future__ import annotations

from datetime import datetime, timezone

from desktop_app.core.roles import Privileges
from desktop_app.core.tokens import TokenInfo, TokenKind

from .schema import ROW_FIELDS

__all__ = ["ROW_FIELDS", "row_from_token", "token_from_row"]


def row_from_token(token: TokenInfo) -> tuple:
    """(id, name, kind, owner, owner_deprovisioned, privileges, created_at, last_used_at)."""
    return (
        token.id,
        token.name,
        str(token.kind),
        token.owner,
        bool(token.owner_deprovisioned),
        str(token.privileges),
        token.created_at.timestamp(),
        token.last_used_at.timestamp() if token.last_used_at is not None else None,
    )


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
