"""`POST /t/{tenant}/api/v1/tokens/{id}/rotate` and `…/{id}/end-grace` (SPEC rule 12).

rotate: body `{"grace_hours": 0..72}` (default 24; anything else answers 422) → 201, shaped like the
create answer: the token's fields (same id, name, privileges; expiry renewed by the tenant policy),
`status`, the new `secret` (shown once), `old_secret_valid_until` (null with no grace: the old secret
stopped at once) and `tenant_api_url`. end-grace → 200 token JSON; the old secret answers 401 from
then on. Both are allowed to whoever may revoke the token; a revoked token, or one the caller may not
see, answers 404 (as revoke does).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, WithJsonSchema

from .. import rotation
from ..auth import require_session
from ..errors import InvalidInput, NotFound
from ..service import Service, client_addr
from .tokens import invalid, not_found, token_json

router = APIRouter(prefix="/t/{tenant}/api/v1/tokens")


class RotateBody(BaseModel):
    # Checked by the handler (its sentence names the range); described here for the API docs.
    grace_hours: Annotated[
        Any, WithJsonSchema({"type": "integer", "minimum": 0, "maximum": rotation.MAX_GRACE_HOURS})
    ] = rotation.DEFAULT_GRACE_HOURS


@router.post("/{token_id}/rotate", status_code=201, response_model=None)
def rotate_token(
    tenant: str, token_id: str, request: Request, response: Response, body: RotateBody | None = None
) -> dict[str, Any]:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    grace = body.grace_hours if body is not None else rotation.DEFAULT_GRACE_HOURS
    try:
        info, secret = rotation.rotate(service.store, who, token_id, grace, client_addr(request))
    except InvalidInput as exc:
        raise invalid(str(exc)) from None
    except NotFound:
        raise not_found() from None
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return {
        **token_json(info, service.store.now()),
        "secret": secret,
        "tenant_api_url": service.tenant_api_url(request, tenant),
    }


@router.post("/{token_id}/end-grace", response_model=None)
def end_grace(tenant: str, token_id: str, request: Request) -> dict[str, Any]:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    try:
        info = rotation.end_grace(service.store, who, token_id, client_addr(request))
    except NotFound:
        raise not_found() from None
    return token_json(info, service.store.now())
