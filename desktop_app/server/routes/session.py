"""`/t/{tenant}/api/v1/session`: sign in (POST), who am I (GET), sign out (DELETE)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from desktop_app.core.roles import Role
from desktop_app.core.tokens import format_utc

from ..auth import require_session, session_token_of, too_many
from ..errors import SignInFailed
from ..problems import Problem
from ..service import Service, client_addr
from ..store import USERNAME_MAX_LENGTH

router = APIRouter(prefix="/t/{tenant}/api/v1")


class SignIn(BaseModel):
    username: str = Field(max_length=256)
    password: str = Field(max_length=1024)


def _session_json(
    service: Service, request: Request, tenant: str, username: str, role: Role, expires_at: datetime
) -> dict[str, Any]:
    return {
        "expires_at": format_utc(expires_at),
        "user": {"username": username, "role": str(role)},
        "tenant": tenant,
        "tenant_api_url": service.tenant_api_url(request, tenant),
    }


def _sign_in_keys(addr: str, tenant: str, username: str) -> tuple[str, str]:
    """The limiter keys of a sign-in: the client address, and the tenant+username it aims at."""
    name = unicodedata.normalize("NFC", username).strip().casefold()[:USERNAME_MAX_LENGTH]
    return f"addr {addr}", f"user {tenant[:64]}\n{name}"


@router.post("/session", status_code=201)
async def sign_in(tenant: str, body: SignIn, request: Request, response: Response) -> dict[str, Any]:
    """Unknown tenant, unknown user and wrong password answer alike (401), and all count."""
    service: Service = request.app.state.service
    addr = client_addr(request)
    # Reserved before the password is checked: at most `sign_in_failures` attempts per key are
    # verified in a window, however many arrive at once.
    ticket = service.sign_in_limiter.reserve(*_sign_in_keys(addr, tenant, body.username))
    if isinstance(ticket, int):
        raise too_many(ticket, "sign-ins")
    failed = False
    try:
        token, expires_at, user = await service.password_gate.run(
            service.store.sign_in, tenant, body.username, body.password, client_addr=addr
        )
    except SignInFailed as exc:
        failed = True
        raise Problem(401, "Sign-in failed", str(exc), kind="sign-in-failed") from None
    finally:
        service.sign_in_limiter.settle(ticket, failed=failed)
    response.headers["Cache-Control"] = "no-store"
    return {
        "session_token": token,
        **_session_json(service, request, tenant, user.username, user.role, expires_at),
    }


@router.get("/session")
def whoami(tenant: str, request: Request) -> dict[str, Any]:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    return _session_json(service, request, tenant, who.username, who.role, who.expires_at)


@router.delete("/session", status_code=204)
def sign_out(tenant: str, request: Request) -> Response:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    token = session_token_of(request)
    assert token is not None  # require_session passed: the request carries a session token
    service.store.end_session(token)
    service.store.audit.record(
        "session.sign_out", tenant_id=who.tenant_id, actor=who.username, client_addr=client_addr(request)
    )
    return Response(status_code=204)
