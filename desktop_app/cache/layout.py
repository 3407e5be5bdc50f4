"""The cache's schema version and row layout, without peewee (the first paint reads them)."""

from __future__ import annotations

from desktop_app.core.tokens import TokenInfo

SCHEMA_VERSION = 1

ROW_FIELDS = (
    "id",
    "name",
    "kind",
    "owner",
    "owner_deprovisioned",
    "privileges",
    "created_at",
    "last_used_at",
)


def row_from_token(token: TokenInfo) -> tuple:
    """A token in ROW_FIELDS order, times as POSIX seconds."""
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
