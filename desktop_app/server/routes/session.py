"""`/t/{tenant}/api/v1/session`: sign in (POST), who am I (GET), sign out (DELETE)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from desktop_app.core.tokens import format_utc

from ..auth import require_session, session_token_of, too_many, unknown_tenant
from ..errors import SignInFailed
from ..problems import Problem
from ..service import Service, client_addr

router = APIRouter(prefix="/t/{tenant}/api/v1")


class SignIn(BaseModel):
    username: str = Field(max_length=256)
    password: str = Field(max_length=1024)


def _session_json(service: Service, request: Request, tenant: str, username: str, role, expires_at) -> dict:
    return {
        "expires_at": format_utc(expires_at),
        "user": {"username": username, "role": str(role)},
        "tenant": tenant,
        "tenant_api_url": service.tenant_api_url(request, tenant),
    }


@router.post("/session", status_code=201)
def sign_in(tenant: str, body: SignIn, request: Request, response: Response) -> dict:
    service: Service = request.app.state.service
    addr = client_addr(request)
    wait = service.sign_in_limiter.retry_after(addr)
    if wait is not None:
        raise too_many(wait, "sign-ins")
    tenant_id = service.store.tenant_id(tenant)
    if tenant_id is None:
        raise unknown_tenant(tenant)
    try:
        token, expires_at, user = service.store.sign_in(tenant, body.username, body.password)
    except SignInFailed as exc:
        service.sign_in_limiter.failed(addr)
        service.store.audit.record("session.sign_in", tenant_id=tenant_id, actor=body.username,
                                   outcome="denied", client_addr=addr)
        raise Problem(401, "Sign-in failed", str(exc), kind="sign-in-failed") from None
    service.store.audit.record("session.sign_in", tenant_id=tenant_id, actor=user.username, client_addr=addr)
    response.headers["Cache-Control"] = "no-store"
    return {"session_token": token,
            **_session_json(service, request, tenant, user.username, user.role, expires_at)}


@router.get("/session")
def whoami(tenant: str, request: Request) -> dict:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    return _session_json(service, request, tenant, who.username, who.role, who.expires_at)


@router.delete("/session", status_code=204)
def sign_out(tenant: str, request: Request) -> Response:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    service.store.end_session(session_token_of(request))
    service.store.audit.record("session.sign_out", tenant_id=who.tenant_id, actor=who.username,
                               client_addr=client_addr(request))
    return Response(status_code=204)
