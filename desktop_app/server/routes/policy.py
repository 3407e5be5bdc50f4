"""`/t/{tenant}/api/v1/policy`: the tenant's token policy (SPEC rule 15).

GET: any signed-in user of the tenant (the app needs it to offer lifetimes). PUT: global admins only;
the body is the same document, fields left out keep their value; answers the new document. A change
applies to tokens generated from then on; existing tokens keep their expiry.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Request

from desktop_app.core.policy import policy_json
from desktop_app.core.roles import Role

from ..auth import require_session
from ..errors import InvalidInput
from ..problems import Problem
from ..service import Service, client_addr

router = APIRouter(prefix="/t/{tenant}/api/v1/policy", tags=["policy"])


@router.get("", response_model=None)
def get_policy(tenant: str, request: Request) -> dict[str, Any]:
    """The tenant's policy document."""
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    return policy_json(service.store.policies.get(who.tenant_id))


@router.put("", response_model=None)
def put_policy(tenant: str, request: Request, body: Any = Body(...)) -> dict[str, Any]:  # noqa: B008
    """Change the tenant's policy (global admins)."""
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    if who.role is not Role.GLOBAL_ADMIN:
        raise Problem(
            403, "Permission denied", "Only a global admin may change the tenant policy.", kind="forbidden"
        )
    try:
        policy = service.store.policies.put(
            who.tenant_id, body, actor=who.username, client_addr=client_addr(request)
        )
    except InvalidInput as exc:
        raise Problem(422, "Invalid request", str(exc), kind="invalid-request") from None
    return policy_json(policy)
