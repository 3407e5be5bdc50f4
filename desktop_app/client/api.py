"""The typed HTTP client of the token service: one method per endpoint, typed errors, no secret leaks."""

from __future__ import annotations

import logging
import os
import ssl
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
import orjson

import desktop_app
from desktop_app.core.roles import Privileges
from desktop_app.core.token_fields import Row
from desktop_app.core.tokens import TokenInfo, TokenKind, TokenStatus

from .address import checked_service_url, is_loopback
from .errors import (
    CursorRejected,
    InvalidCaBundle,
    InvalidCredentials,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServiceError,
    ServiceTimeout,
    ServiceUnreachable,
    SessionExpired,
    UnexpectedResponse,
    UntrustedCertificate,
    ValidationFailed,
)
from .hygiene import HygieneCalls
from .models import (
    GeneratedToken,
    SessionInfo,
    TokenPage,
    TokenRowsPage,
    page_from_json,
    rows_from_columns,
    rows_page_from_json,
    session_from_json,
    token_from_json,
)
from .retry_after import parse_retry_after

_T = TypeVar("_T")

log = logging.getLogger(__name__)

VerifyOption = bool | str | os.PathLike[str]


def _tls_context(verify: VerifyOption) -> ssl.SSLContext | bool:
    """True (the default trust store) or a context trusting the given CA bundle. Never False."""
    if verify is True:
        return True
    if verify is False:
        raise ValueError("TLS verification cannot be turned off; pass a CA bundle instead")
    path = os.fspath(verify)
    try:
        if os.path.isdir(path):
            return ssl.create_default_context(capath=path)
        return ssl.create_default_context(cafile=path)
    except (OSError, ssl.SSLError):
        raise InvalidCaBundle(path) from None


def _is_certificate_error(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _sent_or_not(error: ServiceError, cause: httpx.TransportError) -> ServiceError:
    """`error` marked as never sent when no connection could be made (the service saw nothing)."""
    if isinstance(cause, httpx.ConnectError | httpx.ConnectTimeout):
        error.request_sent = False
    return error


class TokenServiceClient(HygieneCalls):
    """Talks to one tenant of one token service. Use it from one thread at a time.

    Issue 13's calls (identify, report_leaked, audit_page, audit_csv, list_attention, notices) come
    from the HygieneCalls mixin (client/hygiene.py).

    `verify` is True (system/default trust) or the path of a CA bundle; TLS is always verified.
    Plain http:// is refused unless the host is this machine or `allow_insecure_http` is set.
    """

    def __init__(
        self,
        base_url: str,
        tenant: str,
        *,
        session_token: str | None = None,
        verify: VerifyOption = True,
        allow_insecure_http: bool = False,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = checked_service_url(base_url, allow_insecure_http=allow_insecure_http)
        self.tenant = tenant
        self.session_token = session_token
        self.timeout = timeout
        host = httpx.URL(self.base_url).host
        self._http = httpx.Client(
            base_url=self.base_url,
            verify=_tls_context(verify),
            timeout=timeout,
            follow_redirects=False,
            # A proxy from the environment must not see loopback traffic (the embedded tenant).
            trust_env=not is_loopback(host),
            headers={"User-Agent": f"token-desk/{desktop_app.__version__}", "Accept": "application/json"},
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"TokenServiceClient({self.base_url!r}, {self.tenant!r})"

    # -- session -------------------------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> SessionInfo:
        """Start an admin session; the client keeps its token for later calls."""
        response = self._call(
            "POST",
            "session",
            json={"username": username, "password": password},
            expect=(200, 201),
            session=False,
        )
        data = self._json(response)
        session = self._parse(session_from_json, data, data.get("session_token"))
        if not session.session_token:
            raise UnexpectedResponse(self.base_url, response.status_code)
        self.session_token = session.session_token
        return session

    def whoami(self) -> SessionInfo:
        """Check the current session with the service (its `session_token` field is None)."""
        data = self._json(self._call("GET", "session"))
        return self._parse(session_from_json, data, None)

    def sign_out(self) -> None:
        """End the session on the service; the client forgets its token even if that fails."""
        try:
            if self.session_token:
                self._call("DELETE", "session", expect=(200, 204))
        except SessionExpired:
            pass
        finally:
            self.session_token = None

    # -- tokens --------------------------------------------------------------------------------

    def list_tokens(
        self,
        kinds: Iterable[TokenKind] = (TokenKind.API,),
        statuses: Iterable[TokenStatus] | None = None,
        search: str | None = None,
        changed_since: str | None = None,
    ) -> TokenPage:
        """Visible live tokens; with `changed_since`, only changes since that cursor (+ removed ids)."""
        params: dict[str, str] = {"kind": ",".join(TokenKind(k).value for k in kinds)}
        if statuses is not None:
            params["status"] = ",".join(TokenStatus(s).value for s in statuses)
        if search:
            params["search"] = search
        if changed_since is not None:
            params["changed_since"] = changed_since
        response = self._call("GET", "tokens", params=params, cursor=changed_since is not None)
        return self._parse(page_from_json, self._json(response))

    def list_token_rows(
        self, kinds: Iterable[TokenKind] = (TokenKind.API,), changed_since: str | None = None
    ) -> TokenRowsPage:
        """Like `list_tokens` (no status/search filter), as row tuples for the local cache.

        Asks for the compact `format=columns` answer (half the bytes, no object per token) and
        zips it into ROW_FIELDS tuples with float POSIX-second times; an older service that answers
        in the default format is read too.
        """
        params: dict[str, str] = {"kind": ",".join(TokenKind(k).value for k in kinds), "format": "columns"}
        if changed_since is not None:
            params["changed_since"] = changed_since
        response = self._call("GET", "tokens", params=params, cursor=changed_since is not None)
        return self._parse(rows_page_from_json, self._json(response))

    @contextmanager
    def stream_token_rows(
        self, kinds: Iterable[TokenKind] = (TokenKind.API,), changed_since: str | None = None
    ) -> Iterator[TokenRowStream]:
        """`list_token_rows`, streamed: chunks of rows to write while the next ones are still coming.

        `with client.stream_token_rows(kinds) as stream:` — `stream.cursor` is known at once,
        `stream.chunks()` yields lists of row tuples (raising ServiceUnreachable, ServiceTimeout or
        UnexpectedResponse if the answer breaks off, so a write fed from it rolls back), and
        `stream.removed` is complete after the last chunk. An older service's one-piece answer
        (default or `columns` format) is read as a single chunk.
        """
        params: dict[str, str] = {
            "kind": ",".join(TokenKind(k).value for k in kinds),
            "format": "column-chunks",
        }
        if changed_since is not None:
            params["changed_since"] = changed_since
        response = self._call("GET", "tokens", params=params, cursor=changed_since is not None, stream=True)
        try:
            yield TokenRowStream(self, response)
        finally:
            response.close()

    def get_token(self, token_id: str) -> TokenInfo:
        response = self._call("GET", f"tokens/{quote(str(token_id), safe='')}")
        return self._parse(token_from_json, self._json(response))

    def generate_token(
        self, name: str, privileges: Privileges, kind: TokenKind = TokenKind.API
    ) -> GeneratedToken:
        """A new token; its secret is in the result only (the service keeps a digest)."""
        body = {"name": name, "privileges": Privileges(privileges).value, "kind": TokenKind(kind).value}
        data = self._json(self._call("POST", "tokens", json=body, expect=(200, 201)))
        secret = data.get("secret")
        if not isinstance(secret, str) or not secret:
            raise UnexpectedResponse(self.base_url, 201)
        token = self._parse(token_from_json, data)
        return GeneratedToken(token=token, secret=secret, tenant_api_url=str(data.get("tenant_api_url", "")))

    def revoke_token(self, token_id: str) -> None:
        self._call("DELETE", f"tokens/{quote(str(token_id), safe='')}", expect=(200, 204))

    def revoke_tokens(self, token_ids: Iterable[str]) -> list[str]:
        """Revoke several tokens in one call; returns the ids actually revoked."""
        data = self._json(self._call("POST", "tokens/revoke", json={"ids": [str(i) for i in token_ids]}))
        revoked = data.get("revoked")
        if not isinstance(revoked, list):
            raise UnexpectedResponse(self.base_url, 200)
        return [str(i) for i in revoked]

    def revoke_deprovisioned(self, kind: TokenKind | str | None = None) -> int:
        """Revoke every live token of deprovisioned owners this user may revoke (of `kind`, or all
        kinds) in one call, whatever their number; returns how many were revoked."""
        body: dict[str, Any] = {"owner_deprovisioned": True}
        if kind is not None:
            body["kind"] = TokenKind(kind).value
        data = self._json(self._call("POST", "tokens/revoke", json=body))
        revoked = data.get("revoked")
        if not isinstance(revoked, int) or isinstance(revoked, bool):
            raise UnexpectedResponse(self.base_url, 200)
        return revoked

    def introspect(self, secret: str) -> dict[str, Any]:
        """RFC 7662 introspection of a token secret (needs an admin session)."""
        return self._json(self._call("POST", "introspect", json={"token": secret}))

    def healthy(self) -> bool:
        """True when the service answers its health check."""
        try:
            response = self._http.get("/healthz")
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    # -- plumbing ------------------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> TokenServiceClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, str] | None = None,
        expect: tuple[int, ...] = (200,),
        session: bool = True,
        cursor: bool = False,
        stream: bool = False,
    ) -> httpx.Response:
        headers = {}
        if session:
            if not self.session_token:
                raise SessionExpired(self.base_url)
            headers["Authorization"] = f"Bearer {self.session_token}"
        url = f"/t/{quote(self.tenant, safe='')}/api/v1/{path}"
        try:
            request = self._http.build_request(method, url, json=json, params=params, headers=headers)
            response = self._http.send(request, stream=stream)
            if stream and response.status_code not in expect:
                try:
                    response.read()
                finally:
                    response.close()
        except httpx.TimeoutException as error:
            raise _sent_or_not(ServiceTimeout(self.base_url, self.timeout), error) from None
        except httpx.TransportError as error:
            if _is_certificate_error(error):
                raise UntrustedCertificate(self.base_url) from None
            raise _sent_or_not(ServiceUnreachable(self.base_url), error) from None
        log.debug("%s %s -> %s", method, url, response.status_code)
        if response.status_code not in expect:
            raise self._error_for(response, signing_in=not session, cursor=cursor)
        return response

    def _error_for(self, response: httpx.Response, *, signing_in: bool, cursor: bool) -> Exception:
        status = response.status_code
        problem = self._problem(response)
        if problem is None and status != 429:
            # Not our service's problem+json: a wrong address, a proxy page, a crash.
            return UnexpectedResponse(self.base_url, status)
        detail = (problem or {}).get("detail") or (problem or {}).get("title")
        detail = detail if isinstance(detail, str) else None
        if status == 401:
            if signing_in:
                return InvalidCredentials(self.base_url, self.tenant)
            return SessionExpired(self.base_url)
        if status == 403:
            return PermissionDenied(detail)
        if status == 404:
            return NotFound(detail)
        if status in (409, 400, 422):
            return CursorRejected(detail) if cursor and status == 422 else ValidationFailed(detail)
        if status == 429:
            return RateLimited(parse_retry_after(response.headers.get("Retry-After")))
        return UnexpectedResponse(self.base_url, status)

    @staticmethod
    def _problem(response: httpx.Response) -> dict[str, Any] | None:
        if "json" not in response.headers.get("Content-Type", ""):
            return None
        try:
            data = response.json()
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = orjson.loads(response.content)  # UTF-8 JSON; several times faster than json at 100k tokens
        except ValueError:
            raise UnexpectedResponse(self.base_url, response.status_code) from None
        if not isinstance(data, dict):
            raise UnexpectedResponse(self.base_url, response.status_code)
        return data

    def _parse(self, parser: Callable[..., _T], data: dict[str, Any], *args: Any) -> _T:
        try:
            return parser(data, *args)
        except (KeyError, ValueError, TypeError, AttributeError):
            raise UnexpectedResponse(self.base_url, 200) from None


class TokenRowStream:
    """An open `format=column-chunks` answer (see TokenServiceClient.stream_token_rows)."""

    def __init__(self, client: TokenServiceClient, response: httpx.Response) -> None:
        self._client = client
        self._response = response
        self._lines = self._read_lines()
        self.removed: list[str] = []
        self._whole: list[Row] | None = None
        if "ndjson" not in response.headers.get("Content-Type", ""):
            # An older service ignores the format and answers in one piece.
            data = client._json(self._read_all())
            page = client._parse(rows_page_from_json, data)
            self.cursor, self.removed, self._whole = page.cursor, page.removed, page.rows
            return
        head = self._next_object()
        if head is None or head.get("format") != "column-chunks" or not isinstance(head.get("cursor"), str):
            raise self._unexpected()
        self.cursor = head["cursor"]

    def chunks(self) -> Iterator[list[Row]]:
        """Lists of row tuples (ROW_FIELDS order) as they arrive; `removed` is set after the last."""
        if self._whole is not None:
            yield self._whole
            return
        total = 0
        while True:
            data = self._next_object()
            if data is None:  # cut off before the end line: nothing of it may be kept
                raise self._unexpected()
            if data.get("end") is True:
                if data.get("count") != total or not isinstance(data.get("removed"), list):
                    raise self._unexpected()
                self.removed = [str(i) for i in data["removed"]]
                return
            rows = self._client._parse(rows_from_columns, data)
            total += len(rows)
            yield rows

    def _unexpected(self) -> UnexpectedResponse:
        return UnexpectedResponse(self._client.base_url, self._response.status_code)

    def _next_object(self) -> dict[str, Any] | None:
        line = next(self._lines, None)
        if line is None:
            return None
        try:
            data = orjson.loads(line)
        except ValueError:
            raise self._unexpected() from None
        if not isinstance(data, dict):
            raise self._unexpected()
        return data

    def _read_all(self) -> httpx.Response:
        with self._transport_errors():
            self._response.read()
        return self._response

    def _read_lines(self) -> Iterator[bytes]:
        """Complete lines of the body (without their newline), read as they come."""
        pending: list[bytes] = []
        with self._transport_errors():
            for piece in self._response.iter_bytes():
                start = 0
                while (end := piece.find(b"\n", start)) != -1:
                    pending.append(piece[start:end])
                    yield b"".join(pending)
                    pending.clear()
                    start = end + 1
                if start < len(piece):
                    pending.append(piece[start:])
        if any(pending):
            raise self._unexpected()  # a last line without its newline: cut off

    @contextmanager
    def _transport_errors(self) -> Iterator[None]:
        try:
            yield
        except httpx.TimeoutException:
            raise ServiceTimeout(self._client.base_url, self._client.timeout) from None
        except httpx.TransportError:
            raise ServiceUnreachable(self._client.base_url) from None
