"""What the client returns: sessions, token pages and a freshly generated token (reprs hide secrets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.core.roles import Privileges, Role
from desktop_app.core.tokens import TokenInfo, TokenKind, parse_utc


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
