"""What the UI needs of its collaborators, as Protocols: the token service client, the token cache, the
session store (keyring), a session, the embedded tenant and the sync function.

The UI never imports the HTTP client, the ORM or the keyring: the composition root (desktop_app.app) hands
it objects that fit these shapes (TokenServiceClient, TokenCache, SessionStore, SessionInfo), and tests may
hand it fakes. mypy checks the real classes against them where the app passes them in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

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
# A rotated token and its new secret (client.models.RotatedToken): the same shape, handed over the same way
# (the grace period's end is the token's `old_secret_valid_until`).
RotatedToken = GeneratedResult


class AddressUse(Protocol):
    """One client address a token was used from (client.details.AddressUse)."""

    @property
    def address(self) -> str: ...
    @property
    def user_agent(self) -> str: ...
    @property
    def first_seen(self) -> datetime: ...
    @property
    def last_seen(self) -> datetime: ...


class TokenDetails(Protocol):
    """A token with its usage evidence (client.details.TokenDetails)."""

    @property
    def token(self) -> TokenInfo: ...
    @property
    def addresses(self) -> Sequence[AddressUse]: ...  # most recent first
    @property
    def daily(self) -> Sequence[tuple[str, int]]: ...  # (YYYY-MM-DD, uses), oldest first
    @property
    def old_secret_last_used(self) -> datetime | None: ...
    @property
    def usage_known(self) -> bool: ...


class TokenClient(Protocol):
    """The token service (client.api.TokenServiceClient); every call blocks, so it runs in a lane."""

    def sign_in(self, username: str, password: str) -> Session: ...
    def whoami(self) -> Session: ...
    def sign_out(self) -> None: ...
    def generate_token(
        self,
        name: str,
        privileges: Privileges,
        kind: TokenKind = ...,
        *,
        expires_at: datetime | None = ...,
        expires_in_days: int | None = ...,
        description: str = ...,
        never_expires: bool = ...,
    ) -> GeneratedToken: ...
    def get_policy(self) -> dict[str, Any]: ...
    def put_policy(self, doc: dict[str, Any]) -> dict[str, Any]: ...
    def revoke_tokens(self, token_ids: Iterable[str]) -> list[str]: ...
    def revoke_deprovisioned(self, kind: TokenKind | str | None = None) -> int: ...
    def rotate(self, token_id: str, grace_hours: int = ...) -> RotatedToken: ...
    def end_grace(self, token_id: str) -> TokenInfo: ...
    def token_details(self, token_id: str) -> TokenDetails: ...
    def describe(self, token_id: str, text: str) -> TokenInfo: ...
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
    "AddressUse",
    "CacheFactory",
    "ClientFactory",
    "EmbeddedService",
    "GeneratedToken",
    "HygieneClient",
    "RotatedToken",
    "Session",
    "SessionStore",
    "SyncFunction",
    "TokenClient",
    "TokenDetails",
    "TokenNames",
    "TokenStore",
]
