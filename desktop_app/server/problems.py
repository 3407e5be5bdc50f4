"""Errors as `application/problem+json` (RFC 9457); no body ever echoes a secret or the request input."""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

log = logging.getLogger("desktop_app.server")

PROBLEM_TYPE_BASE = "/problems/"


class Problem(Exception):
    """Raise to answer with a problem document. `detail` is a sentence a person can act on."""

    def __init__(self, status: int, title: str, detail: str, *, kind: str | None = None,
                 headers: dict[str, str] | None = None, **extra) -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.detail = detail
        self.kind = kind
        self.headers = headers or {}
        self.extra = extra

    def response(self) -> Response:
        return problem_response(self.status, self.title, self.detail, kind=self.kind,
                                headers=self.headers, **self.extra)


def problem_response(status: int, title: str, detail: str, *, kind: str | None = None,
                     headers: dict[str, str] | None = None, **extra) -> Response:
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


_HTTP_TITLES = {
    404: ("Not found", "There is nothing at this address; check the URL."),
    405: ("Method not allowed", "This address does not accept that method."),
}


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def validation_detail(errors: list[dict]) -> tuple[str, list[dict]]:
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
        return problem_response(exc.status_code, title, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        sentence, listed = validation_detail(list(exc.errors()))
        return problem_response(422, "Invalid request", sentence, kind="invalid-request", errors=listed)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # The exception type only: messages of driver errors can quote SQL parameters.
        log.error("Unexpected %s while serving %s %s", type(exc).__name__, request.method, request.url.path)
        return problem_response(500, "Internal error",
                                "The token service failed unexpectedly; try again, and tell its operator if it persists.")
