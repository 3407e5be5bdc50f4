"""A flat proxy that holds its visible rows as an index array over the token model (no Python per row).

Qt's QSortFilterProxyModel calls Python once per row (filterAcceptsRow, lessThan → data()); at 100,000
tokens that is 130 ms per filter and seconds per sort (DESIGN.md, "The table at scale"). `RowIndexProxy`
instead holds an index array: a change computes the visible rows and their order with numpy over the
model's raw columns, then emits one layout change (persistent indexes follow their token). The search,
status and sort proxies built on it live in token_proxies.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import numpy as np
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QItemSelection,
    QItemSelectionRange,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from .columns import COLUMN_COUNT
from .table_data import TokenTableData
from .token_model import ANSWERED_ROLES, TokenTableModel

_USER = int(Qt.ItemDataRole.UserRole)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_EMPTY = np.zeros(0, dtype=np.intp)
_COLUMN_COUNT = COLUMN_COUNT
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)


def _raw_values_changed(roles: Iterable[int]) -> bool:
    """dataChanged with no roles, or with a raw (custom) role, may change what filters and sorts see."""
    roles = list(roles)
    return not roles or any(int(role) > _USER for role in roles)


class RowIndexProxy(QAbstractProxyModel):
    """A flat proxy that shows some of its source's rows in some order, held as an index array.

    Subclasses implement `_select(source_base_rows) -> positions` (indices into the source's rows) and
    `_depends_on(columns)`. Rows and orders come from the base model's `TokenTableData` (`_table`), cells
    straight from the base TokenTableModel (one Python call per cell).
    """

    # Around each of our layout changes, before layoutAboutToBeChanged and after layoutChanged: a view
    # with a big selection takes it down first (selection_keeper.py).
    layout_change_starting = Signal()
    layout_change_done = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._base: TokenTableModel | None = None
        self._table: TokenTableData | None = None
        self._rows = _EMPTY  # positions in the source
        self._base_rows = _EMPTY  # rows of the base model, in display order
        self._inverse: np.ndarray | None = None  # source position → our row (or -1)
        self._saved: list[tuple[QPersistentModelIndex, str]] | None = None
        self._connections: list[tuple[Any, Any]] = []

    # ---- wiring ---------------------------------------------------------------------------------

    def setSourceModel(self, source: QAbstractItemModel) -> None:
        self.beginResetModel()
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._connections = []
        super().setSourceModel(source)
        self._base = _base_of(source) if source is not None else None
        self._table = self._base.table if self._base is not None else None
        if source is not None:
            for signal, slot in (
                (source.dataChanged, self._on_source_data_changed),
                (source.headerDataChanged, self.headerDataChanged),
                (source.rowsAboutToBeInserted, self._on_source_about_to_change),
                (source.rowsAboutToBeRemoved, self._on_source_about_to_change),
                (source.rowsAboutToBeMoved, self._on_source_about_to_change),
                (source.layoutAboutToBeChanged, self._on_source_about_to_change),
                (source.rowsInserted, self._on_source_changed),
                (source.rowsRemoved, self._on_source_changed),
                (source.rowsMoved, self._on_source_changed),
                (source.layoutChanged, self._on_source_changed),
                (source.modelAboutToBeReset, self.beginResetModel),
                (source.modelReset, self._on_source_reset),
            ):
                signal.connect(slot)
                self._connections.append((signal, slot))
        self._recompute()
        self.endResetModel()

    def base_model(self) -> TokenTableModel | None:
        return self._base

    def base_rows(self) -> np.ndarray:
        """The base model's rows in this proxy's order; do not modify."""
        return self._base_rows

    def _source_base_rows(self) -> np.ndarray:
        source = self.sourceModel()
        if isinstance(source, RowIndexProxy):
            return source.base_rows()
        if self._table is None:
            return _EMPTY
        return self._table.all_rows()

    def _recompute(self) -> None:
        source_base = self._source_base_rows()
        self._rows = (
            np.asarray(self._select(source_base), dtype=np.intp) if self._base is not None else _EMPTY
        )
        self._base_rows = source_base[self._rows]
        self._inverse = None

    def _select(self, source_base_rows: np.ndarray) -> np.ndarray:
        return np.arange(len(source_base_rows), dtype=np.intp)

    def _depends_on(self, columns: range) -> bool:
        return False

    def _inverse_map(self) -> np.ndarray:
        if self._inverse is None:
            source = self.sourceModel()
            count = source.rowCount() if source is not None else 0
            inverse = np.full(count, -1, dtype=np.intp)
            inverse[self._rows] = np.arange(len(self._rows), dtype=np.intp)
            self._inverse = inverse
        return self._inverse

    # ---- layout changes that keep persistent indexes on their token ----------------------------

    def _begin_layout_change(self) -> None:
        self.layout_change_starting.emit()
        self.layoutAboutToBeChanged.emit()
        saved = []
        table = self._table
        for index in self.persistentIndexList():
            if index.isValid() and table is not None and index.row() < len(self._base_rows):
                saved.append((QPersistentModelIndex(index), table.id_at(int(self._base_rows[index.row()]))))
        self._saved = saved

    def _end_layout_change(self) -> None:
        saved, self._saved = self._saved or [], None
        self._recompute()
        if saved and self._table is not None:
            where = np.full(self._table.token_count(), -1, dtype=np.intp)
            where[self._base_rows] = np.arange(len(self._base_rows), dtype=np.intp)
            old, new = [], []
            for persistent, token_id in saved:
                base_row = self._table.row_of(token_id)
                row = int(where[base_row]) if base_row is not None else -1
                # Qt converts a persistent index to a QModelIndex; the stubs lack that constructor.
                old.append(QModelIndex(persistent))  # type: ignore[call-overload]
                new.append(self.createIndex(row, persistent.column()) if row >= 0 else QModelIndex())
            self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
        self.layout_change_done.emit()

    def _relayout(self) -> None:
        """Recompute rows and order after our own setting changed."""
        self._begin_layout_change()
        self._end_layout_change()

    def _on_source_about_to_change(self, *args: Any) -> None:
        if self._saved is None:
            self._begin_layout_change()

    def _on_source_changed(self, *args: Any) -> None:
        if self._saved is None:  # no matching "about to" signal: save nothing, still relayout
            self.layout_change_starting.emit()
            self.layoutAboutToBeChanged.emit()
            self._saved = []
        self._end_layout_change()

    def _on_source_reset(self) -> None:
        self._recompute()
        self.endResetModel()

    def _on_source_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int]
    ) -> None:
        columns = range(top_left.column(), bottom_right.column() + 1)
        if _raw_values_changed(roles) and self._depends_on(columns):
            self._relayout()
        if not len(self._rows):
            return
        # Map the source rows to ours; over-signalling a range is cheap (views repaint what is visible).
        inverse = self._inverse_map()
        mapped = inverse[top_left.row() : bottom_right.row() + 1]
        mapped = mapped[mapped >= 0]
        if len(mapped):
            self.dataChanged.emit(
                self.createIndex(int(mapped.min()), top_left.column()),
                self.createIndex(int(mapped.max()), bottom_right.column()),
                roles,
            )

    # ---- Qt proxy interface ---------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._base is None else _COLUMN_COUNT

    def index(
        self,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008 - Qt's own default
    ) -> QModelIndex:
        if parent.isValid() or not (0 <= row < len(self._rows)) or not (0 <= column < _COLUMN_COUNT):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, *args: Any) -> Any:
        if not args:
            return QObject.parent(self)
        return QModelIndex()

    def sibling(self, row: int, column: int, index: QModelIndex | QPersistentModelIndex) -> QModelIndex:
        return self.index(row, column)

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) > 0

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mapToSource(self, proxy_index: QModelIndex | QPersistentModelIndex) -> QModelIndex:
        source = self.sourceModel()
        if not proxy_index.isValid() or source is None or proxy_index.row() >= len(self._rows):
            return QModelIndex()
        return source.index(int(self._rows[proxy_index.row()]), proxy_index.column())

    def mapFromSource(self, source_index: QModelIndex | QPersistentModelIndex) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        inverse = self._inverse_map()
        if source_index.row() >= len(inverse):
            return QModelIndex()
        row = int(inverse[source_index.row()])
        return self.createIndex(row, source_index.column()) if row >= 0 else QModelIndex()

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # Called ~7 times per visible cell on every paint: keep it lean (most roles answer None).
        if role not in ANSWERED_ROLES or self._base is None:
            return None
        row = index.row()
        if not 0 <= row < len(self._base_rows) or not index.isValid():
            return None
        return self._base.data_at(int(self._base_rows[row]), index.column(), role)

    def multiData(self, index: QModelIndex | QPersistentModelIndex, span: Any) -> None:
        # Qt 6's item delegate asks for 7 roles per cell in one multiData() call: answering them here
        # costs one call from C++ into Python per cell instead of seven (about 40% of a repaint at
        # this size). Needs pyside_workarounds (PySide6 6.12 drops a reference to the None returned).
        base = self._base
        row = index.row()
        if base is None or not 0 <= row < len(self._base_rows):
            return
        base_row, column = int(self._base_rows[row]), index.column()
        display, icon, foreground = base.cell(base_row, column)  # cached for the painted cells
        for role_data in span:
            # Every slot is written: Qt reuses the same slots from cell to cell, so a role left alone
            # would keep the previous cell's value (an icon or a colour bleeding into the next cell).
            role = role_data.role()
            if role == _DISPLAY:
                role_data.setData(display)
            elif role == _DECORATION:
                role_data.setData(icon)
            elif role == _FOREGROUND:
                role_data.setData(foreground)
            else:
                role_data.setData(base.data_at(base_row, column, role) if role in ANSWERED_ROLES else None)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._base is None:
            return None
        return self._base.headerData(section, orientation, role)

    # ---- helpers for actions --------------------------------------------------------------------

    def base_row(self, row: int) -> int:
        return int(self._base_rows[row])

    def rows_in(self, selection: QItemSelection) -> np.ndarray:
        """Our rows a selection covers, ascending, from its ranges (no index object per row)."""
        spans = [
            np.arange(max(0, r.top()), min(len(self._rows), r.bottom() + 1), dtype=np.intp)
            for r in cast("Iterable[QItemSelectionRange]", selection)
            if r.model() is self
        ]
        return np.unique(np.concatenate(spans)) if spans else _EMPTY

    def token_id(self, row: int) -> str:
        assert self._table is not None
        return self._table.id_at(int(self._base_rows[row]))


def _base_of(model: QAbstractItemModel) -> TokenTableModel:
    while isinstance(model, QAbstractProxyModel):
        model = model.sourceModel()
    if not isinstance(model, TokenTableModel):
        raise TypeError("the token proxies work over a TokenTableModel")
    return model


__all__ = ["RowIndexProxy"]
