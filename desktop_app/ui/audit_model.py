"""The audit log as a table model that loads itself page by page as the view scrolls (SPEC rule 18).

`canFetchMore`/`fetchMore`: the view asks for more when its last rows come into sight; one page of
`audit_page(filters, cursor, limit)` runs in the action lane and its events are appended with
beginInsertRows (never a reset), so 100,000 events stay as smooth as the first page. A new filter
starts over (the one reset). Events are held as tuples of their fields, times pre-formatted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from ..core.tokens import parse_utc
from .background import BackgroundRunner
from .protocols import HygieneClient
from .session_hygiene import AuditFilters
from .translate import QT_TRANSLATE_NOOP, translate

EVENT_FIELDS = ("id", "at", "actor", "action", "target", "address", "outcome", "detail")
COLUMNS = ("at", "actor", "action", "target", "address", "outcome", "detail")
_TITLES = {
    "at": QT_TRANSLATE_NOOP("AuditModel", "When"),
    "actor": QT_TRANSLATE_NOOP("AuditModel", "Who"),
    "action": QT_TRANSLATE_NOOP("AuditModel", "Action"),
    "target": QT_TRANSLATE_NOOP("AuditModel", "Target"),
    "address": QT_TRANSLATE_NOOP("AuditModel", "Address"),
    "outcome": QT_TRANSLATE_NOOP("AuditModel", "Outcome"),
    "detail": QT_TRANSLATE_NOOP("AuditModel", "Detail"),
}
PAGE_SIZE = 500
_AT = EVENT_FIELDS.index("at")
_FIELD_OF_COLUMN = [EVENT_FIELDS.index(name) for name in COLUMNS]
# How events name a token (as the service writes them): "token <id> “name” of owner".
_NAMES_TOKEN = re.compile(r"^token ([!-~]{1,32})(?: |$)")
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)


def _value(event: Any, name: str) -> Any:
    return event.get(name) if isinstance(event, Mapping) else getattr(event, name, None)


def _local(at: Any) -> str:
    try:
        moment = at if isinstance(at, datetime) else parse_utc(str(at))
        return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except (TypeError, ValueError):
        return str(at)


def event_row(event: Any) -> tuple[str, ...]:
    """An event (core.hygiene.AuditEvent, or its JSON mapping) as a tuple of display texts."""
    values = ["" if _value(event, name) is None else str(_value(event, name)) for name in EVENT_FIELDS]
    values[_AT] = _local(_value(event, "at"))
    return tuple(values)


def token_id_named(event: tuple[str, ...]) -> str | None:
    """The id of the token an event is about: named by its target, else by its actor (a token's use)."""
    for text in (event[EVENT_FIELDS.index("target")], event[EVENT_FIELDS.index("actor")]):
        match = _NAMES_TOKEN.match(text) if text else None
        if match:
            return match.group(1)
    return None


class AuditModel(QAbstractTableModel):
    """`set_filters(filters)` starts over; the view's scrolling loads the rest."""

    loading_changed = Signal(bool)
    failed = Signal(BaseException)

    def __init__(
        self,
        runner: BackgroundRunner,
        client: HygieneClient,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._client = client
        self._page_size = page_size
        self._events: list[tuple[str, ...]] = []
        self._filters: dict[str, str] = {}
        self._cursor: str | None = None
        self._exhausted = True  # until the first set_filters
        self._loading = False
        self._generation = 0  # a page for an older filter is dropped

    # ---- state ---------------------------------------------------------------------------------

    @property
    def filters(self) -> dict[str, str]:
        return dict(self._filters)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def event_at(self, row: int) -> dict[str, str]:
        return dict(zip(EVENT_FIELDS, self._events[row], strict=True))

    def token_id_at(self, row: int) -> str | None:
        return token_id_named(self._events[row])

    def set_filters(self, filters: AuditFilters) -> None:
        """Show the events matching `filters` (empty values left out), from the newest."""
        self.beginResetModel()
        self._generation += 1
        self._filters = {key: value for key, value in filters.items() if value}
        self._events = []
        self._cursor = None
        self._exhausted = False
        self._set_loading(False)
        self.endResetModel()
        self.fetchMore(QModelIndex())

    # ---- Qt's incremental loading --------------------------------------------------------------

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._set_loading(True)
        client, filters, cursor, limit = self._client, dict(self._filters), self._cursor, self._page_size
        generation = self._generation
        self._runner.run(
            lambda: client.audit_page(filters, cursor, limit),
            lambda page: self._got(generation, page),
            lambda error: self._failed(generation, error),
        )

    def _got(self, generation: int, page: tuple[list[Any], str | None]) -> None:
        if generation != self._generation:
            return
        events, cursor = page
        rows = [event_row(event) for event in events]
        if rows:
            first = len(self._events)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._events.extend(rows)
            self.endInsertRows()
        self._cursor = cursor
        self._exhausted = cursor is None or not rows
        self._set_loading(False)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._exhausted = True  # no retry loop: a new filter (or Refresh) asks again
        self._set_loading(False)
        self.failed.emit(error)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    # ---- the table -----------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if role not in (_DISPLAY, _TOOLTIP) or not index.isValid():
            return None
        text = self._events[index.row()][_FIELD_OF_COLUMN[index.column()]]
        if role == _TOOLTIP:
            return text if len(text) > 40 else None
        return text

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return translate("AuditModel", _TITLES[COLUMNS[section]])
        return None


__all__ = ["COLUMNS", "EVENT_FIELDS", "AuditModel", "event_row", "token_id_named"]
