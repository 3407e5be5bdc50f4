"""The token service client's calls of issue 13: identify a pasted secret, report leaked secrets, read
the audit log (pages and CSV), the attention lists, and the owner's notices.

A mixin of `TokenServiceClient` (client/api.py), kept apart so neither file grows past its size: it
uses that class's plumbing (`_call`, `_json`, `_parse`). Secrets passed in are sent, never logged,
kept or put in an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, Protocol

import httpx

from desktop_app.core.hygiene import ATTENTION, AUDIT_FILTERS, AuditEvent, Notice
from desktop_app.core.token_fields import Row
from desktop_app.core.tokens import TokenInfo, TokenKind, format_utc

from .errors import NotFound, ServiceTimeout, ServiceUnreachable, UnexpectedResponse
from .models import rows_page_from_json, token_from_json

MAX_REPORT = 100  # credentials per report call (the service's limit); more are sent in several calls
AuditFilters = Mapping[str, str | datetime | None]


class _Plumbing(Protocol):
    base_url: str
    timeout: float

    def _call(self, method: str, path: str, **options: Any) -> httpx.Response: ...
    def _json(self, response: httpx.Response) -> dict[str, Any]: ...
    def _parse(self, parser: Any, data: dict[str, Any], *args: Any) -> Any: ...


def _audit_params(filters: AuditFilters | None) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in (filters or {}).items():
        if name not in AUDIT_FILTERS:
            raise ValueError(f"unknown audit filter {name!r}; use {', '.join(AUDIT_FILTERS)}")
        if value is None or value == "":
            continue
        params[name] = format_utc(value) if isinstance(value, datetime) else str(value)
    return params


def _events(data: dict[str, Any]) -> tuple[list[AuditEvent], str | None]:
    cursor = data["cursor"]
    if cursor is not None and not isinstance(cursor, str):
        raise TypeError("cursor must be text or null")
    return [AuditEvent.from_json(item) for item in data["events"]], cursor


def _notices(data: dict[str, Any]) -> tuple[list[Notice], str]:
    return [Notice.from_json(item) for item in data["notices"]], str(data["cursor"])


class HygieneCalls:
    """Issue 13's calls; mixed into TokenServiceClient."""

    def identify(self: _Plumbing, secret: str) -> TokenInfo | None:
        """The live token of this tenant with `secret` (full admins; PermissionDenied otherwise), or
        None when there is none (unknown, revoked or another tenant's). ValidationFailed when it is
        not a Token Desk secret at all."""
        try:
            response = self._call("POST", "tokens/identify", json={"secret": secret})
        except NotFound:
            return None
        info: TokenInfo = self._parse(token_from_json, self._json(response))
        return info

    def report_leaked(self: _Plumbing, secrets: Iterable[str], url: str | None = None) -> tuple[int, int]:
        """Report secrets found somewhere (no session needed); → (received, ignored: not secrets at all).

        More than the service's 100 per call are sent in several calls. The answer never says which
        were live: each live one is revoked and its owner told.
        """
        pending = list(secrets)
        received = ignored = 0
        for start in range(0, max(len(pending), 1), MAX_REPORT):
            body: dict[str, Any] = {"credentials": pending[start : start + MAX_REPORT]}
            if url:
                body["url"] = url
            data = self._json(
                self._call("POST", "credentials/revoke", json=body, expect=(202,), session=False)
            )
            counts = (data.get("received"), data.get("ignored"))
            if not all(isinstance(n, int) and not isinstance(n, bool) for n in counts):
                raise UnexpectedResponse(self.base_url, 202)
            received += counts[0]  # type: ignore[operator]
            ignored += counts[1]  # type: ignore[operator]
        return received, ignored

    def audit_page(
        self: _Plumbing, filters: AuditFilters | None = None, cursor: str | None = None, limit: int = 100
    ) -> tuple[list[AuditEvent], str | None]:
        """One page of the tenant's audit log, newest first (full admins), and the next page's cursor
        (None: this was the last). `filters`: actor, action (comma list), token_id, since, until."""
        params = {**_audit_params(filters), "limit": str(int(limit))}
        if cursor:
            params["cursor"] = cursor
        data = self._json(self._call("GET", "audit", params=params))
        page: tuple[list[AuditEvent], str | None] = self._parse(_events, data)
        return page

    def audit_csv(self: _Plumbing, filters: AuditFilters | None = None) -> Iterator[bytes]:
        """Every event of `filters` as CSV (UTF-8, a header row), in pieces as they arrive. The request
        is made when iteration starts; close the iterator to stop early."""
        params = {**_audit_params(filters), "format": "csv"}
        response = self._call("GET", "audit", params=params, stream=True)
        try:
            yield from response.iter_bytes()
        except httpx.TimeoutException:
            raise ServiceTimeout(self.base_url, self.timeout) from None
        except httpx.TransportError:
            raise ServiceUnreachable(self.base_url) from None
        finally:
            response.close()

    def list_attention(self: _Plumbing, kind: TokenKind | str, attention: str) -> list[Row]:
        """The visible live tokens of `kind` on the `attention` list (core.hygiene.ATTENTION), as rows."""
        if attention not in ATTENTION:
            raise ValueError(f"unknown attention list {attention!r}; use {', '.join(ATTENTION)}")
        params = {"kind": TokenKind(kind).value, "attention": attention, "format": "columns"}
        data = self._json(self._call("GET", "tokens", params=params))
        rows: list[Row] = self._parse(rows_page_from_json, data).rows
        return rows

    def notices(self: _Plumbing, since: str | None = None) -> tuple[list[Notice], str]:
        """The signed-in user's notices after `since` (the cursor of the answer before), and the cursor."""
        params = {"since": since} if since else {}
        data = self._json(self._call("GET", "notices", params=params))
        found: tuple[list[Notice], str] = self._parse(_notices, data)
        return found
