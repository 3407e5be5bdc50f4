"""Errors as `application/problem+json` (RFC 9457); no body ever echoes a secret or the request input."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any

import peewee
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

log = logging.getLogger("desktop_app.server")

PROBLEM_TYPE_BASE = "/problems/"


class Problem(Exception):
    """Raise to answer with a problem document. `detail` is a sentence a person can act on."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        kind: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.detail = detail
        self.kind = kind
        self.headers = headers or {}
        self.extra = extra

    def response(self) -> Response:
        return problem_response(
            self.status, self.title, self.detail, kind=self.kind, headers=self.headers, **self.extra
        )


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    kind: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body = {
        "type": PROBLEM_TYPE_BASE + kind if kind else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        **extra,
    }
    return Response(
        json.dumps(body, ensure_ascii=False).encode("utf-8"),
        status_code=status,
        media_type="application/problem+json",
        headers=headers,
    )


PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "retry_after": {"type": "integer"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}

_PROBLEM_WHEN = {
    400: "The request is malformed.",
    401: "Missing, unknown, expired or revoked credentials.",
    403: "The credential is valid but not allowed to do this.",
    404: "No such tenant, token or alert (or not visible to the caller).",
    413: "The request body is over the service's limit.",
    422: "The request breaks a rule (the detail says which).",
    429: "Too many failed attempts from this client or for this user; see Retry-After.",
    503: "The database is unreachable or the service is busy; see Retry-After.",
}

# OpenAPI `responses` entries: every error is application/problem+json (RFC 9457).
PROBLEM_RESPONSES = {
    status: {"description": text, "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}}}
    for status, text in _PROBLEM_WHEN.items()
}


_HTTP_TITLES = {
    404: ("Not found", "There is nothing at this address; check the URL."),
    405: ("Method not allowed", "This address does not accept that method."),
    400: ("Invalid request", "The request body could not be read; send JSON in UTF-8."),
    413: ("Request too large", None),
}


def _field(loc: Sequence[object]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def validation_detail(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, str]]]:
    """One sentence for the first problem, and a field/message list without the rejected input."""
    listed = [{"field": _field(e.get("loc", ())), "message": str(e.get("msg", "invalid"))} for e in errors]
    if not errors:
        return "The request is not valid.", listed
    first = errors[0]
    kind, field = first.get("type", ""), _field(first.get("loc", ()))
    if kind == "json_invalid":
        sentence = "The request body is not valid JSON."
    elif kind == "missing":
        sentence = f"The request is missing “{field}”."
    elif kind in ("model_attributes_type", "dict_type") and field == "body":
        sentence = "Send a JSON object as the request body."
    else:
        sentence = f"“{field}” is not valid: {first.get('msg', 'invalid value')}."
    return sentence, listed


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return exc.response()

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        title, detail = _HTTP_TITLES.get(exc.status_code, ("Error", "The request failed."))
        kind = "request-too-large" if exc.status_code == 413 else None
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return problem_response(exc.status_code, title, detail or str(exc.detail), kind=kind, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        sentence, listed = validation_detail(list(exc.errors()))
        return problem_response(422, "Invalid request", sentence, kind="invalid-request", errors=listed)

    async def _database(request: Request, exc: Exception) -> Response:
        return unexpected_response(request, exc)

    # Handled inside the app (not by the last-resort handler below, which re-raises into the
    # server's error log with a traceback): a database failure is an answer, not a crash.
    for database_error in _database_errors():
        app.add_exception_handler(database_error, _database)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        return unexpected_response(request, exc)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (each FastAPI route holds only its own)."""
    found: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "__probe__"})
        if match is not Match.NONE:
            found |= set(getattr(route, "methods", None) or ())
    return sorted(found)


def _database_errors() -> tuple[type[Exception], ...]:
    found: list[type[Exception]] = [peewee.DatabaseError, peewee.InterfaceError, sqlite3.Error]
    try:
        import psycopg  # noqa: PLC0415 (the PostgreSQL driver is optional)
    except ImportError:
        return tuple(found)
    return (*found, psycopg.Error)


STORAGE_RETRY_AFTER = 5


def _is_storage_failure(exc: BaseException) -> bool:
    """The database cannot be reached or written (PostgreSQL down, disk full, SQLite locked out)."""
    if isinstance(exc, (peewee.OperationalError, peewee.InterfaceError, sqlite3.OperationalError)):
        return True
    psycopg = sys.modules.get("psycopg")  # only loaded when PostgreSQL is in use
    return psycopg is not None and isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError))


def _is_bad_data(exc: BaseException) -> bool:
    """Input the database itself refuses (a NUL character on PostgreSQL): the caller's mistake."""
    if isinstance(exc, peewee.DataError):
        return True
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, psycopg.DataError)


def unexpected_response(request: Request, exc: BaseException) -> Response:
    """An exception no route handled: 503 for storage failures, 400 for data the database refused,
    else 500. The exception type only is logged: driver messages can quote SQL parameters."""
    if _is_storage_failure(exc):
        log.error(
            "Storage failure (%s) while serving %s %s",
            type(exc).__name__,
            request.method,
            request.url.path[:200],
        )
        return problem_response(
            503,
            "Service unavailable",
            "The token service cannot reach its database right now; try again shortly.",
            kind="storage-unavailable",
            headers={"Retry-After": str(STORAGE_RETRY_AFTER)},
            retry_after=STORAGE_RETRY_AFTER,
        )
    if _is_bad_data(exc):
        return problem_response(
            400,
            "Invalid request",
            "The request holds characters this service cannot store (for example a NUL character).",
            kind="invalid-request",
        )
    log.error("Unexpected %s while serving %s %s", type(exc).__name__, request.method, request.url.path[:200])
    # The connection is closed after a 500: its state is unknown, and saying so lets the client
    # open a new one instead of failing its next request on a dropped one.
    return problem_response(
        500,
        "Internal error",
        "The token service failed unexpectedly; try again, and tell its operator if it persists.",
        headers={"Connection": "close"},
    )
