"""Who is calling: a session (`Authorization: Bearer`) or an API token (`Authorization: Token`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from desktop_app.core.roles import Privileges
from desktop_app.core.secrets import MalformedSecret, parse_secret
from desktop_app.core.tokens import TokenKind, format_utc

from .problems import Problem, log
from .service import Service, client_addr
from .store import SLUG_PATTERN, Principal
from .usage import note_use
from .verified import VerifiedToken

Lookup = Callable[[str], Awaitable[tuple["VerifiedToken | None", object]]]

INVALID_TOKEN_DETAIL = (
    "The token is missing, malformed, unknown or revoked; "
    "send a valid one as “Authorization: Token <secret>”."
)


def too_many(retry_after: int, what: str) -> Problem:
    return Problem(
        429,
        "Too many attempts",
        f"Too many failed {what} from this client; wait {retry_after} seconds and try again.",
        kind="rate-limited",
        headers={"Retry-After": str(retry_after)},
        retry_after=retry_after,
    )


def invalid_token() -> Problem:
    return Problem(
        401,
        "Invalid token",
        INVALID_TOKEN_DETAIL,
        kind="invalid-token",
        headers={"WWW-Authenticate": 'Token error="invalid_token"'},
    )


def expired_token(expires_at: datetime) -> Problem:
    return Problem(
        401,
        "Token expired",
        f"This token expired on {format_utc(expires_at)}; generate a new one or ask its owner.",
        kind="token-expired",
        headers={"WWW-Authenticate": 'Token error="invalid_token"'},
    )


def insufficient_scope(detail: str) -> Problem:
    return Problem(
        403,
        "Permission denied",
        detail,
        kind="insufficient-scope",
        headers={"WWW-Authenticate": 'Token error="insufficient_scope"'},
    )


def session_expired() -> Problem:
    return Problem(
        401,
        "Session expired",
        "Your session has expired or was signed out; sign in again.",
        kind="session-expired",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def unknown_tenant(tenant: str) -> Problem:
    # The name comes from the URL: quoted only when it could be a tenant name (never a pasted secret).
    named = f" “{tenant}”" if SLUG_PATTERN.match(tenant or "") else ""
    return Problem(
        404,
        "Unknown tenant",
        f"This service has no tenant{named}; check the tenant name.",
        kind="unknown-tenant",
    )


def _credential(request: Request, scheme: str) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    given, _, value = header.partition(" ")
    if given.lower() != scheme:
        return None
    return value.strip() or None


# --- sessions ---------------------------------------------------------------------------


def require_session(service: Service, request: Request, tenant: str) -> Principal:
    """The signed-in user of `tenant` (blocking: call from a threadpool handler).

    A live session always passes; only a failed check counts against the client's address
    (and is answered 429 once the address is over its limit).
    """
    if service.store.tenant_id(tenant) is None:
        raise unknown_tenant(tenant)
    token = _credential(request, "bearer")
    principal = service.store.session_principal(token) if token else None
    if principal is None or principal.tenant != tenant:
        addr = client_addr(request)
        wait = service.token_limiter.retry_after(addr)
        if wait is not None:
            raise too_many(wait, "session checks")
        service.token_limiter.failed(addr)
        raise session_expired()
    return principal


def session_token_of(request: Request) -> str | None:
    return _credential(request, "bearer")


# --- API tokens (the hot path: async, one indexed lookup, no thread hop on success) --------


@dataclass(frozen=True, slots=True)
class _Denied:
    problem: Problem
    action: str
    tenant_id: int | None
    actor: str | None = None
    detail: str | None = None


async def _check_token(
    service: Service, request: Request, tenant: str | None, need: Privileges, lookup: Lookup | None
) -> tuple[VerifiedToken, object] | _Denied:
    store = service.store
    tenant_id = store.tenant_id(tenant) if tenant is not None else None
    secret = _credential(request, "token")
    if secret is None:
        return _Denied(invalid_token(), "token.rejected", tenant_id, detail="missing credential")
    try:
        parse_secret(secret)
    except MalformedSecret:
        return _Denied(invalid_token(), "token.rejected", tenant_id, detail="malformed token")
    token, extra = await (lookup or store.tokens.verify_on_loop)(secret)
    if token is None or not token.works_at(store.now()):  # a rotation's old secret after its grace
        return _Denied(invalid_token(), "token.rejected", tenant_id, detail="unknown or revoked token")
    if tenant is not None and token.tenant_id != tenant_id:
        return _Denied(
            invalid_token(), "token.rejected", tenant_id, detail=f"token {token.id} of another tenant"
        )
    actor = f"token {token.id} of {token.owner}"
    if token.expires_at is not None and token.expired(store.now()):
        return _Denied(expired_token(token.expires_at), "token.rejected", tenant_id, actor, "expired token")
    effective = token.effective_privileges()
    if effective is None:
        return _Denied(
            insufficient_scope(
                "The user who generated this token has been deprovisioned; ask an administrator for a new token."
            ),
            "token.denied",
            token.tenant_id,
            actor,
            "owner deprovisioned",
        )
    if token.kind is not TokenKind.API:
        return _Denied(
            insufficient_scope(
                f"This is {token.kind.noun_with_article}; "
                f"the alerts API needs {TokenKind.API.noun_with_article}."
            ),
            "token.denied",
            token.tenant_id,
            actor,
            f"kind {token.kind.value}",
        )
    if not effective.includes(need):
        return _Denied(
            insufficient_scope(
                f"This token has {effective.label.lower()} privileges; this call needs "
                f"{need.label.lower()}. Generate a token with {need.label.lower()} privileges."
            ),
            "token.denied",
            token.tenant_id,
            actor,
            f"needs {need.value}, has {effective.value}",
        )
    return token, extra


async def record_denial(service: Service, denied: _Denied, addr: str) -> None:
    """Audit a refused use; a failed audit write is logged and never turns the 401/403 into a 500."""
    try:
        await run_in_threadpool(
            service.store.audit.record_denial,
            denied.action,
            tenant_id=denied.tenant_id,
            actor=denied.actor,
            client_addr=addr,
            detail=denied.detail,
        )
    except Exception as exc:
        log.error("Could not audit a refused token use (%s)", type(exc).__name__)


async def authorize_token(
    service: Service, request: Request, tenant: str | None, need: Privileges, lookup: Lookup | None = None
) -> tuple[VerifiedToken, object]:
    """(the token allowed to make this call, what `lookup` read with it), or raise 401/403/429 (audited).

    `await lookup(secret) -> (VerifiedToken | None, data)` finds the token and reads the data in one
    query (see AlertRepository.token_and_list); the data is only used once the token passed.
    """
    result = await _check_token(service, request, tenant, need, lookup)
    if isinstance(result, _Denied):
        addr = client_addr(request)
        if result.problem.status == 401:
            # Only failures are limited: a valid token above passed whatever this address did.
            wait = service.token_limiter.retry_after(addr)
            if wait is not None:
                raise too_many(wait, "token checks")
            service.token_limiter.failed(addr)
        await record_denial(service, result, addr)
        raise result.problem
    token, extra = result
    now = service.store.now()
    note_use(service.store, request, token, now)
    tokens = service.store.tokens
    if tokens.use_needs_write(token, now):
        try:
            await run_in_threadpool(tokens.record_use, token.id, now, token.old_secret)
        except Exception as exc:
            tokens.forget_pending_use(token.id, token.old_secret)
            log.warning("Could not record the last use of token %s (%s)", token.id, type(exc).__name__)
    return token, extra
