"""`/t/{tenant}/` and `/t/{tenant}/api/v1/`: a short JSON index, without a token.

The Tenant API URL the console shows (`…/t/{tenant}`) is what a script author opens first: it answers
what can be called under it and the header to send, instead of a 404.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from ..auth import unknown_tenant
from ..service import Service

router = APIRouter()

AUTH_HEADER = "Authorization: Token <secret>"


def _index(request: Request, tenant: str) -> dict[str, Any]:
    service: Service = request.app.state.service
    if service.store.tenant_id(tenant) is None:
        raise unknown_tenant(tenant)
    api = f"{service.tenant_api_url(request, tenant)}/api/v1"
    return {
        "tenant": tenant,
        "api_base": api,
        "authentication": {
            "header": AUTH_HEADER,
            "about": "Send a token's secret (tdk_…) in this header; generate tokens in Token Desk.",
        },
        "endpoints": {
            "alerts": {"url": f"{api}/alerts/", "methods": ["GET"], "auth": "token"},
            "alert": {"url": f"{api}/alerts/{{id}}/", "methods": ["GET"], "auth": "token"},
            "close_alert": {
                "url": f"{api}/alerts/{{id}}/close/",
                "methods": ["POST"],
                "auth": "token (read_write)",
            },
            "tokens": {"url": f"{api}/tokens", "methods": ["GET", "POST"], "auth": "session (Bearer)"},
            "session": {
                "url": f"{api}/session",
                "methods": ["POST", "GET", "DELETE"],
                "auth": "password, then session",
            },
        },
        "example": f'curl -H "Authorization: Token $TOKEN" {api}/alerts/',
    }


@router.get("/t/{tenant}/", response_model=None)
def tenant_index(tenant: str, request: Request) -> dict[str, Any]:
    return _index(request, tenant)


@router.get("/t/{tenant}/api/v1/", response_model=None)
def api_index(tenant: str, request: Request) -> dict[str, Any]:
    return _index(request, tenant)
