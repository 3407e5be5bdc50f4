"""Listing tokens: the sync cursors, and the list query's rows turned into the filtered columns (with
statuses) that `TokenRepository.list_columns`, `list_rows`, `list` and the streamed chunks answer."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from desktop_app.core.hygiene import ATTENTION as ATTENTION_LISTS
from desktop_app.core.roles import is_full_admin
from desktop_app.core.status_columns import CODE_BY_STATUS, STATUS_BY_CODE, WINDOW_SECONDS, status_codes
from desktop_app.core.token_fields import FIELD_INDEX, ROW_FIELDS, TOKEN_FIELDS, FieldType, split_columns
from desktop_app.core.tokens import TokenInfo, TokenStatus

from .accounts import Principal
from .hot_reads import Row

CURSOR_PATTERN = re.compile(r"^c1\.(\d{1,18})\.([ao])$")

# Where each token field (core.token_fields) is stored: the owner's fields are the user row's, every
# other one is the token table's column of the same name (a new field: its model column and upgrade).
OWNER_COLUMNS = {"owner": "username", "owner_deprovisioned": "deprovisioned"}
LIST_COLUMNS = ", ".join(
    f"u.{OWNER_COLUMNS[name]}" if name in OWNER_COLUMNS else f"t.{name}" for name in ROW_FIELDS
)
AT_ID, AT_NAME, AT_OWNER, _AT_LAST_USED, _AT_EXPIRES = (
    FIELD_INDEX[n] for n in ("id", "name", "owner", "last_used_at", "expires_at")
)
_AT_FLAGS = tuple(at for at, field in enumerate(TOKEN_FIELDS) if field.type is FieldType.FLAG)
_STATUS_VALUES = np.array([status.value for status in STATUS_BY_CODE], dtype=object)
_WINDOW_MICROS = WINDOW_SECONDS * 1_000_000
# One list per ROW_FIELDS field, then the statuses (see `columns_of`).
Columns = tuple[list[Any], ...]
# What `iter_column_chunks` yields: ("cursor", str), ("columns", Columns) or ("removed", ids).
ColumnChunk = tuple[str, str | Columns | list[str]]


@dataclass(frozen=True, slots=True)
class TokenPage:
    items: list[TokenInfo]
    removed: list[str]
    cursor: str


def list_cursor(seq: int, full_admin: bool) -> str:
    # The viewer's visibility is part of the cursor: after a role change the old cursor no longer fits.
    return f"c1.{seq}.{'a' if full_admin else 'o'}"


def list_sql(p: str, who: Principal, kinds: list[str]) -> tuple[list[str], list[object]]:
    """The list query for `who` over `kinds` (`p`: the database's parameter mark), before its bounds."""
    sql = [
        f"SELECT {LIST_COLUMNS}, t.revoked_at FROM token t JOIN app_user u ON u.id = t.owner_id "
        f"WHERE t.tenant_id = {p} AND t.kind IN ({', '.join([p] * len(kinds))})"
    ]
    params: list[object] = [who.tenant_id, *kinds]
    if not is_full_admin(who.role):
        sql.append(f"AND t.owner_id = {p}")
        params.append(who.user_id)
    return sql, params


def list_sql_bounds(
    p: str, sql: list[str], params: list[object], since: int | None, upto: int
) -> tuple[str, list[object]]:
    """The list query bounded: live tokens only, or (after a cursor) what changed in (since, upto]."""
    if since is None:
        sql = [*sql, "AND t.revoked_at IS NULL"]
    else:
        sql = [*sql, f"AND t.change_seq > {p} AND t.change_seq <= {p}"]
        params = [*params, since, upto]
    return " ".join([*sql, "ORDER BY t.created_at, t.id"]), params


def list_filters(statuses: Iterable[TokenStatus] | None, search: str | None) -> tuple[set[str] | None, str]:
    """The list filters as `columns_of` applies them: wanted status values (None: all), search needle."""
    wanted = {TokenStatus(s).value for s in statuses} if statuses else None
    return wanted, search.casefold().strip() if search else ""


def columns_of(
    fetched: list[Row], now_micros: int, wanted: set[str] | None, needle: str, removed: list[str]
) -> Columns:
    """Listed query rows → the columns of `list_columns` (one list per ROW_FIELDS field, then the
    statuses), status and search filters applied; revoked ids are appended to `removed`.

    Column at a time (zip, numpy): the status is core.status_columns' rule over the last-use
    microseconds (exact in float64), no Python work per token unless a search needs it.
    """
    if not fetched:
        return tuple([] for _ in range(len(ROW_FIELDS) + 1))
    columns = split_columns(fetched, trailing=1)
    revoked = columns.pop()
    keep: np.ndarray | None = None
    if revoked.count(None) != len(revoked):
        keep = np.fromiter((value is None for value in revoked), dtype=bool, count=len(revoked))
        ids = columns[AT_ID]
        removed.extend(ids[at] for at in np.flatnonzero(~keep).tolist())
    codes = status_codes(
        np.array(columns[_AT_LAST_USED], dtype=np.float64),
        now_micros,
        _WINDOW_MICROS,
        expires=np.array(columns[_AT_EXPIRES], dtype=np.float64),
    )
    if wanted is not None:
        matching = np.isin(codes, [CODE_BY_STATUS[TokenStatus(value)] for value in wanted])
        keep = matching if keep is None else keep & matching
    if needle:
        found = np.fromiter(
            (
                needle in name.casefold() or needle in owner.casefold()
                for name, owner in zip(columns[AT_NAME], columns[AT_OWNER], strict=True)
            ),
            dtype=bool,
            count=len(codes),
        )
        keep = found if keep is None else keep & found
    statuses = _STATUS_VALUES[codes]
    if keep is not None and not keep.all():
        kept = np.flatnonzero(keep).tolist()
        lists = [[column[at] for at in kept] for column in columns]
        statuses = statuses[keep]
    else:
        lists = columns
    for at in _AT_FLAGS:  # SQLite answers 0/1
        lists[at] = list(map(bool, lists[at]))
    return (*lists, statuses.tolist())


# --- attention lists (SPEC rule 17): `?attention=` on the list --------------------------------

ATTENTION = ATTENTION_LISTS  # core.hygiene's: the names the client sends
NEVER_USED_DAYS = 30  # generated this long ago and never used
INACTIVE_DAYS = 90  # last used this long ago
_DAY_MICROS = 86_400 * 1_000_000
_AT_CREATED, _AT_DEPROVISIONED = FIELD_INDEX["created_at"], FIELD_INDEX["owner_deprovisioned"]


def _micros(column: list[Any]) -> np.ndarray:
    return np.array(column, dtype=np.float64)  # None → NaN (never): every comparison with it is False


def attention_mask(columns: Columns, attention: str, now_micros: int, warn_days: int) -> np.ndarray:
    """Which listed tokens (columns as `columns_of` gives them) are on the `attention` list."""
    if attention == "never_used":
        never = np.fromiter((v is None for v in columns[_AT_LAST_USED]), dtype=bool, count=len(columns[0]))
        return never & (_micros(columns[_AT_CREATED]) <= now_micros - NEVER_USED_DAYS * _DAY_MICROS)
    if attention == "inactive":
        return _micros(columns[_AT_LAST_USED]) <= now_micros - INACTIVE_DAYS * _DAY_MICROS
    expires = _micros(columns[_AT_EXPIRES])
    if attention == "expiring":
        return (expires > now_micros) & (expires <= now_micros + warn_days * _DAY_MICROS)
    if attention == "no_expiry":
        unset: np.ndarray = np.isnan(expires)
        return unset
    if attention == "deprovisioned":
        return np.array(columns[_AT_DEPROVISIONED], dtype=bool)
    raise ValueError(f"unknown attention list {attention!r}")


def attention_columns(columns: Columns, attention: str, now_micros: int, warn_days: int) -> Columns:
    """`columns` keeping only the tokens on the `attention` list."""
    if not columns[0]:
        return columns
    kept = np.flatnonzero(attention_mask(columns, attention, now_micros, warn_days)).tolist()
    return tuple([column[at] for at in kept] for column in columns)
