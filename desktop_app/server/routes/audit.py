"""`GET /t/{tenant}/api/v1/audit` (full admins): the tenant's audit log, newest first.

Filters `actor`, `action` (a comma list), `token_id`, `since` (inclusive) and `until` (exclusive, ISO
8601); `limit` 1–1,000 (default 100) and the `cursor` of the page before →
`{"events": [{"id", "at", "actor", "action", "target", "address", "outcome", "detail"}], "cursor"}`
(`cursor` null on the last page). `format=csv` streams every event of the filter as CSV with those
columns and a header row (cells a spreadsheet could run as a formula are prefixed with a quote).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from starlette.responses import JSONResponse

from desktop_app.core.roles import is_full_admin

from ..audit_query import csv_chunks, event_json, page, parse_cursor, parse_filter, parse_limit
from ..auth import require_session
from ..errors import InvalidInput
from ..problems import Problem
from ..service import Service

router = APIRouter(prefix="/t/{tenant}/api/v1", tags=["audit"])


def _invalid(detail: str) -> Problem:
    return Problem(422, "Invalid request", detail, kind="invalid-request")


@router.get("/audit", response_model=None)
def audit_log(
    tenant: str,
    request: Request,
    actor: str | None = None,
    action: str | None = None,
    token_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
    answer_format: str | None = Query(None, alias="format", description="json (default) | csv"),
) -> Response:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    if not is_full_admin(who.role):
        raise Problem(
            403,
            "Permission denied",
            "Only global and security admins may read the audit log.",
            kind="forbidden",
        )
    answer_format = (answer_format or "json").strip() or "json"
    if answer_format not in ("json", "csv"):
        raise _invalid("Unknown audit format; use json or csv.")
    try:
        filters = parse_filter(actor, action, token_id, since, until)
        parse_cursor(cursor)
        count = parse_limit(limit)
    except InvalidInput as exc:
        raise _invalid(str(exc)) from None
    store = service.store
    if answer_format == "csv":
        return StreamingResponse(
            csv_chunks(store, who.tenant_id, filters, cursor),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="audit-{tenant}.csv"',
                "Cache-Control": "no-store",
            },
        )
    events, next_cursor = page(store, who.tenant_id, filters, cursor, count)
    body: dict[str, Any] = {"events": [event_json(e) for e in events], "cursor": next_cursor}
    return JSONResponse(body, headers={"Cache-Control": "no-store"})
