"""What the client returns: sessions, token pages and a freshly generated token (reprs hide secrets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.core.roles import Privileges, Role
from desktop_app.core.tokens import TokenInfo, TokenKind, parse_utc

# Row tuples for the local cache, as `list_token_rows` gives them (= desktop_app.cache ROW_FIELDS):
# times are float POSIX seconds (UTC), last_used_at None for a token never used.
ROW_FIELDS = ("id", "name", "kind", "owner", "owner_deprovisioned", "privileges", "created_at", "last_used_at")
_KIND_VALUES = frozenset(kind.value for kind in TokenKind)
_PRIVILEGE_VALUES = frozenset(privileges.value for privileges in Privileges)
_TEXT = frozenset({str})
_BOOL = frozenset({bool})
_NUMBERS = frozenset({int, float})
_NUMBERS_OR_NONE = frozenset({int, float, type(None)})


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
            f"GeneratedToken(token={self.token!r}, secret=<hidden>, "
            f"tenant_api_url={self.tenant_api_url!r})"
        )

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

    rows: list[tuple]
    removed: list[str]
    cursor: str


def token_from_json(data: dict[str, Any]) -> TokenInfo:
    last_used = data.get("last_used_at")
    return TokenInfo(
        id=str(data["id"]),
        name=data["name"],
        kind=TokenKind(data["kind"]),
        owner=data["owner"],
        owner_deprovisioned=bool(data.get("owner_deprovisioned", False)),
        privileges=Privileges(data["privileges"]),
        created_at=parse_utc(data["created_at"]),
        last_used_at=parse_utc(last_used) if last_used else None,
    )


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


def row_from_token_json(data: dict[str, Any]) -> tuple:
    """One TokenJSON object as a row tuple in ROW_FIELDS order."""
    token = token_from_json(data)
    return (
        token.id,
        token.name,
        token.kind.value,
        token.owner,
        token.owner_deprovisioned,
        token.privileges.value,
        token.created_at.timestamp(),
        token.last_used_at.timestamp() if token.last_used_at is not None else None,
    )


def rows_page_from_json(data: dict[str, Any]) -> TokenRowsPage:
    """A list answer in the `columns` format (or, from an older service, the default one) as rows.

    Columns are checked cheaply (lengths, value types, known kinds and privileges): a malformed
    answer raises ValueError/TypeError/KeyError, which the client turns into UnexpectedResponse.
    """
    removed = [str(i) for i in data.get("removed", [])]
    cursor = str(data["cursor"])
    if "columns" not in data:  # a service without the compact format ignores ?format=columns
        return TokenRowsPage([row_from_token_json(item) for item in data["items"]], removed, cursor)
    return TokenRowsPage(rows_from_columns(data), removed, cursor)


def rows_from_columns(data: dict[str, Any]) -> list[tuple]:
    """`{"count", "columns": {field: [...]}}` (a columns answer or one streamed chunk) as row tuples."""
    columns = data["columns"]
    ids, names, kinds, owners, deprovisioned, privileges, created, last_used = (
        columns[field] for field in ROW_FIELDS
    )
    count = len(ids)
    for values in (ids, names, kinds, owners, deprovisioned, privileges, created, last_used):
        if not isinstance(values, list) or len(values) != count:
            raise ValueError("columns of different lengths")
    if data.get("count", count) != count:
        raise ValueError("count does not match the columns")
    # Type checks as set(map(type, ...)): C loops, a few ms for 100,000 tokens.
    if not (_types(ids) <= _TEXT and _types(names) <= _TEXT and _types(owners) <= _TEXT):
        raise TypeError("ids, names and owners are text")
    if not set(kinds) <= _KIND_VALUES or not set(privileges) <= _PRIVILEGE_VALUES:
        raise ValueError("unknown token kind or privileges")
    if not _types(deprovisioned) <= _BOOL:
        raise TypeError("owner_deprovisioned is a boolean")
    if not _types(created) <= _NUMBERS:
        raise TypeError("created_at is a number")
    last_used_types = _types(last_used)
    if not last_used_types <= _NUMBERS_OR_NONE:
        raise TypeError("last_used_at is a number or null")
    created_at = list(map(float, created))
    last_used_at = (
        list(map(float, last_used)) if type(None) not in last_used_types
        else [None if v is None else float(v) for v in last_used]
    )
    return list(zip(ids, names, kinds, owners, deprovisioned, privileges, created_at, last_used_at))


def _types(values: list) -> set[type]:
    return set(map(type, values))
