"""Reading a tenant's audit log (SPEC rule 18): filtered pages newest first, and the same as CSV.

Pages are keyset-paginated on (at, id) — the cursor names the last event given — so page 1,000 of a
big log costs what page 1 does (never OFFSET). Every filter has an index behind it: (tenant, at, id),
(tenant, action, at, id), (tenant, actor, at, id) and (tenant, token_id, at, id); combined filters
walk the most selective of them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.core.tokens import parse_utc

from .errors import InvalidInput
from .models import iso_from_micros, to_micros
from .store import TokenStore

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
CSV_PAGE = 2000  # events per read while a CSV streams (each read takes and returns a connection)
EVENT_FIELDS = ("id", "at", "actor", "action", "target", "address", "outcome", "detail")
_CURSOR = re.compile(r"^e1\.(\d{1,20})\.(\d{1,20})$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_FILTER_LENGTH = 200

Event = tuple[Any, ...]  # EVENT_FIELDS' values, `at` as µs


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which events: all of them when every field is empty. `since` is inclusive, `until` exclusive."""

    actor: str | None = None
    actions: tuple[str, ...] = ()
    token_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _text(value: str | None, what: str) -> str | None:
    if value is None or value.strip() == "":
        return None
    if len(value) > MAX_FILTER_LENGTH or not value.isprintable():
        raise InvalidInput(
            f"The {what} filter is not valid; give at most {MAX_FILTER_LENGTH} printable characters."
        )
    return value.strip()


def _moment(value: str | None, what: str) -> datetime | None:
    if value is None or value.strip() == "":
        return None
    try:
        return parse_utc(value.strip())
    except ValueError:
        raise InvalidInput(
            f"“{what}” is not a time; give ISO 8601 with an offset, e.g. 2026-03-02T09:00:00Z."
        ) from None


def parse_filter(
    actor: str | None, action: str | None, token_id: str | None, since: str | None, until: str | None
) -> AuditFilter:
    """The query parameters as a filter (InvalidInput with a sentence; no value is echoed)."""
    actions = _text(action, "action")
    return AuditFilter(
        actor=_text(actor, "actor"),
        actions=tuple(a.strip() for a in actions.split(",") if a.strip()) if actions else (),
        token_id=_text(token_id, "token"),
        since=_moment(since, "since"),
        until=_moment(until, "until"),
    )


def parse_cursor(cursor: str | None) -> tuple[int, int] | None:
    if cursor is None or cursor == "":
        return None
    match = _CURSOR.match(cursor)
    if not match:
        raise InvalidInput("The audit cursor is not valid; start again from the first page.")
    return int(match.group(1)), int(match.group(2))


def parse_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"“limit” is a number of events from 1 to {MAX_LIMIT:,}.")
    return limit


Key = tuple[int, int]  # (at µs, id) of the last event given


def _sql(p: str, tenant_id: int, f: AuditFilter, after: Key | None, limit: int) -> tuple[str, list[Any]]:
    where = [f"tenant_id = {p}"]
    params: list[Any] = [tenant_id]
    if f.actor is not None:
        where.append(f"actor = {p}")
        params.append(f.actor)
    if f.actions:
        where.append(f"action IN ({', '.join([p] * len(f.actions))})")
        params += f.actions
    if f.token_id is not None:
        where.append(f"token_id = {p}")
        params.append(f.token_id)
    if f.since is not None:
        where.append(f"at >= {p}")
        params.append(to_micros(f.since))
    if f.until is not None:
        where.append(f"at < {p}")
        params.append(to_micros(f.until))
    if after is not None:
        where.append(f"(at, id) < ({p}, {p})")  # a row-value range on the index: no OFFSET
        params += after
    sql = (
        "SELECT id, at, actor, action, target, client_addr, outcome, detail FROM audit_event "
        f"WHERE {' AND '.join(where)} ORDER BY at DESC, id DESC LIMIT {int(limit)}"
    )
    return sql, params


def _fetch(store: TokenStore, tenant_id: int, f: AuditFilter, after: Key | None, limit: int) -> list[Event]:
    sql, params = _sql(store.db.param, tenant_id, f, after, limit)
    with store.db.connection_context():
        rows: list[Event] = store.db.execute_sql(sql, params).fetchall()
    return rows


def _cursor_of(event: Event) -> str:
    return f"e1.{event[1]}.{event[0]}"


def page(
    store: TokenStore, tenant_id: int, f: AuditFilter, cursor: str | None, limit: int
) -> tuple[list[Event], str | None]:
    """Up to `limit` events newest first after `cursor`, and the next page's cursor (None: no more)."""
    rows = _fetch(store, tenant_id, f, parse_cursor(cursor), limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (_cursor_of(rows[-1]) if more and rows else None)


def event_json(event: Event) -> dict[str, Any]:
    return dict(zip(EVENT_FIELDS, (event[0], iso_from_micros(event[1]), *event[2:]), strict=True))


def _safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection: a leading quote)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_chunks(
    store: TokenStore, tenant_id: int, f: AuditFilter, cursor: str | None = None, chunk: int = CSV_PAGE
) -> Iterator[bytes]:
    """Every event of the filter as CSV (a header row, then EVENT_FIELDS per event, newest first), in
    UTF-8 pieces of `chunk` events; each piece is one keyset read of its own."""
    after = parse_cursor(cursor)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EVENT_FIELDS)
    while True:
        rows = _fetch(store, tenant_id, f, after, chunk)
        writer.writerows([_safe_cell(v) for v in _csv_values(row)] for row in rows)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
        if len(rows) < chunk:
            return
        after = (rows[-1][1], rows[-1][0])


def _csv_values(event: Event) -> Sequence[Any]:
    return (event[0], iso_from_micros(event[1]), *("" if v is None else v for v in event[2:]))
