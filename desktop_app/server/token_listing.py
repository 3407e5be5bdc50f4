"""Listing tokens: the sync cursors, and the list query's rows turned into the filtered columns (with
statuses) that `TokenRepository.list_columns`, `list_rows`, `list` and the streamed chunks answer.

Expired tokens (SPEC rule 11) stay listed, status "expired", until revoked or 30 days after their
expiry (`EXPIRED_LISTED_MICROS`); then they leave the live list. Such a token ages out without any
write, so its change_seq does not move. Rather than a periodic task bumping change_seq of every token
crossing the line (writes on every replica's schedule, and a delay of up to its period), the cursor
carries the moment of its listing: `c1.<seq>.<a|o>.<µs>`. A delta then also reads the tokens whose
expiry + 30 days fell between the cursor's moment and now, and reports them `removed`: exact, no
writes, no schedule. (A cursor without the moment, from an older service, reports every aged-out
token once: harmless, a client drops ids it does not hold.) The cost: a delta also looks at the
tenant's tokens with an expiry (no index on it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from desktop_app.core.attention import Attention
from desktop_app.core.attention import attention_mask as core_attention_mask
from desktop_app.core.hygiene import ATTENTION as ATTENTION_LISTS
from desktop_app.core.roles import is_full_admin
from desktop_app.core.status_columns import CODE_BY_STATUS, STATUS_BY_CODE, WINDOW_SECONDS, status_codes
from desktop_app.core.token_fields import FIELD_INDEX, ROW_FIELDS, TOKEN_FIELDS, FieldType, split_columns
from desktop_app.core.tokens import TokenInfo, TokenStatus

from .accounts import Principal
from .hot_reads import Row

CURSOR_PATTERN = re.compile(r"^c1\.(\d{1,18})\.([ao])(?:\.(-?\d{1,19}))?$")
EXPIRED_LISTED_MICROS = 30 * 86_400 * 1_000_000  # an expired token is listed this long after its expiry
# A parsed cursor: (change sequence, moment of that listing in µs or None for an older cursor).
Since = tuple[int, int | None]

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


def list_cursor(seq: int, full_admin: bool, now_micros: int) -> str:
    # The viewer's visibility is part of the cursor: after a role change the old cursor no longer fits.
    # The moment: see the module docstring (tokens aging out of the list).
    return f"c1.{seq}.{'a' if full_admin else 'o'}.{now_micros}"


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
    p: str, sql: list[str], params: list[object], since: Since | None, upto: int, now_micros: int
) -> tuple[str, list[object]]:
    """The list query bounded: live tokens only (expired ones for 30 days), or (after a cursor) what
    changed in (since, upto] and the tokens that aged out of the list since the cursor's moment."""
    line = now_micros - EXPIRED_LISTED_MICROS
    if since is None:
        sql = [*sql, f"AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > {p})"]
        params = [*params, line]
    else:
        seq, at = since
        aged = f"t.expires_at <= {p}" if at is None else f"t.expires_at > {p} AND t.expires_at <= {p}"
        sql = [*sql, f"AND ((t.change_seq > {p} AND t.change_seq <= {p}) OR ({aged}))"]
        params = [*params, seq, upto, *([] if at is None else [at - EXPIRED_LISTED_MICROS]), line]
    return " ".join([*sql, "ORDER BY t.created_at, t.id"]), params


def list_filters(statuses: Iterable[TokenStatus] | None, search: str | None) -> tuple[set[str] | None, str]:
    """The list filters as `columns_of` applies them: wanted status values (None: all), search needle."""
    wanted = {TokenStatus(s).value for s in statuses} if statuses else None
    return wanted, search.casefold().strip() if search else ""


def columns_of(
    fetched: list[Row],
    now_micros: int,
    wanted: set[str] | None,
    needle: str,
    removed: list[str],
    *,
    aged_out: bool = False,
) -> Columns:
    """Listed query rows → the columns of `list_columns` (one list per ROW_FIELDS field, then the
    statuses), status and search filters applied; ids of revoked tokens are appended to `removed`, and
    with `aged_out` (a delta) those of tokens expired more than 30 days ago (see the module docstring).

    Column at a time (zip, numpy): the status is core.status_columns' rule over the last-use
    microseconds (exact in float64), no Python work per token unless a search needs it.
    """
    if not fetched:
        return tuple([] for _ in range(len(ROW_FIELDS) + 1))
    columns = split_columns(fetched, trailing=1)
    revoked = columns.pop()
    keep: np.ndarray | None = None
    expires = np.array(columns[_AT_EXPIRES], dtype=np.float64)
    aged = (expires <= now_micros - EXPIRED_LISTED_MICROS) & aged_out  # NaN (never) compares False
    if revoked.count(None) != len(revoked) or aged.any():
        keep = np.fromiter((value is None for value in revoked), dtype=bool, count=len(revoked)) & ~aged
        ids = columns[AT_ID]
        removed.extend(ids[at] for at in np.flatnonzero(~keep).tolist())
    codes = status_codes(
        np.array(columns[_AT_LAST_USED], dtype=np.float64), now_micros, _WINDOW_MICROS, expires=expires
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
_DAY_MICROS = 86_400 * 1_000_000
_AT_CREATED, _AT_DEPROVISIONED = FIELD_INDEX["created_at"], FIELD_INDEX["owner_deprovisioned"]


def _micros(column: list[Any]) -> np.ndarray:
    return np.array(column, dtype=np.float64)  # None → NaN (never): every comparison with it is False


def attention_mask(columns: Columns, attention: str, now_micros: int, warn_days: int) -> np.ndarray:
    """Which listed tokens (columns as `columns_of` gives them) are on the `attention` list: the
    console's rule (core.attention) over the listed microseconds."""
    return core_attention_mask(
        Attention(attention),
        created=_micros(columns[_AT_CREATED]),
        last_used=_micros(columns[_AT_LAST_USED]),
        expires=_micros(columns[_AT_EXPIRES]),
        deprovisioned=np.array(columns[_AT_DEPROVISIONED], dtype=bool),
        now=float(now_micros),
        warn_days=warn_days,
        day=_DAY_MICROS,
    )


def attention_columns(columns: Columns, attention: str, now_micros: int, warn_days: int) -> Columns:
    """`columns` keeping only the tokens on the `attention` list."""
    if not columns[0]:
        return columns
    kept = np.flatnonzero(attention_mask(columns, attention, now_micros, warn_days)).tolist()
    return tuple([column[at] for at in kept] for column in columns)
