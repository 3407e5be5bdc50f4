"""The token table model: one section's tokens, stored column-wise so filters and sorts run over whole columns.

Rows come in as the cache's tuples (`ROW_FIELDS`, times as float POSIX seconds). Status is not stored:
it is derived from `last_used_at` and the injected clock, and a timer refreshes only the status column
when the next token's 7-day window runs out (no reset, no sync).
"""

from __future__ import annotations

import html
import logging
import math
import weakref
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from enum import IntEnum
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from ..core.roles import Privileges
from . import pyside_workarounds  # noqa: F401 - every emit() leaks a reference to True without it
from ..cache.columns import order_ties_by
from ..cache.layout import row_from_token as row_from_token_info
from ..core.tokens import ACTIVE_WINDOW, TokenInfo, TokenKind, TokenStatus

log = logging.getLogger(__name__)

ROW_FIELDS = ("id", "name", "kind", "owner", "owner_deprovisioned", "privileges", "created_at", "last_used_at")
Row = tuple  # (id, name, kind, owner, owner_deprovisioned, privileges, created_at, last_used_at)

WINDOW_SECONDS = ACTIVE_WINDOW.total_seconds()
SEARCH_SEPARATOR = "\x1f"  # cannot occur in a name (control characters are refused)


class Column(IntEnum):
    NAME = 0
    OWNER = 1
    STATUS = 2
    PRIVILEGES = 3
    GENERATED = 4
    LAST_USED = 5

    @property
    def title(self) -> str:
        return _COLUMN_TITLES[self]


_COLUMN_TITLES = {
    Column.NAME: "Name",
    Column.OWNER: "Owner",
    Column.STATUS: "Status",
    Column.PRIVILEGES: "Privileges",
    Column.GENERATED: "Generated",
    Column.LAST_USED: "Last used",
}


class TokenRole(IntEnum):
    """Raw values for proxies, tests and actions; never parse the display strings."""

    ID = Qt.ItemDataRole.UserRole + 1
    NAME = Qt.ItemDataRole.UserRole + 2
    OWNER = Qt.ItemDataRole.UserRole + 3
    OWNER_DEPROVISIONED = Qt.ItemDataRole.UserRole + 4
    PRIVILEGES = Qt.ItemDataRole.UserRole + 5
    STATUS = Qt.ItemDataRole.UserRole + 6
    CREATED_AT = Qt.ItemDataRole.UserRole + 7  # float POSIX seconds
    LAST_USED_AT = Qt.ItemDataRole.UserRole + 8  # float POSIX seconds or None
    KIND = Qt.ItemDataRole.UserRole + 9


# Status codes, ordered as their labels sort (Active < Generated < Inactive).
STATUS_ACTIVE, STATUS_GENERATED, STATUS_INACTIVE = 0, 1, 2
STATUS_BY_CODE = (TokenStatus.ACTIVE, TokenStatus.GENERATED, TokenStatus.INACTIVE)
CODE_BY_STATUS = {status: code for code, status in enumerate(STATUS_BY_CODE)}
PRIVILEGES_BY_CODE = (Privileges.READ, Privileges.READ_WRITE)
CODE_BY_PRIVILEGES = {p: code for code, p in enumerate(PRIVILEGES_BY_CODE)}
_PRIVILEGE_CODES = {p.value: code for p, code in CODE_BY_PRIVILEGES.items()}  # raw strings from the cache

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_USER = int(Qt.ItemDataRole.UserRole)
# The roles data() answers (everything else is None); TokenRole values are added below.
ANSWERED_ROLES: frozenset[int] = frozenset(
    {_DISPLAY, _TOOLTIP, _DECORATION, _FOREGROUND, _ACCESSIBLE, *(int(role) for role in TokenRole)}
)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

# Timers: re-check at least this often (a long single-shot timer can miss a suspend/resume).
_MAX_TIMER_MS = 10 * 60 * 1000
_RELATIVE_TICK_MS = 60 * 1000
_ROW_OF_SCANS = 16  # row_of() lookups answered by scanning the ids before the id index is built
_FEW_TIES = 5_000  # equal times broken by name per run, below this many ties (else by the name ranks)
_KEY_CHUNK = 20_000  # rows of search/sort keys built per idle turn (~10 ms)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def relative_time(moment: float, now: float) -> str:
    """ "just now", "5 minutes ago", "3 days ago"... (a future moment, from clock skew, is "just now")."""
    seconds = now - moment
    if seconds < 60:
        return "just now"
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
                return "yesterday"
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    raise AssertionError("unreachable")


def exact_time(moment: float) -> str:
    """The exact moment in UTC and in local time, for tooltips."""
    utc = datetime.fromtimestamp(moment, timezone.utc)
    local = utc.astimezone()
    return f"{utc:%Y-%m-%d %H:%M:%S} UTC\n{local:%a %d %b %Y, %H:%M:%S} local time ({local:%Z})"


def _dot_icon(color: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def _weak_slot(owner: QObject, method: str) -> Callable[[], None]:
    """A timer slot that does not keep `owner` alive (and does nothing once its wrapper is gone)."""
    ref = weakref.ref(owner)

    def call() -> None:
        target = ref()
        if target is not None:
            getattr(target, method)()

    return call


def _warning_icon() -> QIcon:
    app = QGuiApplication.instance()
    if isinstance(app, QApplication):
        return app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    return _dot_icon(QColor(220, 120, 0))


class TokenTableModel(QAbstractTableModel):
    """A flat table of one section's tokens (optionally one `kind`), column-wise.

    Build it from the cache's row tuples: `TokenTableModel(cache.rows(kind), clock=..., kind=kind)`,
    or from one kind's columns (`cache.columns(kind)`, a `desktop_app.cache.columns.TokenColumns` or
    anything with the same attributes), which it adopts without building a tuple per row.
    Update it with `replace_rows` (diff in place) or `apply_changes` (a sync's added/changed/removed);
    neither resets the model.
    """

    def __init__(
        self,
        rows: Iterable[Sequence[Any]] = (),
        *,
        clock: Callable[[], datetime] = utc_now,
        kind: TokenKind | None = None,
        warm_up: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        # warm_up=False: no idle-time work until start_warm_up() (the window calls it after its first
        # paint, so the zero-delay warm-up timer does not run ahead of the paint).
        self._warm_up_enabled = warm_up
        self._kind = TokenKind(kind) if kind is not None else None
        self.revision = 0  # bumped whenever a raw value or the row set changes
        self.status_revision = 0  # bumped whenever a status code changes (data or clock)
        self._all_rows: tuple[int, np.ndarray] | None = None
        self._icons: dict[Any, QIcon] | None = None
        self._warm_up_timer = QTimer(self)
        self._warm_up_timer.setSingleShot(True)
        self._warm_up_timer.setInterval(0)
        self._warm_up_timer.timeout.connect(_weak_slot(self, "_warm_up_step"))
        if _is_columns(rows):
            self._adopt_columns(rows)
        else:
            self._load_columns(self._own(rows))
        self._schedule_warm_up()
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._status_timer.timeout.connect(_weak_slot(self, "refresh_status"))
        self._relative_timer = QTimer(self)
        self._relative_timer.setInterval(_RELATIVE_TICK_MS)
        self._relative_timer.timeout.connect(_weak_slot(self, "_refresh_relative_times"))
        self._relative_timer.start()
        self._arm_status_timer()

    # ---- column storage -------------------------------------------------------------------------

    def _own(self, rows: Iterable[Sequence[Any]]) -> list[Sequence[Any]]:
        if self._kind is None:
            return list(rows)
        kind = self._kind.value
        return [row for row in rows if row[2] == kind]

    def _load_columns(self, rows: list[Sequence[Any]]) -> None:
        self._now = self._clock().timestamp()
        self._owner_table: dict[str, tuple[int, bytes]] = {}  # owner → (code, casefolded UTF-8)
        self._orders: dict[Column, np.ndarray] = {}
        self._name_rank_cache: np.ndarray | None = None
        # The byte keys for search and name order are built at idle time or on first use, not before
        # the first paint (see _ensure_keys).
        self._name_keys: np.ndarray | None = None
        self._search: np.ndarray | None = None
        self._keys_progress: tuple[int, list[bytes], list[bytes]] | None = None
        for attr, values in self._build(rows, with_keys=False).items():
            setattr(self, attr, values)
        self._row_of = None  # built on first use (or at idle time)

    def _adopt_columns(self, columns: Any) -> None:
        """Take over one kind's columns (lists and arrays become the model's own)."""
        if self._kind is not None and str(columns.kind) != self._kind.value:
            self._load_columns([])
            return
        self._now = self._clock().timestamp()
        self._orders = {}
        self._name_rank_cache = None
        self._name_keys = None
        self._search = None
        self._keys_progress = None
        values = list(columns.owner_values)
        self._owner_table = {}
        for owner in values:  # codes stay the columns' codes when the owners are distinct
            self._owner_table.setdefault(owner, (len(self._owner_table), owner.casefold().encode("utf-8")))
        recode = np.array([self._owner_table[owner][0] for owner in values], dtype=np.int32)
        codes = np.asarray(columns.owner_codes, dtype=np.int32)
        self._owner_codes = codes if np.array_equal(recode, np.arange(len(values))) else recode[codes]
        # Ids and names may come packed (one blob each): read per row until idle time splits them.
        self._ids_store = columns.ids if isinstance(columns.ids, list) or _is_packed(columns.ids) else list(columns.ids)
        self._names_store = (
            columns.names if isinstance(columns.names, list) or _is_packed(columns.names) else list(columns.names)
        )
        count = len(self._ids_store)
        self._kinds = [str(columns.kind)] * count
        self._owners = (  # one string object per owner, as in the columns
            np.array(values, dtype=object)[np.asarray(columns.owner_codes, dtype=np.intp)].tolist() if count else []
        )
        self._deprovisioned = np.asarray(columns.deprovisioned, dtype=bool)
        privilege_codes = np.array([_PRIVILEGE_CODES[value] for value in columns.privilege_values], dtype=np.int8)
        self._privileges = (
            privilege_codes[np.asarray(columns.privilege_codes, dtype=np.intp)] if count else np.zeros(0, np.int8)
        )
        self._created = np.asarray(columns.created_at, dtype=np.float64)
        self._last_used = np.asarray(columns.last_used_at, dtype=np.float64)
        self._status = self._status_codes_at(self._last_used, self._now)
        self._row_of = None

    @property
    def _ids(self) -> list[str]:
        """Token ids by row, as a list (split now if they came packed)."""
        store = self._ids_store
        if not isinstance(store, list):
            store = self._ids_store = store.to_list()
        return store

    @_ids.setter
    def _ids(self, values: list[str]) -> None:
        self._ids_store = values

    @property
    def _names(self) -> list[str]:
        """Token names by row, as a list (split now if they came packed)."""
        store = self._names_store
        if not isinstance(store, list):
            store = self._names_store = store.to_list()
        return store

    @_names.setter
    def _names(self, values: list[str]) -> None:
        self._names_store = values

    def _unpack_step(self) -> bool:
        """Split packed ids or names (one of them per call); False when both are lists already."""
        if not isinstance(self._names_store, list):
            self._names  # noqa: B018
            return True
        if not isinstance(self._ids_store, list):
            self._ids  # noqa: B018
            return True
        return False

    @property
    def _row_of(self) -> dict[str, int]:
        """token id → row, built on first use (a 100,000-entry dict is not needed for the first paint)."""
        row_of = self._row_of_cache
        if row_of is None:
            row_of = self._row_of_cache = dict(zip(self._ids, range(len(self._ids_store))))
        return row_of

    @_row_of.setter
    def _row_of(self, value: dict[str, int] | None) -> None:
        self._row_of_cache = value
        self._row_of_scans = 0

    def _build(self, rows: Sequence[Sequence[Any]], *, with_keys: bool) -> dict[str, Any]:
        """Column values for `rows`, keyed by attribute name (lists for strings, numpy arrays otherwise)."""
        # One pass per field (faster than zip(*rows) for 100,000 tuples).
        ids, names, kinds, owners, deprovisioned, privileges, created, last_used_values = (
            [row[field] for row in rows] for field in range(len(ROW_FIELDS))
        )
        table = self._owner_table
        for owner in set(owners) - table.keys():
            table[owner] = (len(table), owner.casefold().encode("utf-8"))
        owner_codes = [table[owner][0] for owner in owners]
        last_used = np.array(last_used_values, dtype=np.float64)  # None → NaN
        privilege_codes = _PRIVILEGE_CODES
        return {
            "_ids": ids,
            "_names": names,
            "_kinds": kinds,
            "_owners": owners,
            "_owner_codes": np.array(owner_codes, dtype=np.int32),
            "_deprovisioned": np.array(deprovisioned, dtype=bool),
            "_privileges": np.array([privilege_codes[p] for p in privileges], dtype=np.int8),
            "_created": np.array(created, dtype=np.float64),
            "_last_used": last_used,
            "_status": self._status_codes_at(last_used, self._now),
            **(self._keys_for(names, owners) if with_keys else {}),
        }

    def _keys_for(self, names: Sequence[str], owners: Sequence[str]) -> dict[str, np.ndarray]:
        # Casefolded UTF-8: byte order is code-point order (sorting), and a byte substring match is a
        # character substring match (search); numpy scans and sorts bytes arrays fast.
        table = self._owner_table
        name_keys = [name.casefold().encode("utf-8") for name in names]
        separator = SEARCH_SEPARATOR.encode()
        return {
            "_name_keys": _bytes_array(name_keys),
            "_search": _bytes_array([key + separator + table[owner][1] for key, owner in zip(name_keys, owners)]),
        }

    def _ensure_keys(self) -> None:
        """The search and name-order keys, built now if the idle-time warm-up has not finished them."""
        while self._search is None or self._name_keys is None:
            self._build_keys_chunk(len(self._ids_store) + 1)

    def _build_keys_chunk(self, limit: int | None = None) -> None:
        """Build the keys of the next `limit` rows; once all are built, publish them as arrays."""
        limit = _KEY_CHUNK if limit is None else limit
        progress = self._keys_progress
        if progress is None or progress[0] != self.revision:  # the rows changed meanwhile: start over
            progress = self._keys_progress = (self.revision, [], [])
        _, name_keys, search_keys = progress
        start = len(name_keys)
        end = min(len(self._ids_store), start + limit)
        table, separator = self._owner_table, SEARCH_SEPARATOR.encode()
        chunk = [name.casefold().encode("utf-8") for name in self._names[start:end]]
        name_keys.extend(chunk)
        search_keys.extend(key + separator + table[owner][1] for key, owner in zip(chunk, self._owners[start:end]))
        if end == len(self._ids_store):
            self._name_keys, self._search = _bytes_array(name_keys), _bytes_array(search_keys)
            self._keys_progress = None

    @staticmethod
    def _status_codes_at(last_used: np.ndarray, now: float) -> np.ndarray:
        codes = np.full(len(last_used), STATUS_GENERATED, dtype=np.int8)
        used = ~np.isnan(last_used)
        age = np.where(used, now - np.where(used, last_used, 0.0), 0.0)
        codes[used & (age < WINDOW_SECONDS)] = STATUS_ACTIVE
        codes[used & (age >= WINDOW_SECONDS)] = STATUS_INACTIVE
        return codes

    def _bump(self, *, keep_name_order: bool = False) -> None:
        self.revision += 1
        self.status_revision += 1
        name_order = self._orders.get(Column.NAME)
        self._orders.clear()
        if keep_name_order and name_order is not None:
            self._orders[Column.NAME] = name_order
        else:
            self._name_rank_cache = None
        self._schedule_warm_up()

    # ---- raw access (proxies, actions, benchmarks) --------------------------------------------

    @property
    def kind(self) -> TokenKind | None:
        return self._kind

    def token_count(self) -> int:
        return len(self._ids_store)

    def all_rows(self) -> np.ndarray:
        """0..n-1, the same array object until the data changes (lets the search narrow its last result)."""
        cached = self._all_rows
        if cached is None or cached[0] != self.revision:
            cached = self._all_rows = (self.revision, np.arange(len(self._ids_store), dtype=np.intp))
        return cached[1]

    def id_at(self, row: int) -> str:
        return self._ids_store[row]

    def name_at(self, row: int) -> str:
        return self._names_store[row]

    def owner_at(self, row: int) -> str:
        return self._owners[row]

    def has_other_owners(self, username: str) -> bool:
        """True when some token here belongs to someone other than `username`."""
        entry = self._owner_table.get(username)
        if entry is None:
            return len(self._ids_store) > 0
        return bool(np.any(self._owner_codes != entry[0]))

    def row_of(self, token_id: str) -> int | None:
        if self._row_of_cache is None and self._row_of_scans < _ROW_OF_SCANS:
            # Before the id index exists (it is built at idle time): a few scans, e.g. the header's
            # persistent indexes on row 0 when the first sort moves them.
            self._row_of_scans += 1
            try:
                return self._ids_store.index(token_id)
            except ValueError:
                return None
        return self._row_of.get(token_id)

    def row_tuple(self, row: int) -> tuple:
        """The token at `row` in ROW_FIELDS layout."""
        last_used = self._last_used[row]
        return (
            self._ids_store[row],
            self._names_store[row],
            self._kinds[row],
            self._owners[row],
            bool(self._deprovisioned[row]),
            PRIVILEGES_BY_CODE[self._privileges[row]].value,
            float(self._created[row]),
            None if math.isnan(last_used) else float(last_used),
        )

    def names(self) -> list[str]:
        return list(self._names)

    def status_at(self, row: int) -> TokenStatus:
        return STATUS_BY_CODE[self._status[row]]

    def status_codes(self) -> np.ndarray:
        """Status code per row (STATUS_BY_CODE) at the model's current `now`; do not modify."""
        return self._status

    def search_keys(self) -> np.ndarray:
        """Per row, casefolded "name<US>owner" as UTF-8 bytes; do not modify."""
        self._ensure_keys()
        assert self._search is not None
        return self._search

    def deprovisioned_rows(self) -> np.ndarray:
        return np.flatnonzero(self._deprovisioned)

    def now(self) -> float:
        """The moment (POSIX seconds) at which the displayed statuses hold."""
        return self._now

    def sort_order(self, column: int) -> np.ndarray:
        """All rows in ascending order of `column`, ties broken by casefolded name, then id.

        Computed over whole columns and cached until the data changes (`warm_up` precomputes them at
        idle time). Do not modify the returned array.
        """
        column = Column(column)
        order = self._orders.get(column)
        if order is None:
            order = self._orders[column] = self._compute_order(column)
        return order

    def warm_up(self) -> None:
        """Compute every column's sort order now (the window does it at idle time after painting)."""
        for column in Column:
            self.sort_order(column)

    def start_warm_up(self) -> None:
        """Allow (and begin) the idle-time work: unpacking ids and names, search keys, sort orders."""
        self._warm_up_enabled = True
        self._schedule_warm_up()

    def _schedule_warm_up(self) -> None:
        if self._warm_up_enabled and not self._warm_up_timer.isActive():
            self._warm_up_timer.start()

    def _warm_up_step(self) -> None:
        # One piece per event-loop turn, so the window stays responsive while it works.
        if self._unpack_step():
            self._warm_up_timer.start()
            return
        if self._search is None:
            self._build_keys_chunk()
            self._warm_up_timer.start()
            return
        for column in Column:
            if column not in self._orders:
                self.sort_order(column)
                self._warm_up_timer.start()
                return
        self._row_of  # noqa: B018 - the id index, last

    def _compute_order(self, column: Column) -> np.ndarray:
        if column is Column.NAME:
            return self._name_order()
        if column is Column.GENERATED:  # by time alone unless two tokens share a moment
            return self._order_by_time(self._created, np.arange(len(self._ids_store), dtype=np.intp))
        by_name = self.sort_order(Column.NAME)
        if column is Column.OWNER:
            table = sorted(self._owner_table.values(), key=lambda entry: entry[1])
            rank_of_code = np.zeros(len(table), dtype=np.int32)
            rank, previous = -1, None
            for code, key in table:
                if key != previous:
                    rank, previous = rank + 1, key
                rank_of_code[code] = rank
            keys = rank_of_code[self._owner_codes]
            if rank < 32767:
                keys = keys.astype(np.int16)  # stable sort of small integers is a radix sort
            return by_name[np.argsort(keys[by_name], kind="stable")]
        if column is Column.STATUS:
            return by_name[np.argsort(self._status[by_name], kind="stable")]
        if column is Column.PRIVILEGES:
            return by_name[np.argsort(self._privileges[by_name], kind="stable")]
        never = np.isnan(self._last_used)
        return np.concatenate(
            [by_name[never[by_name]], self._order_by_time(self._last_used, np.flatnonzero(~never))]
        )

    def _order_by_time(self, values: np.ndarray, rows: np.ndarray) -> np.ndarray:
        ordered = values[rows]
        if len(ordered) > 1 and bool(np.all(ordered[1:] >= ordered[:-1])):
            order = rows  # already in time order (the cache gives tokens oldest first)
        else:
            order = rows[np.argsort(ordered)]
            ordered = values[order]
        tied = np.flatnonzero(ordered[1:] == ordered[:-1])
        if not len(tied):
            return order
        # Equal times: ties go by name, then id.
        if self._name_rank_cache is not None or len(tied) > _FEW_TIES:
            return rows[np.lexsort((self._name_ranks()[rows], values[rows]))]
        # A few ties (times in whole seconds): order each run of equal times by its own keys rather
        # than building every name's key first (that waits for idle time; the first paint does not).
        names, ids = self._names_store, self._ids_store  # packed or not: a few rows are read
        order = order_ties_by(order, tied, lambda row: (names[row].casefold().encode("utf-8"), ids[row]))
        return order

    def _name_order(self) -> np.ndarray:
        self._ensure_keys()
        assert self._name_keys is not None
        order = np.argsort(self._name_keys, kind="stable")
        ordered = self._name_keys[order]
        tied = np.flatnonzero(ordered[1:] == ordered[:-1])
        if len(tied) > 2000:
            ids = _bytes_array([token_id.encode("utf-8") for token_id in self._ids])
            return np.lexsort((ids, self._name_keys))
        # Few equal names: put each run of equal names in id order.
        ids = self._ids
        start = None
        for position, following in zip(tied.tolist(), tied[1:].tolist() + [-1]):
            if start is None:
                start = position
            if following != position + 1:
                run = order[start : position + 2]
                order[start : position + 2] = sorted(run.tolist(), key=ids.__getitem__)
                start = None
        return order

    def _name_ranks(self) -> np.ndarray:
        """rank[row] = the row's position when sorted by (casefolded name, id)."""
        if self._name_rank_cache is None:
            order = self.sort_order(Column.NAME)
            rank = np.empty(len(order), dtype=np.intp)
            rank[order] = np.arange(len(order), dtype=np.intp)
            self._name_rank_cache = rank
        return self._name_rank_cache

    # ---- Qt model interface ---------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids_store)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        role = int(role)
        if role != _DISPLAY and role != _TOOLTIP and role != _ACCESSIBLE:
            return None
        if orientation == _HORIZONTAL:
            if 0 <= section < len(_TITLES):
                return _TIPS[section] if role == _TOOLTIP else _TITLES[section]
            return None
        return section + 1 if role == _DISPLAY else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if role not in ANSWERED_ROLES or not index.isValid():
            return None
        row = index.row()
        if row >= len(self._ids_store):
            return None
        return self.data_at(row, index.column(), role)

    def data_at(self, row: int, column: int, role: int) -> Any:
        """`data()` without a QModelIndex: the proxies call this directly (one Python call per cell)."""
        role = int(role)
        if role == _DISPLAY:
            if column == 0:
                return self._names_store[row]
            if column == 1:
                owner = self._owners[row]
                return f"{owner} (deprovisioned)" if self._deprovisioned[row] else owner
            if column == 2:
                return STATUS_BY_CODE[self._status[row]].label
            if column == 3:
                return PRIVILEGES_BY_CODE[self._privileges[row]].label
            if column == 4:
                return relative_time(self._created[row], self._now)
            if column == 5:
                last_used = self._last_used[row]
                return "Never" if math.isnan(last_used) else relative_time(last_used, self._now)
            return None
        if role == _DECORATION:
            if column == 2:
                return self._status_icons()[self._status[row]]
            if column == 1 and self._deprovisioned[row]:
                return self._status_icons()["deprovisioned"]
            return None
        if role == _FOREGROUND:
            if column == 1 and self._deprovisioned[row]:
                return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            return None
        if role == _TOOLTIP:
            return self._tooltip(row, column)
        if role == _ACCESSIBLE:
            text = self.data_at(row, column, _DISPLAY)
            if column == 1 and self._deprovisioned[row]:
                return f"{self._owners[row]}, deprovisioned user"
            return text
        if role > _USER:
            return self._raw(row, role)
        return None

    def _raw(self, row: int, role: int) -> Any:
        if role == TokenRole.ID:
            return self._ids_store[row]
        if role == TokenRole.NAME:
            return self._names_store[row]
        if role == TokenRole.OWNER:
            return self._owners[row]
        if role == TokenRole.OWNER_DEPROVISIONED:
            return bool(self._deprovisioned[row])
        if role == TokenRole.PRIVILEGES:
            return PRIVILEGES_BY_CODE[self._privileges[row]]
        if role == TokenRole.STATUS:
            return STATUS_BY_CODE[self._status[row]]
        if role == TokenRole.CREATED_AT:
            return float(self._created[row])
        if role == TokenRole.LAST_USED_AT:
            last_used = self._last_used[row]
            return None if math.isnan(last_used) else float(last_used)
        if role == TokenRole.KIND:
            return TokenKind(self._kinds[row])
        return None

    def _tooltip(self, row: int, column: int) -> str | None:
        if column == 4:
            return f"Generated {exact_time(self._created[row])}"
        if column == 5:
            last_used = self._last_used[row]
            if math.isnan(last_used):
                return "Never used: the token's status is Generated."
            return f"Last used {exact_time(last_used)}"
        if column == 1 and self._deprovisioned[row]:
            # Rich text with the name escaped: a tooltip that looks like markup is rendered as markup.
            return (
                f"<p>{html.escape(self._owners[row])} was deprovisioned: this token is refused (403) at "
                "every use. Revoke it.</p>"
            )
        if column == 2:
            return _STATUS_TIPS[self._status[row]]
        return None

    def _status_icons(self) -> dict[Any, QIcon]:
        if self._icons is None:
            self._icons = {
                STATUS_ACTIVE: _dot_icon(QColor(46, 160, 67)),
                STATUS_GENERATED: _dot_icon(QColor(56, 132, 244)),
                STATUS_INACTIVE: _dot_icon(QColor(140, 140, 140)),
                "deprovisioned": _warning_icon(),
            }
        return self._icons

    # ---- updates ------------------------------------------------------------------------------

    def reset_tokens(self, tokens: Any) -> None:
        """Hold exactly `tokens` (row tuples or one kind's columns) by a model reset: for a model no view
        shows yet (a hidden tab filled after the first paint); `replace_rows` keeps selections instead."""
        self.beginResetModel()
        if _is_columns(tokens):
            self._adopt_columns(tokens)
        else:
            self._load_columns(self._own(tokens))
        self._bump()
        self.endResetModel()
        self._arm_status_timer()

    def replace_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        """Make the model hold exactly `rows` (a full sync), changing rows in place: no reset."""
        rows = self._own(rows)
        wanted = {row[0] for row in rows}
        gone = [token_id for token_id in self._ids if token_id not in wanted]
        self.apply_changes(rows, gone)

    def apply_changes(self, rows: Iterable[Sequence[Any]], removed_ids: Iterable[str] = ()) -> None:
        """Upsert `rows` (added or changed) and drop `removed_ids`, with insert/remove/dataChanged signals."""
        rows = self._own(rows)
        removed = {token_id for token_id in removed_ids if token_id in self._row_of}
        for row in rows:
            removed.discard(row[0])
        if removed:
            self._remove_rows(sorted(self._row_of[token_id] for token_id in removed))
        changed: list[tuple[int, Sequence[Any]]] = []
        added: list[Sequence[Any]] = []
        seen: set[str] = set()
        for row in rows:
            if row[0] in seen:
                continue
            seen.add(row[0])
            at = self._row_of.get(row[0])
            if at is None:
                added.append(row)
            elif self.row_tuple(at) != tuple(row):
                changed.append((at, row))
        if changed:
            self._change_rows(changed)
        if added:
            self._append_rows(added)
        if removed or changed or added:
            self._arm_status_timer()

    def _remove_rows(self, rows: list[int]) -> None:
        runs: list[tuple[int, int]] = []
        for row in rows:
            if runs and runs[-1][1] == row - 1:
                runs[-1] = (runs[-1][0], row)
            else:
                runs.append((row, row))
        keep = np.ones(len(self._ids_store), dtype=bool)
        keep[rows] = False
        if len(runs) > 16:
            # Many scattered rows (a bulk revoke): one layout change instead of a signal pair per run.
            self.layoutAboutToBeChanged.emit()
            old_persistent = self.persistentIndexList()
            old_ids = [self._ids[p.row()] for p in old_persistent]
            self._delete(keep)
            self.changePersistentIndexList(
                old_persistent,
                [
                    self.index(self._row_of[i], p.column()) if i in self._row_of else QModelIndex()
                    for p, i in zip(old_persistent, old_ids)
                ],
            )
            self.layoutChanged.emit()
            return
        for first, last in reversed(runs):
            self.beginRemoveRows(QModelIndex(), first, last)
            keep_run = np.ones(len(self._ids_store), dtype=bool)
            keep_run[first : last + 1] = False
            self._delete(keep_run)
            self.endRemoveRows()

    def _delete(self, keep: np.ndarray) -> None:
        orders = self._orders.copy()
        self._bump()
        # Cached orders stay valid once the removed rows are dropped and the rest renumbered.
        new_row = np.cumsum(keep) - 1
        for column, order in orders.items():
            self._orders[column] = new_row[order[keep[order]]]
        drop = np.flatnonzero(~keep)
        if len(drop) < 64:
            for row in reversed(drop.tolist()):
                for values in (self._ids, self._names, self._kinds, self._owners):
                    del values[row]
        else:
            kept = keep.tolist()
            for attr in ("_ids", "_names", "_kinds", "_owners"):
                setattr(self, attr, [value for value, k in zip(getattr(self, attr), kept) if k])
        for attr in _ARRAY_COLUMNS:
            values = getattr(self, attr)
            if values is not None:
                setattr(self, attr, values[keep])
        self._row_of = {token_id: i for i, token_id in enumerate(self._ids)}

    def _append_rows(self, rows: list[Sequence[Any]]) -> None:
        first = len(self._ids_store)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._bump()
        for attr, values in self._build(rows, with_keys=self._search is not None).items():
            if isinstance(values, list):
                getattr(self, attr).extend(values)
            else:
                setattr(self, attr, np.concatenate([getattr(self, attr), values]))
        for offset, row in enumerate(rows):
            self._row_of[row[0]] = first + offset
        self.endInsertRows()

    def _change_rows(self, changes: list[tuple[int, Sequence[Any]]]) -> None:
        at = [position for position, _ in changes]
        names_changed = any(self._names[position] != row[1] for position, row in changes)
        self._bump(keep_name_order=not names_changed)
        for attr, values in self._build([row for _, row in changes], with_keys=self._search is not None).items():
            current = getattr(self, attr)
            if isinstance(values, list):
                for position, value in zip(at, values):
                    current[position] = value
            else:
                if values.dtype.kind == "S" and values.dtype.itemsize > current.dtype.itemsize:
                    current = current.astype(values.dtype)  # a longer key: widen the column
                    setattr(self, attr, current)
                current[at] = values
        self.dataChanged.emit(self.index(min(at), 0), self.index(max(at), len(Column) - 1), [])

    # ---- time passing -------------------------------------------------------------------------

    def next_status_change(self) -> float | None:
        """POSIX seconds at which the next Active token turns Inactive, or None."""
        ends = self._last_used + WINDOW_SECONDS
        pending = ends[ends > self._now]  # NaN compares False
        return float(pending.min()) if len(pending) else None

    def _arm_status_timer(self) -> None:
        due = self.next_status_change()
        if due is None:
            self._status_timer.stop()
            return
        delay_ms = max(0, min(_MAX_TIMER_MS, math.ceil((due - self._clock().timestamp()) * 1000)))
        self._status_timer.start(delay_ms)

    def refresh_status(self) -> None:
        """Re-derive every status at the clock's `now`; only the changed status cells are signalled."""
        now = self._clock().timestamp()
        codes = self._status_codes_at(self._last_used, now)
        self._now = now
        changed = np.flatnonzero(codes != self._status)
        if len(changed):
            self._status = codes
            self.status_revision += 1
            self._orders.pop(Column.STATUS, None)
            self._schedule_warm_up()
            log.debug("%d token(s) changed status", len(changed))
            self.dataChanged.emit(
                self.index(int(changed[0]), Column.STATUS),
                self.index(int(changed[-1]), Column.STATUS),
                [_DISPLAY, _TOOLTIP, _DECORATION, _ACCESSIBLE, int(TokenRole.STATUS)],
            )
        self._arm_status_timer()

    def _refresh_relative_times(self) -> None:
        """ "3 days ago" drifts: repaint the two time columns (display only, no raw value changed)."""
        if not len(self._ids_store):
            return
        self.refresh_status()
        self.dataChanged.emit(
            self.index(0, Column.GENERATED),
            self.index(len(self._ids_store) - 1, Column.LAST_USED),
            [_DISPLAY, _TOOLTIP, _ACCESSIBLE],
        )


_HEADER_TIPS = {
    Column.NAME: "The token's name",
    Column.OWNER: "The user who generated the token",
    Column.STATUS: "Generated: never used · Active: used in the past 7 days · Inactive: not used for 7 days",
    Column.PRIVILEGES: "What the token may do (never more than its owner's current role allows)",
    Column.GENERATED: "When the token was generated",
    Column.LAST_USED: "When the token was last used",
}

_ARRAY_COLUMNS = (
    "_owner_codes", "_deprovisioned", "_privileges", "_created", "_last_used", "_status", "_name_keys", "_search",
)


def _is_packed(values: object) -> bool:
    """Packed strings (desktop_app.cache.columns.PackedStrings): len, [row], index(), to_list()."""
    return hasattr(values, "to_list") and hasattr(values, "index")


def _is_columns(rows: object) -> bool:
    return hasattr(rows, "owner_codes") and hasattr(rows, "privilege_values")


def _bytes_array(values: list[bytes]) -> np.ndarray:
    return np.array(values, dtype=bytes) if values else np.zeros(0, dtype="S1")


_TITLES = tuple(_COLUMN_TITLES[c] for c in Column)
_TIPS = tuple(_HEADER_TIPS[c] for c in Column)
_HORIZONTAL = Qt.Orientation.Horizontal

_STATUS_TIPS = {
    STATUS_ACTIVE: "Active: used within the past 7 days",
    STATUS_GENERATED: "Generated: never used yet",
    STATUS_INACTIVE: "Inactive: not used within the past 7 days",
}
