"""The details pane's table of the last addresses a token was used from: address, user agent, first
and last seen (most recent first, as the service answers)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from .columns import exact_time, relative_time
from .protocols import AddressUse

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


class AddressTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AddressUse] = []
        self._now = 0.0
        self._titles = (
            self.tr("Address"),
            self.tr("User agent"),
            self.tr("First seen"),
            self.tr("Last seen"),
        )

    def set_addresses(self, addresses: Sequence[AddressUse], now: float = 0.0) -> None:
        self.beginResetModel()
        self._rows = list(addresses)
        self._now = now
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < 4:
            return self._titles[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        use, column = self._rows[index.row()], index.column()
        if role == _DISPLAY:
            return self._cells(use)[column]
        if role == _TOOLTIP:
            if column == 1:
                return use.user_agent or None
            if column >= 2:
                return exact_time((use.first_seen if column == 2 else use.last_seen).timestamp())
        return None

    def _when(self, moment: datetime) -> str:
        text = f"{moment.astimezone():%Y-%m-%d %H:%M}"
        if self._now:
            text += f" ({relative_time(moment.timestamp(), self._now)})"
        return text

    def _cells(self, use: AddressUse) -> tuple[str, str, str, str]:
        return (use.address, use.user_agent, self._when(use.first_seen), self._when(use.last_seen))

    def display_rows(self) -> list[tuple[str, str, str, str]]:
        return [self._cells(use) for use in self._rows]


__all__ = ["AddressTableModel"]
