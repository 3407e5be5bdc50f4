"""`/t/{tenant}/api/v1/tokens`: generate, list (with sync cursors), get, revoke, bulk revoke.

The list answers in the public default form `{"items": [TokenJSON...], "removed", "cursor"}`. A client
may ask for a compact form with `?format=` (an extension: without it nothing changes):
- `columns`: `{"format": "columns", "count": n, "columns": {field: [n values]}, "removed", "cursor"}`,
  one array per TokenJSON field in the same order as `items`, times as integer POSIX seconds (UTC;
  the ISO value's second) and `null` for a token never used.
- `column-chunks`: the same streamed as the query is read, `application/x-ndjson` (one JSON object
  a line): `{"format": "column-chunks", "cursor"}`, then `{"count", "columns"}` per chunk, then
  `{"end": true, "count": total, "removed"}`. An answer without its end line was cut off.
An older service ignores the parameter and answers in the default form.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Generator
from datetime import datetime
from enum import Enum
from typing import Annotated, Any, TypeVar

import orjson
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, WithJsonSchema

from desktop_app.core.roles import Privileges
from desktop_app.core.token_fields import ROW_FIELDS, TOKEN_FIELDS, FieldType, json_from_row, row_from_token
from desktop_app.core.tokens import TokenInfo, TokenKind, TokenStatus

from ..audit import redact
from ..auth import require_session
from ..errors import Forbidden, InvalidInput
from ..models import iso_from_micros
from ..problems import Problem
from ..service import Service, client_addr
from ..token_repo import Columns
from .attention import attention_filter, kept_chunks
from .bulk_revoke import revoke_by_criteria

router = APIRouter(prefix="/t/{tenant}/api/v1/tokens")
E = TypeVar("E", bound=Enum)
D = TypeVar("D")
log = logging.getLogger("desktop_app.server")  # the logger create_app puts the redaction filter on


class NewToken(BaseModel):
    # Checked by the handler (its sentences name the choices); described here for the API docs.
    name: Annotated[Any, WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 64})] = None
    privileges: Annotated[Any, WithJsonSchema({"type": "string", "enum": [p.value for p in Privileges]})] = (
        None
    )
    kind: Annotated[
        Any,
        WithJsonSchema(
            {"anyOf": [{"type": "string", "enum": [k.value for k in TokenKind]}, {"type": "null"}]}
        ),
    ] = "api"


class RevokeMany(BaseModel):
    """Either `ids` (at most 1,000) or the criteria `owner_deprovisioned: true` with an optional `kind`."""

    ids: list[str] | None = None
    owner_deprovisioned: bool | None = None
    kind: Any = None


def token_json(info: TokenInfo, now: datetime) -> dict[str, Any]:
    """TokenJSON: core.token_fields' JSON form of every field, and the status at `now`."""
    return {**json_from_row(row_from_token(info)), "status": info.status(now).value}


def invalid(detail: str) -> Problem:
    return Problem(422, "Invalid request", detail, kind="invalid-request")


def not_found() -> Problem:
    return Problem(
        404,
        "Token not found",
        "There is no such token, or it was revoked, or it is not yours to see.",
        kind="token-not-found",
    )


def _echo(raw: str) -> str:
    """A rejected query value as an error may quote it: secrets and session tokens redacted, then cut."""
    return redact(raw.strip())[:40]


def _enum_list(raw: str | None, enum: type[E], what: str, default: D) -> list[E] | D:
    if raw is None or raw.strip() == "":
        return default
    values: list[E] = []
    for part in raw.split(","):
        try:
            values.append(enum(part.strip()))
        except ValueError:
            choices = ", ".join(e.value for e in enum)
            raise invalid(f"Unknown {what} “{_echo(part)}”; use a comma list of: {choices}.") from None
    return values


def _choice(raw: Any, enum: type[E], sentence: str) -> E:
    try:
        return enum(raw)
    except ValueError:
        raise invalid(sentence) from None


@router.post("", status_code=201, response_model=None)
def generate_token(tenant: str, body: NewToken, request: Request, response: Response) -> dict[str, Any]:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    privileges = _choice(
        body.privileges, Privileges, "Choose the token's privileges: “read” or “read_write”."
    )
    kind = _choice(
        body.kind if body.kind is not None else "api",
        TokenKind,
        "The token kind is one of “api”, “siem_agent” or “log_collector”.",
    )
    try:
        info, secret = service.store.tokens.generate(
            who, body.name, privileges, kind, client_addr=client_addr(request)
        )
    except Forbidden as exc:
        raise Problem(403, "Permission denied", str(exc), kind="forbidden") from None
    except InvalidInput as exc:
        raise invalid(str(exc)) from None
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return {
        **token_json(info, service.store.now()),
        "secret": secret,
        "tenant_api_url": service.tenant_api_url(request, tenant),
    }


# A list's columns are core.token_fields' ROW_FIELDS (times as µs), then the status.
_ITEM_KEYS = (*ROW_FIELDS, "status")
_TIMES = tuple(field.type is FieldType.TIME for field in TOKEN_FIELDS)

# `?format=columns`: the same tokens as one array per TokenJSON field (same order, same values),
# times as integer POSIX seconds (UTC, the ISO value's second) instead of ISO text. About half the
# bytes of the default, and a client can zip the arrays into rows without one object per token.
# `?format=column-chunks`: the same, streamed as it is read (application/x-ndjson, one JSON object a
# line): {"format": "column-chunks", "cursor"}, then {"count", "columns"} per chunk of tokens, then
# {"end": true, "count": total, "removed"}. A client writes each chunk while the next is read; an
# answer without the end line was cut off and must be discarded.
LIST_FORMATS = ("objects", "columns", "column-chunks")
STREAM_CHUNK_ROWS = 5000


def _iso(values: list[int | None]) -> list[str | None]:
    return [None if value is None else iso_from_micros(value) for value in values]


def _seconds(values: list[int | None]) -> list[int | None]:
    return [None if value is None else value // 1_000_000 for value in values]


def _objects_body(columns: Columns, removed: list[str], cursor: str) -> bytes:
    values = [
        _iso(column) if time else column for column, time in zip(columns, (*_TIMES, False), strict=True)
    ]
    items = [dict(zip(_ITEM_KEYS, row, strict=True)) for row in zip(*values, strict=True)]
    return orjson.dumps({"items": items, "removed": removed, "cursor": cursor})


def _columns_json(columns: Columns) -> dict[str, list[Any]]:
    return {
        key: _seconds(column) if time else column
        for key, column, time in zip(_ITEM_KEYS, columns, (*_TIMES, False), strict=True)
    }


def _columns_body(columns: Columns, removed: list[str], cursor: str) -> bytes:
    return orjson.dumps(
        {
            "format": "columns",
            "count": len(columns[0]),
            "columns": _columns_json(columns),
            "removed": removed,
            "cursor": cursor,
        }
    )


def _chunk_lines(chunks: Generator[tuple[str, Any], None, None]) -> Generator[bytes, None, None]:
    total = 0
    try:
        for what, value in chunks:
            if what == "cursor":
                yield orjson.dumps({"format": "column-chunks", "cursor": value}) + b"\n"
            elif what == "columns":
                total += len(value[0])
                yield orjson.dumps({"count": len(value[0]), "columns": _columns_json(value)}) + b"\n"
            else:
                yield orjson.dumps({"end": True, "count": total, "removed": value}) + b"\n"
    finally:
        chunks.close()  # here, in the thread that holds its database connection


async def _from_thread(lines: Generator[bytes, None, None]) -> AsyncIterator[bytes]:
    """Run `lines` in a thread of its own (it holds a database connection throughout) and yield
    what it makes; on an error the answer just stops (no end line: the client discards it)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes | None] = asyncio.Queue()  # None: the end

    def put(item: bytes | None) -> None:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        except RuntimeError:  # the loop has closed (server shutting down)
            pass

    def produce() -> None:
        try:
            for line in lines:
                put(line)
        except Exception:
            log.exception("streamed token list failed")
        finally:
            lines.close()
            put(None)

    threading.Thread(target=produce, name="token-list-stream", daemon=True).start()
    while (item := await queue.get()) is not None:
        yield item


@router.get("", response_model=None)
def list_tokens(
    tenant: str,
    request: Request,
    status: str | None = None,
    kind: str | None = None,
    search: str | None = None,
    changed_since: str | None = None,
    list_format: str | None = Query(
        None,
        alias="format",
        description="objects (default) | columns | column-chunks: see this module's docstring",
    ),
    attention: str | None = Query(
        None, description="never_used | inactive | expiring | no_expiry | deprovisioned (routes/attention.py)"
    ),
) -> Response:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    statuses = _enum_list(status, TokenStatus, "status", None)
    kinds = _enum_list(kind, TokenKind, "kind", [TokenKind.API])
    list_format = (list_format or "objects").strip() or "objects"
    if list_format not in LIST_FORMATS:
        raise invalid(f"Unknown list format “{_echo(list_format)}”; use one of: {', '.join(LIST_FORMATS)}.")
    keep = attention_filter(service, who, attention)
    if list_format == "column-chunks":
        try:
            chunks = service.store.tokens.iter_column_chunks(
                who, kinds, statuses, search, changed_since, chunk_rows=STREAM_CHUNK_ROWS
            )
        except InvalidInput as exc:
            raise invalid(str(exc)) from None
        if keep is not None:
            chunks = kept_chunks(chunks, keep)
        return StreamingResponse(_from_thread(_chunk_lines(chunks)), media_type="application/x-ndjson")
    # Plain rows or columns straight to JSON (orjson: ~10x faster than json): a tenant can hold
    # 100,000 tokens.
    encode = _columns_body if list_format == "columns" else _objects_body
    try:
        found, removed, cursor = service.store.tokens.list_columns(
            who, kinds, statuses, search, changed_since
        )
    except InvalidInput as exc:
        raise invalid(str(exc)) from None
    if keep is not None:
        found = keep(found)
    return Response(encode(found, removed, cursor), media_type="application/json")


@router.post("/revoke", response_model=None)
def revoke_tokens(tenant: str, body: RevokeMany, request: Request) -> dict[str, list[str]] | dict[str, int]:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    if body.ids is None:
        return {"revoked": revoke_by_criteria(service, who, body, client_addr(request))}
    try:
        revoked, missing = service.store.tokens.revoke(who, body.ids, client_addr=client_addr(request))
    except InvalidInput as exc:
        raise invalid(str(exc)) from None
    return {"revoked": revoked, "not_found": missing}


@router.get("/{token_id}", response_model=None)
def get_token(tenant: str, token_id: str, request: Request) -> dict[str, Any]:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    info = service.store.tokens.get(who, token_id)
    if info is None:
        raise not_found()
    return token_json(info, service.store.now())


@router.delete("/{token_id}", status_code=204)
def revoke_token(tenant: str, token_id: str, request: Request) -> Response:
    service: Service = request.app.state.service
    who = require_session(service, request, tenant)
    revoked, _ = service.store.tokens.revoke(who, [token_id], client_addr=client_addr(request))
    if not revoked:
        raise not_found()
    return Response(status_code=204)
