"""`GET /t/{tenant}/api/v1/notices?since=<cursor>` (signed in): the caller's notices (see notices.py)
→ `{"notices": [...], "cursor": "…"}`; pass the cursor as `since` next time (none or 0: from the start)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse

from ..auth import require_session
from ..notices import notices
from ..problems import Problem
from ..service import Service

router = APIRouter(prefix="/t/{tenant}/api/v1", tags=["notices"])


@router.get("/notices", response_model=None)
def list_notices(tenant: str, request: Request, since: str | None = None) -> JSONResponse:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    raw = (since or "0").strip() or "0"
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        raise Problem(
            422,
            "Invalid request",
            "“since” is the cursor of the notices answer before (a whole number); "
            "leave it out to start over.",
            kind="invalid-request",
        )
    found, cursor = notices(service.store, who, int(raw))
    return JSONResponse({"notices": found, "cursor": cursor}, headers={"Cache-Control": "no-store"})
