"""`POST /t/{tenant}/api/v1/introspect`: RFC 7662 token introspection for resource servers (session auth)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse

from desktop_app.core.roles import Privileges
from desktop_app.core.secrets import MalformedSecret, parse_secret

from ..auth import require_session
from ..service import Service

router = APIRouter(prefix="/t/{tenant}/api/v1")

_INACTIVE = {"active": False}
_NO_STORE = {"Cache-Control": "no-store"}


async def _token_param(request: Request) -> str | None:
    raw = await request.body()
    if len(raw) > 4096:
        return None
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if content_type == "application/json":
            value = json.loads(raw or b"{}").get("token")
        else:
            value = parse_qs(raw.decode("utf-8"), max_num_fields=10).get("token", [None])[0]
    except (ValueError, AttributeError, UnicodeDecodeError, RecursionError):
        # RecursionError: deeply nested JSON, sent before any authentication
        return None
    return value if isinstance(value, str) else None


def _introspect(service: Service, request: Request, tenant: str, secret: str | None) -> dict[str, Any]:
    who = require_session(service, request, tenant)
    if secret is None:
        return _INACTIVE
    try:
        parse_secret(secret)
    except MalformedSecret:
        return _INACTIVE
    # An inactive answer is not a failure of the caller: a resource server relays the tokens its
    # own callers present, and counting their bad ones against its address would lock it (and
    # everyone it serves) out. The caller holds a session, and secrets carry 190 random bits.
    token = service.store.tokens.verify(secret)
    if token is None or token.tenant_id != who.tenant_id or token.expired(service.store.now()):
        return _INACTIVE
    effective = token.effective_privileges()
    if effective is None:
        return _INACTIVE
    answer = {
        "active": True,
        "scope": "read write" if effective is Privileges.READ_WRITE else "read",
        "client_id": token.id,
        "username": token.owner,
        "sub": token.owner,
        "token_type": token.kind.value,
        "iat": int(token.created_at.timestamp()),
        "tenant": tenant,
    }
    if token.expires_at is not None:
        answer["exp"] = int(token.expires_at.timestamp())
    return answer


@router.post("/introspect")
async def introspect(tenant: str, request: Request) -> JSONResponse:
    service: Service = request.app.state.service
    secret = await _token_param(request)
    body = await run_in_threadpool(_introspect, service, request, tenant, secret)
    return JSONResponse(body, headers=_NO_STORE)
