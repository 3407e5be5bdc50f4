"""What the UI needs of its collaborators, as Protocols: the token service client, the token cache, the
session store (keyring), a session, the embedded tenant and the sync function.

The UI never imports the HTTP client, the ORM or the keyring: the composition root (desktop_app.app) hands
it objects that fit these shapes (TokenServiceClient, TokenCache, SessionStore, SessionInfo), and tests may
hand it fakes. mypy checks the real classes against them where the app passes them in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from ..core.generate_flow import GeneratedResult
from ..core.hygiene import AuditEvent, Notice
from ..core.roles import Privileges, Role
from ..core.token_fields import Row
from ..core.tokens import TokenInfo, TokenKind

if TYPE_CHECKING:
    from ..cache.columns import TokenColumns
    from ..sync import SyncResult


class Session(Protocol):
    """A signed-in admin (client.models.SessionInfo)."""

    @property
    def session_token(self) -> str | None: ...
    @property
    def username(self) -> str: ...
    @property
    def role(self) -> Role: ...
    @property
    def tenant(self) -> str: ...
    @property
    def tenant_api_url(self) -> str: ...


# A new token and its secret (client.models.GeneratedToken): the wizard's own protocol, not a copy.
GeneratedToken = GeneratedResult


class TokenClient(Protocol):
    """The token service (client.api.TokenServiceClient); every call blocks, so it runs in a lane."""

    def sign_in(self, username: str, password: str) -> Session: ...
    def whoami(self) -> Session: ...
    def sign_out(self) -> None: ...
    def generate_token(self, name: str, privileges: Privileges, kind: TokenKind = ...) -> GeneratedToken: ...
    def revoke_tokens(self, token_ids: Iterable[str]) -> list[str]: ...
    def revoke_deprovisioned(self, kind: TokenKind | str | None = None) -> int: ...
    def close(self) -> None: ...


class HygieneClient(TokenClient, Protocol):
    """The token service's calls of issue 13 (client.hygiene.HygieneCalls, mixed into the client).

    `filters`: actor, action, token_id, since, until (text, or an aware datetime for the times).
    """

    def identify(self, secret: str) -> TokenInfo | None: ...
    def report_leaked(self, secrets: Iterable[str], url: str | None = None) -> tuple[int, int]: ...
    def audit_page(
        self,
        filters: Mapping[str, str | datetime | None] | None = None,
        cursor: str | None = None,
        limit: int = 100,
    ) -> tuple[list[AuditEvent], str | None]: ...
    def audit_csv(self, filters: Mapping[str, str | datetime | None] | None = None) -> Iterator[bytes]: ...
    def list_attention(self, kind: TokenKind | str, attention: str) -> list[Row]: ...
    def notices(self, since: str | None = None) -> tuple[list[Notice], str]: ...


class TokenStore(Protocol):
    """The local token cache (cache.store.TokenCache) of one (service, tenant, user)."""

    notice: str | None

    @property
    def last_sync_at(self) -> datetime | None: ...
    def rows(self, kind: str | None = None) -> list[Row]: ...
    def columns(self, kind: str) -> TokenColumns: ...  # the table model adopts them as they are
    def check(self) -> str | None: ...
    def refresh_snapshot(self) -> bool: ...
    def remove_tokens(self, ids: Iterable[str]) -> bool: ...
    def close(self) -> None: ...
    def delete(self) -> None: ...


class SessionStore(Protocol):
    """Where a session token is kept between runs (session.keyring_store.SessionStore)."""

    @property
    def warning(self) -> str | None: ...  # set when the keyring failed and the session lives in memory only
    def load(self, server_url: str, tenant: str, username: str) -> str | None: ...
    def save(self, server_url: str, tenant: str, username: str, session_token: str) -> None: ...
    def delete(self, server_url: str, tenant: str, username: str) -> None: ...


class EmbeddedService(Protocol):
    """The local tenant of embedded mode (embedded.EmbeddedTenant), already started."""

    @property
    def url(self) -> str: ...
    def sign_in_os_user(self, timeout: float = ...) -> Session: ...


# client, cache, "now" → what changed (desktop_app.sync.sync_tokens)
SyncFunction = Callable[[TokenClient, TokenStore, datetime], "SyncResult"]
# (service url, session token or None) → a client for it
ClientFactory = Callable[[str, str | None], TokenClient]
# username → that user's cache, opened and checked
CacheFactory = Callable[[str], TokenStore]
# the ids and names a revoke request carries to the confirmation
TokenNames = Sequence[tuple[str, str]]

__all__ = [
    "CacheFactory",
    "ClientFactory",
    "EmbeddedService",
    "GeneratedToken",
    "HygieneClient",
    "Session",
    "SessionStore",
    "SyncFunction",
    "TokenClient",
    "TokenNames",
    "TokenStore",
]
