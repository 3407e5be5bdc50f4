"""The token table model: Qt's view of a `TokenTableData` (roles, formatting, icons, the status timer).

The data (columns, update diff, sort orders, search keys, status codes) lives in `table_data.py`, the
columns' titles, display and raw roles in `columns.py`. Status is derived from `last_used_at`,
`expires_at` and the injected clock; a timer refreshes only the status cells when the next token's 7-day
window runs out or the next token expires. `set_warn_days` sets the warning period of the Expires column.
"""

from __future__ import annotations

import logging
import math
import weakref
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from ..core.status_columns import STATUS_ACTIVE, STATUS_EXPIRED, STATUS_GENERATED, STATUS_INACTIVE
from ..core.token_fields import row_from_token as row_from_token_info  # noqa: F401 - the window's import
from ..core.tokens import TokenKind, TokenStatus
from . import pyside_workarounds  # noqa: F401 - every emit() leaks a reference to True without it
from .columns import COLUMN_COUNT, ROLE_FIELDS, SPECS, TIME_COLUMNS, Column, TokenRole
from .table_data import TableDiff, TokenTableData
from .translate import translate

log = logging.getLogger(__name__)

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_USER = int(Qt.ItemDataRole.UserRole)
# The roles data() answers (everything else is None).
ANSWERED_ROLES: frozenset[int] = frozenset(
    {_DISPLAY, _TOOLTIP, _DECORATION, _FOREGROUND, _ACCESSIBLE, *(int(role) for role in TokenRole)}
)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_HORIZONTAL = Qt.Orientation.Horizontal
_MAX_TIMER_MS = 10 * 60 * 1000  # re-check at least this often (a long timer can miss a suspend/resume)
_RELATIVE_TICK_MS = 60 * 1000
_CELL_CACHE = 4096  # painted cells whose display, icon and colour are kept (a few screens' worth)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _dot_icon(color: QColor) -> QIcon:
    """A coloured dot; the same pixmap, ringed, for selected rows (Qt would tint it into the highlight)."""
    icon = QIcon()
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected):
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if mode is QIcon.Mode.Selected:
            painter.setPen(QPen(QColor(255, 255, 255), 2))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        icon.addPixmap(pixmap, mode)
    return icon


def _warning_icon() -> QIcon:
    app = QGuiApplication.instance()
    if isinstance(app, QApplication):
        return app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    return _dot_icon(QColor(220, 120, 0))


_ICONS: dict[Any, QIcon] = {}


def status_icons() -> dict[Any, QIcon]:
    """The icons column specs name: a dot per status code, a warning for a deprovisioned owner."""
    if not _ICONS:
        _ICONS.update(
            {
                STATUS_ACTIVE: _dot_icon(QColor(46, 160, 67)),
                STATUS_GENERATED: _dot_icon(QColor(56, 132, 244)),
                STATUS_INACTIVE: _dot_icon(QColor(140, 140, 140)),
                STATUS_EXPIRED: _dot_icon(EXPIRED_COLOUR),
                "deprovisioned": _warning_icon(),
                "expiring": _warning_icon(),
            }
        )
    return _ICONS


# Text colours column specs name by `tone`: readable on light and dark palettes alike.
EXPIRED_COLOUR = QColor(200, 50, 50)
WARNING_COLOUR = QColor(196, 110, 0)
_TONES = {"expired": EXPIRED_COLOUR, "warning": WARNING_COLOUR}


def _weak_slot(owner: QObject, method: str) -> Callable[[], None]:
    """A timer slot that does not keep `owner` alive (and does nothing once its wrapper is gone)."""
    ref = weakref.ref(owner)

    def call() -> None:
        target = ref()
        if target is not None:
            getattr(target, method)()

    return call


class TokenTableModel(QAbstractTableModel):
    """A flat table of one section's tokens (optionally one `kind`) over a `TokenTableData` (`.table`).

    Build it from row tuples or one kind's cache columns: `TokenTableModel(cache.columns(kind), ...)`.
    Update it with `replace_rows` (diff in place) or `apply_changes` (a sync's added/changed/removed);
    neither resets the model. `reset_tokens` resets it (for a model no view shows yet).
    """

    # Around a removal of many scattered rows (one layout change): a view with a big selection
    # takes it down before and puts back what is left after (selection_keeper.py).
    bulk_removal_starting = Signal()
    bulk_removal_finished = Signal()
    warn_days_changed = Signal(int)
    now_changed = Signal()  # `table.now()` moved on (refresh_status): time-based filters look again

    def __init__(
        self,
        rows: Any = (),
        *,
        clock: Callable[[], datetime] = utc_now,
        kind: TokenKind | None = None,
        warm_up: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.table = TokenTableData(rows, now=clock().timestamp(), kind=kind)
        # row * COLUMN_COUNT + column → (display, icon, colour) of the cells painted lately
        self._cells: dict[int, tuple[Any, Any, Any]] = {}
        # warm_up=False: no idle-time work until start_warm_up() (the window calls it after its first
        # paint, so the zero-delay warm-up timer does not run ahead of the paint).
        self._warm_up_enabled = warm_up
        self._warm_up_timer = self._timer(0, "_warm_up_step", single=True)
        self._status_timer = self._timer(0, "refresh_status", single=True)
        self._status_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._relative_timer = self._timer(_RELATIVE_TICK_MS, "_refresh_relative_times", single=False)
        self._relative_timer.start()
        self._schedule_warm_up()
        self._arm_status_timer()

    def _timer(self, interval: int, slot: str, *, single: bool) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.setInterval(interval)
        timer.timeout.connect(_weak_slot(self, slot))
        return timer

    # ---- what the window and the section read -------------------------------------------------

    @property
    def kind(self) -> TokenKind | None:
        return self.table.kind

    def token_count(self) -> int:
        return self.table.token_count()

    def id_at(self, row: int) -> str:
        return self.table.id_at(row)

    def name_at(self, row: int) -> str:
        return self.table.name_at(row)

    def owner_at(self, row: int) -> str:
        return self.table.owner_at(row)

    def row_of(self, token_id: str) -> int | None:
        return self.table.row_of(token_id)

    def row_tuple(self, row: int) -> tuple[Any, ...]:
        return self.table.row_tuple(row)

    def status_at(self, row: int) -> TokenStatus:
        return self.table.status_at(row)

    def has_other_owners(self, username: str) -> bool:
        return self.table.has_other_owners(username)

    def deprovisioned_rows(self) -> np.ndarray:
        return self.table.deprovisioned_rows()

    # ---- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.table.token_count()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        role = int(role)
        if role != _DISPLAY and role != _TOOLTIP and role != _ACCESSIBLE:
            return None
        if orientation == _HORIZONTAL:
            if 0 <= section < COLUMN_COUNT:
                return translate(
                    "columns", SPECS[section].header_tip if role == _TOOLTIP else SPECS[section].title
                )
            return None
        return section + 1 if role == _DISPLAY else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if role not in ANSWERED_ROLES or not index.isValid():
            return None
        row = index.row()
        if row >= self.table.token_count():
            return None
        return self.data_at(row, index.column(), role)

    def cell(self, row: int, column: int) -> tuple[Any, Any, Any]:
        """(display, icon, foreground) of a cell: what a paint asks for, cached for the painted cells."""
        key = row * COLUMN_COUNT + column
        found = self._cells.get(key)
        if found is None:
            if len(self._cells) >= _CELL_CACHE:
                self._cells.clear()
            spec, table = SPECS[column], self.table
            icon = spec.icon(table, row) if spec.icon is not None else None
            tone = spec.tone(table, row) if spec.tone is not None else None
            if tone is not None:
                colour = _TONES[tone]
            elif spec.muted is not None and spec.muted(table, row):
                colour = QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            else:
                colour = None
            found = self._cells[key] = (
                spec.display(table, row),
                None if icon is None else status_icons()[icon],
                colour,
            )
        return found

    def data_at(self, row: int, column: int, role: int) -> Any:
        """`data()` without a QModelIndex: the proxies call this directly (one Python call per cell)."""
        role = int(role)
        if role == _DISPLAY:
            return self.cell(row, column)[0]
        if role == _DECORATION:
            return self.cell(row, column)[1]
        if role == _FOREGROUND:
            return self.cell(row, column)[2]
        spec = SPECS[column]
        if role == _TOOLTIP:
            return spec.tooltip(self.table, row) if spec.tooltip is not None else None
        if role == _ACCESSIBLE:
            return (spec.accessible or spec.display)(self.table, row)
        field = ROLE_FIELDS.get(role) if role > _USER else None
        return None if field is None else self.table.raw(field, row)

    # ---- updates ------------------------------------------------------------------------------

    def reset_tokens(self, tokens: Any) -> None:
        """Hold exactly `tokens` (row tuples or one kind's columns) by a model reset: for a model no view
        shows yet (a hidden tab filled after the first paint); `replace_rows` keeps selections instead."""
        self.beginResetModel()
        self.table.load(tokens, self._clock().timestamp())
        self._changed()
        self.endResetModel()
        self._arm_status_timer()

    def replace_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        """Make the model hold exactly `rows` (a full sync), changing rows in place: no reset."""
        self._apply(self.table.diff(rows, exactly=True))

    def apply_changes(self, rows: Iterable[Sequence[Any]], removed_ids: Iterable[str] = ()) -> None:
        """Upsert `rows` (added or changed) and drop `removed_ids`, with insert/remove/dataChanged signals."""
        self._apply(self.table.diff(rows, removed_ids))

    def _apply(self, diff: TableDiff) -> None:
        if diff.removed:
            self._remove_rows(diff.removed)
        if diff.changed:
            at = [position for position, _ in diff.changed]
            self.table.change(diff.changed)
            self._changed()
            self.dataChanged.emit(self.index(min(at), 0), self.index(max(at), COLUMN_COUNT - 1), [])
        if diff.added:
            first = self.table.token_count()
            self.beginInsertRows(QModelIndex(), first, first + len(diff.added) - 1)
            self.table.append(diff.added)
            self._changed()
            self.endInsertRows()
        if diff:
            self._arm_status_timer()

    def _remove_rows(self, rows: list[int]) -> None:
        runs: list[list[int]] = []
        for row in rows:
            if runs and runs[-1][1] == row - 1:
                runs[-1][1] = row
            else:
                runs.append([row, row])
        if len(runs) > 16:
            # Many scattered rows (a bulk revoke): one layout change instead of a signal pair per run.
            # Views let go of a big selection first (bulk_removal_*: Qt keeps it through a layout change
            # as one persistent index per range, which takes minutes for tens of thousands of ranges).
            self.bulk_removal_starting.emit()
            try:
                self._remove_scattered(rows)
            finally:
                self.bulk_removal_finished.emit()
            return
        for first, last in reversed(runs):
            self.beginRemoveRows(QModelIndex(), first, last)
            self.table.remove(range(first, last + 1))
            self._changed()
            self.endRemoveRows()

    def _remove_scattered(self, rows: list[int]) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self.table.id_at(p.row()) for p in old]
        self.table.remove(rows)
        self._changed()
        rows_now = [self.table.row_of(token_id) for token_id in old_ids]
        moved = [
            QModelIndex() if r is None else self.index(r, i.column())
            for i, r in zip(old, rows_now, strict=True)
        ]
        self.changePersistentIndexList(old, moved)
        self.layoutChanged.emit()

    def _changed(self) -> None:
        self._cells.clear()
        self._schedule_warm_up()

    # ---- idle-time work -----------------------------------------------------------------------

    def start_warm_up(self) -> None:
        """Allow (and begin) the idle-time work: unpacking ids and names, search keys, sort orders."""
        self._warm_up_enabled = True
        self._schedule_warm_up()

    def _schedule_warm_up(self) -> None:
        if self._warm_up_enabled and not self._warm_up_timer.isActive():
            self._warm_up_timer.start()

    def _warm_up_step(self) -> None:
        # One piece per event-loop turn, so the window stays responsive while it works.
        if self.table.warm_up_step():
            self._warm_up_timer.start()

    # ---- the tenant's warning period ------------------------------------------------------------

    def warn_days(self) -> int:
        return self.table.warn_days()

    def set_warn_days(self, days: int) -> None:
        """The tenant policy's `warn_days`: tokens expiring within it are marked in the Expires column."""
        if not self.table.set_warn_days(days):
            return
        self._cells.clear()
        if self.table.token_count():
            self.dataChanged.emit(
                self.index(0, Column.EXPIRES),
                self.index(self.table.token_count() - 1, Column.EXPIRES),
                [_DISPLAY, _TOOLTIP, _DECORATION, _FOREGROUND, _ACCESSIBLE],
            )
        self.warn_days_changed.emit(self.table.warn_days())

    def expiring_soon_count(self) -> int:
        return self.table.expiring_soon_count()

    # ---- time passing -------------------------------------------------------------------------

    def next_status_change(self) -> float | None:
        """POSIX seconds at which the next token turns Inactive or Expired, or None."""
        return self.table.next_status_change()

    def _arm_status_timer(self) -> None:
        due = self.table.next_status_change()
        if due is None:
            self._status_timer.stop()
            return
        delay_ms = max(0, min(_MAX_TIMER_MS, math.ceil((due - self._clock().timestamp()) * 1000)))
        self._status_timer.start(delay_ms)

    def refresh_status(self) -> None:
        """Re-derive every status at the clock's `now`; only the changed status cells are signalled."""
        changed = self.table.refresh_status(self._clock().timestamp())
        self.now_changed.emit()
        if len(changed):
            self._changed()
            log.debug("%d token(s) changed status", len(changed))
            first, last = int(changed[0]), int(changed[-1])
            for column in (Column.STATUS, Column.EXPIRES):  # an expiry turns the Expires cell too
                self.dataChanged.emit(
                    self.index(first, column),
                    self.index(last, column),
                    [_DISPLAY, _TOOLTIP, _DECORATION, _FOREGROUND, _ACCESSIBLE, int(TokenRole.STATUS)],
                )
        self._arm_status_timer()

    def _refresh_relative_times(self) -> None:
        """ "3 days ago" drifts: repaint the time columns (display only, no raw value changed)."""
        if not self.table.token_count():
            return
        self.refresh_status()
        self._cells.clear()
        self.dataChanged.emit(
            self.index(0, min(TIME_COLUMNS)),
            self.index(self.table.token_count() - 1, max(TIME_COLUMNS)),
            [_DISPLAY, _TOOLTIP, _ACCESSIBLE],
        )


__all__ = ["ANSWERED_ROLES", "Column", "TokenRole", "TokenTableModel", "status_icons", "utc_now"]
