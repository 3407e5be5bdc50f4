"""The console's column table: per column its title, header tooltip, width, sort key, display and raw role.

The model (`token_model.py`), the header and section widths (`token_section.py`), the sort proxy and
the table data's sort orders (`table_data.py`) all read `Column` and its `spec`. To add a column: one
`Column` member here (and its field in `desktop_app/core/token_fields.py`).

No Qt here: roles are plain ints (Qt's UserRole is 256; a test checks it), so the Qt-free table data
and its tests can read this module.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING

from ..core.status_columns import STATUS_ACTIVE, STATUS_EXPIRED, STATUS_GENERATED, STATUS_INACTIVE
from .core_text import core_label
from .translate import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from .table_data import TokenTableData

USER_ROLE = 256  # Qt.ItemDataRole.UserRole


class TokenRole(IntEnum):
    """Raw values for proxies, tests and actions; never parse the display strings."""

    ID = USER_ROLE + 1
    NAME = USER_ROLE + 2
    OWNER = USER_ROLE + 3
    OWNER_DEPROVISIONED = USER_ROLE + 4
    PRIVILEGES = USER_ROLE + 5
    STATUS = USER_ROLE + 6
    CREATED_AT = USER_ROLE + 7  # float POSIX seconds
    LAST_USED_AT = USER_ROLE + 8  # float POSIX seconds or None
    KIND = USER_ROLE + 9
    EXPIRES_AT = USER_ROLE + 10  # float POSIX seconds or None (never)
    DESCRIPTION = USER_ROLE + 11
    OLD_SECRET_VALID_UNTIL = USER_ROLE + 12  # float POSIX seconds or None (no grace period)
    OLD_SECRET_LAST_USED_AT = USER_ROLE + 13  # float POSIX seconds or None


# The value each raw role answers: a token field (core.token_fields) or "status" (derived).
ROLE_FIELDS: dict[int, str] = {
    TokenRole.ID: "id",
    TokenRole.NAME: "name",
    TokenRole.OWNER: "owner",
    TokenRole.OWNER_DEPROVISIONED: "owner_deprovisioned",
    TokenRole.PRIVILEGES: "privileges",
    TokenRole.STATUS: "status",
    TokenRole.CREATED_AT: "created_at",
    TokenRole.LAST_USED_AT: "last_used_at",
    TokenRole.KIND: "kind",
    TokenRole.EXPIRES_AT: "expires_at",
    TokenRole.DESCRIPTION: "description",
    TokenRole.OLD_SECRET_VALID_UNTIL: "old_secret_valid_until",
    TokenRole.OLD_SECRET_LAST_USED_AT: "old_secret_last_used_at",
}


class SortKind(StrEnum):
    """How a column's order is computed over whole columns (ties always by casefolded name, then id)."""

    TEXT = "text"  # casefolded text (the name: its keys are also the search keys)
    CATEGORY = "category"  # casefolded text with few distinct values (owners): ranks of the distinct values
    CODE = "code"  # small integer codes (a status, privileges), ordered as their labels sort
    TIME = "time"  # float seconds, "never" (NaN) first
    EXPIRY = "expiry"  # float seconds, "never" (NaN) last: a token that never expires is the least urgent


def relative_time(moment: float, now: float) -> str:
    """ "just now", "5 minutes ago", "3 days ago"... (a future moment, from clock skew, is "just now")."""
    seconds = now - moment
    if seconds < 60:
        return translate("columns", "just now")
    for limit, unit, size in (
        (3600, "minute", 60),
        (86400, "hour", 3600),
        (86400 * 61, "day", 86400),
        (86400 * 730, "month", 86400 * 30.44),
        (math.inf, "year", 86400 * 365.25),
    ):
        if seconds < limit:
            count = int(seconds // size)
            if unit == "day" and count == 1:
                return translate("columns", "yesterday")
            return translate("columns", _AGO[unit][count != 1]).format(count=count)
    raise AssertionError("unreachable")


def relative_until(moment: float, now: float) -> str:
    """ "in 5 days", "in 3 hours"... for a future moment; a past one as `relative_time` ("2 days ago")."""
    seconds = moment - now
    if seconds <= 0:
        return relative_time(moment, now)
    if seconds < 60:
        return translate("columns", "in less than a minute")
    for limit, unit, size in (
        (3600, "minute", 60),
        (86400, "hour", 3600),
        (86400 * 61, "day", 86400),
        (86400 * 730, "month", 86400 * 30.44),
        (math.inf, "year", 86400 * 365.25),
    ):
        if seconds < limit:
            count = int(seconds // size)
            return translate("columns", _IN[unit][count != 1]).format(count=count)
    raise AssertionError("unreachable")


def exact_time(moment: float) -> str:
    """The exact moment in UTC and in local time, for tooltips."""
    utc = datetime.fromtimestamp(moment, UTC)
    local = utc.astimezone()
    return translate("columns", "{utc} UTC\n{local} local time ({zone})").format(
        utc=f"{utc:%Y-%m-%d %H:%M:%S}", local=f"{local:%a %d %b %Y, %H:%M:%S}", zone=f"{local:%Z}"
    )


BLOCKED_TIP = QT_TRANSLATE_NOOP(
    "columns", "Blocked: its owner was deprovisioned, so every use is refused (403)"
)
STATUS_TIPS = {  # translated where shown
    STATUS_ACTIVE: QT_TRANSLATE_NOOP("columns", "Active: used within the past 7 days"),
    STATUS_GENERATED: QT_TRANSLATE_NOOP("columns", "Generated: never used yet"),
    STATUS_INACTIVE: QT_TRANSLATE_NOOP("columns", "Inactive: not used within the past 7 days"),
    STATUS_EXPIRED: QT_TRANSLATE_NOOP("columns", "Expired: past its expiry, every use is refused (401)"),
}
# relative_time's "N units ago", (one, several) per unit: whole sentences, as languages order them differently.
_AGO = {
    "minute": (
        QT_TRANSLATE_NOOP("columns", "{count} minute ago"),
        QT_TRANSLATE_NOOP("columns", "{count} minutes ago"),
    ),
    "hour": (
        QT_TRANSLATE_NOOP("columns", "{count} hour ago"),
        QT_TRANSLATE_NOOP("columns", "{count} hours ago"),
    ),
    "day": (
        QT_TRANSLATE_NOOP("columns", "{count} day ago"),
        QT_TRANSLATE_NOOP("columns", "{count} days ago"),
    ),
    "month": (
        QT_TRANSLATE_NOOP("columns", "{count} month ago"),
        QT_TRANSLATE_NOOP("columns", "{count} months ago"),
    ),
    "year": (
        QT_TRANSLATE_NOOP("columns", "{count} year ago"),
        QT_TRANSLATE_NOOP("columns", "{count} years ago"),
    ),
}

# relative_until's "in N units", (one, several) per unit.
_IN = {
    "minute": (
        QT_TRANSLATE_NOOP("columns", "in {count} minute"),
        QT_TRANSLATE_NOOP("columns", "in {count} minutes"),
    ),
    "hour": (
        QT_TRANSLATE_NOOP("columns", "in {count} hour"),
        QT_TRANSLATE_NOOP("columns", "in {count} hours"),
    ),
    "day": (
        QT_TRANSLATE_NOOP("columns", "in {count} day"),
        QT_TRANSLATE_NOOP("columns", "in {count} days"),
    ),
    "month": (
        QT_TRANSLATE_NOOP("columns", "in {count} month"),
        QT_TRANSLATE_NOOP("columns", "in {count} months"),
    ),
    "year": (
        QT_TRANSLATE_NOOP("columns", "in {count} year"),
        QT_TRANSLATE_NOOP("columns", "in {count} years"),
    ),
}

Text = Callable[["TokenTableData", int], str]
MaybeText = Callable[["TokenTableData", int], "str | None"]


def _owner(data: TokenTableData, row: int) -> str:
    owner = data.owner_at(row)
    return (
        translate("columns", "{owner} (deprovisioned)").format(owner=owner)
        if data.is_deprovisioned(row)
        else owner
    )


def _owner_tip(data: TokenTableData, row: int) -> str | None:
    if not data.is_deprovisioned(row):
        return None
    # Rich text with the name escaped: a tooltip that looks like markup is rendered as markup.
    return translate(
        "columns", "<p>{owner} was deprovisioned: this token is refused (403) at every use. Revoke it.</p>"
    ).format(owner=html.escape(data.owner_at(row)))


def _owner_accessible(data: TokenTableData, row: int) -> str:
    owner = data.owner_at(row)
    return (
        translate("columns", "{owner}, deprovisioned user").format(owner=owner)
        if data.is_deprovisioned(row)
        else owner
    )


def _last_used(data: TokenTableData, row: int) -> str:
    moment = data.last_used_at(row)
    return translate("columns", "Never") if moment is None else relative_time(moment, data.now())


def _last_used_tip(data: TokenTableData, row: int) -> str:
    moment = data.last_used_at(row)
    if moment is None:
        return translate("columns", "Never used: the token's status is Generated.")
    return translate("columns", "Last used {time}").format(time=exact_time(moment))


def _status(data: TokenTableData, row: int) -> str:
    # A deprovisioned owner's token is refused at every use: "Blocked" with the warning icon, not a
    # green Active (its last use stays in its own column).
    if data.is_deprovisioned(row):
        return translate("columns", "Blocked")
    return core_label(data.status_at(row).label)


def _status_tip(data: TokenTableData, row: int) -> str:
    blocked = data.is_deprovisioned(row)
    tip = translate("columns", BLOCKED_TIP if blocked else STATUS_TIPS[data.status_code_at(row)])
    until = data.value("old_secret_valid_until", row)
    if until is not None and until > data.now():  # a rotation's grace period: the old secret still works
        last = data.value("old_secret_last_used_at", row)
        grace = (
            translate("columns", "Old secret valid until {time} (last used {used})")
            if last is not None
            else translate("columns", "Old secret valid until {time} (not used since the rotation)")
        )
        tip += "\n" + grace.format(
            time=local_time(until), used=None if last is None else relative_time(last, data.now())
        )
    return tip


def _status_tone(data: TokenTableData, row: int) -> str | None:
    expired = data.status_code_at(row) == STATUS_EXPIRED
    return "expired" if expired and not data.is_deprovisioned(row) else None


def local_time(moment: float) -> str:
    """A moment in local time, short (for a sentence)."""
    return f"{datetime.fromtimestamp(moment, UTC).astimezone():%Y-%m-%d %H:%M %Z}"


def _expires(data: TokenTableData, row: int) -> str:
    moment = data.expires_at(row)
    if moment is None:
        return translate("columns", "Never")
    return relative_until(moment, data.now())


def _expires_tip(data: TokenTableData, row: int) -> str:
    moment = data.expires_at(row)
    if moment is None:
        return translate("columns", "Never expires")
    if moment <= data.now():
        return translate("columns", "Expired {time}").format(time=exact_time(moment))
    tip = translate("columns", "Expires {time}").format(time=exact_time(moment))
    if data.expires_soon(row):
        soon = translate("columns", "Expires within {days} days: rotate it or generate a new one.")
        tip += "\n" + soon.format(days=data.warn_days())
    return tip


def _expires_accessible(data: TokenTableData, row: int) -> str:
    text = _expires(data, row)
    return translate("columns", "{when}, expiring soon").format(when=text) if data.expires_soon(row) else text


def _expires_tone(data: TokenTableData, row: int) -> str | None:
    if data.expires_soon(row):
        return "warning"
    return "expired" if data.status_code_at(row) == STATUS_EXPIRED else None


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column: what its header says, how wide it opens, how it sorts and what its cells show."""

    title: str
    header_tip: str
    width: int | None  # None: the last column stretches
    field: str  # the token field it shows ("status" for the derived status)
    sort: SortKind
    raw_role: TokenRole
    display: Text
    tooltip: MaybeText | None = None
    accessible: Text | None = None  # the display text when None
    icon: Callable[[TokenTableData, int], object] | None = None  # an icon key for the model, or None
    muted: Callable[[TokenTableData, int], bool] | None = None  # shown in the palette's muted colour
    tone: MaybeText | None = None  # a colour key for the model ("warning", "expired"), or None


class Column(IntEnum):
    """The console's columns, in their default order; `column.spec` describes one."""

    spec: ColumnSpec

    def __new__(cls, value: int, spec: ColumnSpec) -> Column:
        member = int.__new__(cls, value)
        member._value_ = value
        member.spec = spec
        return member

    NAME = (
        0,
        ColumnSpec(
            QT_TRANSLATE_NOOP("columns", "Name"),
            QT_TRANSLATE_NOOP("columns", "The token's name"),
            280,
            "name",
            SortKind.TEXT,
            TokenRole.NAME,
            lambda d, r: d.name_at(r),
        ),
    )
    OWNER = (
        1,
        ColumnSpec(
            QT_TRANSLATE_NOOP("columns", "Owner"),
            QT_TRANSLATE_NOOP("columns", "The user who generated the token"),
            190,
            "owner",
            SortKind.CATEGORY,
            TokenRole.OWNER,
            _owner,
            tooltip=_owner_tip,
            accessible=_owner_accessible,
            icon=lambda d, r: "deprovisioned" if d.is_deprovisioned(r) else None,
            muted=lambda d, r: d.is_deprovisioned(r),
        ),
    )
    STATUS = (
        2,
        ColumnSpec(
            QT_TRANSLATE_NOOP("columns", "Status"),
            QT_TRANSLATE_NOOP(
                "columns",
                "Generated: never used · Active: used in the past 7 days · Inactive: not used for 7 days"
                " · Expired: past its expiry",
            ),
            110,
            "status",
            SortKind.CODE,
            TokenRole.STATUS,
            _status,
            tooltip=_status_tip,
            icon=lambda d, r: "deprovisioned" if d.is_deprovisioned(r) else d.status_code_at(r),
            tone=_status_tone,
        ),
    )
    PRIVILEGES = (
        3,
        ColumnSpec(
            QT_TRANSLATE_NOOP("columns", "Privileges"),
            QT_TRANSLATE_NOOP(
                "columns", "What the token may do (never more than its owner's current role allows)"
            ),
            120,
            "privileges",
            SortKind.CODE,
            TokenRole.PRIVILEGES,
            lambda d, r: core_label(d.privileges_at(r).label),
        ),
    )
    GENERATED = (
        4,
        ColumnSpec(
            QT_TRANSLATE_NOOP("columns", "Generated"),
            QT_TRANSLATE_NOOP("columns", "When the token was generated"),
            130,
            "created_at",
            SortKind.TIME,
            TokenRole.CREATED_AT,
            lambda d, r: relative_time(d.created_at(r), d.now()),
            tooltip=lambda d, r: translate("columns", "Generated {time}").format(
                time=exact_time(d.created_at(r))
            ),
        ),
    )
    LAST_USED = (
        5,
        ColumnSpec(
            QT_TRANSLATE_NOOP("columns", "Last used"),
            QT_TRANSLATE_NOOP("columns", "When the token was last used"),
            130,
            "last_used_at",
            SortKind.TIME,
            TokenRole.LAST_USED_AT,
            _last_used,
            tooltip=_last_used_tip,
        ),
    )
    # Last (a new column at the end keeps the header widths a previous run saved for the others).
    EXPIRES = (
        6,
        ColumnSpec(
            QT_TRANSLATE_NOOP("columns", "Expires"),
            QT_TRANSLATE_NOOP(
                "columns", "When the token expires (marked when within the tenant's warning period)"
            ),
            None,
            "expires_at",
            SortKind.EXPIRY,
            TokenRole.EXPIRES_AT,
            _expires,
            tooltip=_expires_tip,
            accessible=_expires_accessible,
            icon=lambda d, r: "expiring" if d.expires_soon(r) else None,
            tone=_expires_tone,
        ),
    )

    @property
    def title(self) -> str:
        return self.spec.title


COLUMNS: tuple[Column, ...] = tuple(Column)  # by number: COLUMNS[i]
COLUMN_COUNT = len(COLUMNS)
SPECS: tuple[ColumnSpec, ...] = tuple(column.spec for column in Column)
# Columns whose display follows the clock ("3 days ago"): repainted once a minute.
TIME_COLUMNS: tuple[Column, ...] = tuple(c for c in Column if c.spec.sort in (SortKind.TIME, SortKind.EXPIRY))
