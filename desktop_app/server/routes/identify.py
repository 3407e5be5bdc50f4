"""`POST /t/{tenant}/api/v1/tokens/identify` `{"secret": "tdk_…"}` (full admins): whose token is this
pasted secret? → 200 the token's JSON (as `GET …/tokens/{id}`, plus `matched_old_secret`) or 404.

The secret is only digested: never stored, logged or echoed (a malformed one is refused with a
sentence that does not repeat it). Each look-up is audited as `token.identify` naming the token found
(or outcome `not_found`), never the secret. Its router is included before the tokens router, so
`/identify` is not taken for a token id.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, WithJsonSchema
from starlette.responses import JSONResponse

from desktop_app.core.roles import is_full_admin
from desktop_app.core.secrets import MalformedSecret, parse_secret

from ..auth import require_session
from ..leaks import identify
from ..problems import Problem
from ..service import Service, client_addr
from .tokens import invalid, not_found, token_json

router = APIRouter(prefix="/t/{tenant}/api/v1/tokens")

_NO_STORE = {"Cache-Control": "no-store"}


class PastedSecret(BaseModel):
    secret: Annotated[Any, WithJsonSchema({"type": "string"})]


@router.post("/identify", response_model=None)
def identify_secret(tenant: str, body: PastedSecret, request: Request) -> JSONResponse:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    if not is_full_admin(who.role):
        raise Problem(
            403,
            "Permission denied",
            "Only global and security admins may identify a secret; ask one of them.",
            kind="forbidden",
        )
    if not isinstance(body.secret, str):
        raise invalid('Paste the secret as text (“secret”: "tdk_…").')
    try:
        parse_secret(body.secret)
    except MalformedSecret as exc:  # its sentence never repeats the secret
        raise invalid(str(exc)) from None
    store = service.store
    found = identify(store, who.tenant_id, body.secret)
    info = store.tokens.get(who, found[0]) if found else None
    if info is None:
        store.audit.record(
            "token.identify",
            tenant_id=who.tenant_id,
            actor=who.username,
            outcome="not_found",
            client_addr=client_addr(request),
            detail="no live token of this tenant has the pasted secret",
        )
        raise not_found()
    store.audit.record(
        "token.identify",
        tenant_id=who.tenant_id,
        actor=who.username,
        target=f"token {info.id} “{info.name}” of {info.owner}",
        client_addr=client_addr(request),
        detail="the previous secret, in its grace period" if found and found[1] else None,
    )
    answer = {**token_json(info, store.now()), "matched_old_secret": bool(found and found[1])}
    return JSONResponse(answer, headers=_NO_STORE)
