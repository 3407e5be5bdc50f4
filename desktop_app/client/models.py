"""What the client returns: sessions, token pages and a freshly generated token (reprs hide secrets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.core.roles import Role
from desktop_app.core.token_fields import Row, row_from_json, token_from_row
from desktop_app.core.token_fields import rows_from_columns as _rows_from_named_columns
from desktop_app.core.tokens import TokenInfo, parse_utc

__all__ = [
    "GeneratedToken",
    "RotatedToken",
    "SessionInfo",
    "TokenPage",
    "TokenRowsPage",
    "page_from_json",
    "rows_from_columns",
    "rows_page_from_json",
    "session_from_json",
    "token_from_json",
]


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """The signed-in admin. `session_token` is None when it came from `whoami()`."""

    session_token: str | None
    expires_at: datetime
    username: str
    role: Role
    tenant: str
    tenant_api_url: str

    def __repr__(self) -> str:
        token = "<hidden>" if self.session_token else "None"
        return (
            f"SessionInfo(session_token={token}, expires_at={self.expires_at!r}, "
            f"username={self.username!r}, role={self.role!r}, tenant={self.tenant!r}, "
            f"tenant_api_url={self.tenant_api_url!r})"
        )

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class GeneratedToken:
    """A new token and its secret, which the service shows this once."""

    token: TokenInfo
    secret: str
    tenant_api_url: str

    def __repr__(self) -> str:
        return (
            f"GeneratedToken(token={self.token!r}, secret=<hidden>, tenant_api_url={self.tenant_api_url!r})"
        )

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class RotatedToken:
    """A rotated token and its new secret, which the service shows this once; held like GeneratedToken.
    `old_secret_valid_until`: until when the old secret still works (None: it stopped at once)."""

    token: TokenInfo
    secret: str
    tenant_api_url: str

    @property
    def old_secret_valid_until(self) -> datetime | None:
        return self.token.old_secret_valid_until

    def __repr__(self) -> str:
        return f"RotatedToken(token={self.token!r}, secret=<hidden>, tenant_api_url={self.tenant_api_url!r})"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class TokenPage:
    """One answer of the list endpoint: tokens, ids revoked since the cursor, the next cursor."""

    items: list[TokenInfo]
    removed: list[str]
    cursor: str


@dataclass(frozen=True, slots=True)
class TokenRowsPage:
    """One answer of the list endpoint as row tuples in ROW_FIELDS order (no TokenInfo per token)."""

    rows: list[Row]
    removed: list[str]
    cursor: str


def token_from_json(data: dict[str, Any]) -> TokenInfo:
    """One TokenJSON object (core.token_fields' JSON form); KeyError/ValueError/TypeError if malformed."""
    return token_from_row(row_from_json(data))


def session_from_json(data: dict[str, Any], session_token: str | None) -> SessionInfo:
    user = data["user"]
    return SessionInfo(
        session_token=session_token,
        expires_at=parse_utc(data["expires_at"]),
        username=user["username"],
        role=Role(user["role"]),
        tenant=data["tenant"],
        tenant_api_url=data["tenant_api_url"],
    )


def page_from_json(data: dict[str, Any]) -> TokenPage:
    return TokenPage(
        items=[token_from_json(item) for item in data["items"]],
        removed=[str(i) for i in data.get("removed", [])],
        cursor=str(data["cursor"]),
    )


def rows_page_from_json(data: dict[str, Any]) -> TokenRowsPage:
    """A list answer in the `columns` format (or, from an older service, the default one) as rows.

    Columns are checked cheaply (lengths, value types, known kinds and privileges): a malformed
    answer raises ValueError/TypeError/KeyError, which the client turns into UnexpectedResponse.
    """
    removed = [str(i) for i in data.get("removed", [])]
    cursor = str(data["cursor"])
    if "columns" not in data:  # a service without the compact format ignores ?format=columns
        return TokenRowsPage([row_from_json(item) for item in data["items"]], removed, cursor)
    return TokenRowsPage(rows_from_columns(data), removed, cursor)


def rows_from_columns(data: dict[str, Any]) -> list[Row]:
    """`{"count", "columns": {field: [...]}}` (a columns answer or one streamed chunk) as row tuples."""
    columns = data["columns"]
    if not isinstance(columns, dict):
        raise TypeError("columns must be an object")
    ids = columns["id"]
    if not isinstance(ids, list):
        raise TypeError("id must be a list")
    count = len(ids)
    if data.get("count", count) != count:
        raise ValueError("count does not match the columns")
    return _rows_from_named_columns(columns, count)
