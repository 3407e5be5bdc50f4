"""`POST /api/v1/credentials/revoke` and `POST /t/{tenant}/api/v1/credentials/revoke`: report leaked
secrets, without signing in (SPEC rule 16; see leaks.py for what is done and why it tells nothing).

Body `{"credentials": ["tdk_…", …], "url": "where they were found (optional)"}`, at most 100 entries
→ 202 `{"received": n, "ignored": m}` whatever the outcome. A secret proves itself: it is revoked in
whichever tenant holds it, through either address. Every report counts as a failure against the
caller's address (the same limiter as failed token checks), so a flood is slowed down the same way
and the limit never depends on what the report contained.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, WithJsonSchema
from starlette.responses import JSONResponse

from ..auth import too_many, unknown_tenant
from ..errors import InvalidInput
from ..leaks import MAX_CREDENTIALS, MAX_URL_LENGTH, LeakReports, check_credentials, clean_url
from ..problems import Problem
from ..service import Service, client_addr

router = APIRouter(tags=["credentials"])



class LeakReport(BaseModel):
    # Checked by the handler (its sentences say the limits); described here for the API docs.
    credentials: Annotated[
        Any, WithJsonSchema({"type": "array", "items": {"type": "string"}, "maxItems": MAX_CREDENTIALS})
    ]
    url: Annotated[Any, WithJsonSchema({"type": "string", "maxLength": MAX_URL_LENGTH})] = None


class LeakReceipt(BaseModel):
    received: int
    ignored: int


def _report(service: Service, request: Request, body: LeakReport) -> JSONResponse:
    addr = client_addr(request)
    wait = service.token_limiter.retry_after(addr)
    if wait is not None:
        raise too_many(wait, "attempts or reports")
    service.token_limiter.failed(addr)  # every report, whatever it held: no oracle in the limit either
    try:
        credentials = check_credentials(body.credentials)
        url = clean_url(body.url)
    except InvalidInput as exc:
        raise Problem(422, "Invalid request", str(exc), kind="invalid-request") from None
    received, ignored = LeakReports(service.store).report(credentials, url, addr)
    return JSONResponse(
        {"received": received, "ignored": ignored}, status_code=202, headers={"Cache-Control": "no-store"}
    )


@router.post(
    "/api/v1/credentials/revoke",
    status_code=202,
    response_model=LeakReceipt,
    summary="Report leaked secrets (no sign-in)",
)
def report_leaked(body: LeakReport, request: Request) -> JSONResponse:
    return _report(request.app.state.service, request, body)


@router.post(
    "/t/{tenant}/api/v1/credentials/revoke",
    status_code=202,
    response_model=LeakReceipt,
    summary="Report leaked secrets (no sign-in)",
)
def report_leaked_to_tenant(tenant: str, body: LeakReport, request: Request) -> JSONResponse:
    service: Service = request.app.state.service
    if service.store.tenant_id(tenant) is None:
        raise unknown_tenant(tenant)
    return _report(service, request, body)
