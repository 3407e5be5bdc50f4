"""A client with the issue-13 calls for the console tests, over the real service's HTTP API.

Shaped like the contract (LIFECYCLE.md: identify, report_leaked, audit_page, audit_csv, list_attention,
notices) while client.api.TokenServiceClient does not have them on this branch yet; it uses that
client's own request path (`_call`), so errors, sessions and addresses are the real client's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from desktop_app.client.api import TokenServiceClient
from desktop_app.client.errors import NotFound
from desktop_app.client.models import rows_page_from_json, token_from_json
from desktop_app.core.token_fields import Row
from desktop_app.core.tokens import TokenInfo, TokenKind


class HygieneTestClient(TokenServiceClient):
    def identify(self, secret: str) -> TokenInfo | None:
        try:
            response = self._call("POST", "tokens/identify", json={"secret": secret})
        except NotFound:
            return None
        return token_from_json(self._json(response))

    def report_leaked(self, secrets: Sequence[str], url: str | None) -> tuple[int, int]:
        body: dict[str, Any] = {"credentials": list(secrets)}
        if url:
            body["url"] = url
        data = self._json(self._call("POST", "credentials/revoke", json=body, expect=(202,), session=False))
        return int(data["received"]), int(data["ignored"])

    def audit_page(
        self, filters: Mapping[str, str], cursor: str | None, limit: int
    ) -> tuple[list[dict[str, Any]], str | None]:
        params = {k: v for k, v in filters.items() if v}
        params["limit"] = str(limit)
        if cursor:
            params["cursor"] = cursor
        data = self._json(self._call("GET", "audit", params=params))
        return list(data["events"]), data.get("cursor")

    def audit_csv(self, filters: Mapping[str, str]) -> Iterator[bytes]:
        params = {k: v for k, v in filters.items() if v}
        params["format"] = "csv"
        response = self._call("GET", "audit", params=params, stream=True)
        try:
            yield from response.iter_bytes()
        finally:
            response.close()

    def list_attention(self, kind: TokenKind, attention: str) -> list[Row]:
        params = {"kind": TokenKind(kind).value, "format": "columns", "attention": attention}
        return list(rows_page_from_json(self._json(self._call("GET", "tokens", params=params))).rows)

    def notices(self, since: str | None) -> tuple[list[dict[str, Any]], str]:
        params = {"since": since} if since else None
        data = self._json(self._call("GET", "notices", params=params))
        return list(data["notices"]), str(data["cursor"])


def hygiene_client_for(server, username: str, tenant: str = "acme", role=None):
    """A signed-in HygieneTestClient (and its session) for `username` on the live service."""
    from desktop_app.core.roles import Role

    token = server.sign_in(tenant, username, role or Role.GLOBAL_ADMIN)
    client = HygieneTestClient(server.url, tenant, session_token=token)
    return client, client.whoami()
