"""Keeps a view's big selection through layout changes, fast.

Qt carries a selection through a layout change as persistent indexes, one pair per selection range,
and merges them back one by one, and our proxies move each persistent index in Python: with tens of
thousands of ranges (a sorted view with most rows selected) a sync that removed a few hundred scattered
tokens, or a token turning Inactive, froze the window for a minute or more. The model announces a
removal of many scattered rows (`bulk_removal_starting` / `_finished`) and each proxy its layout
changes (`layout_change_starting` / `_done`); this keeper takes a big selection down before the first,
as token ids, and selects what is left after the last, as row runs (index arrays, no index per row).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, Slot
from PySide6.QtWidgets import QTableView

from .token_model import TokenTableModel
from .token_proxies import TokenProxyChain

_FEW_RANGES = 64  # Qt carries this many ranges through a layout change in no time


class BigSelectionKeeper(QObject):
    def __init__(self, model: TokenTableModel, chain: TokenProxyChain, view: QTableView) -> None:
        super().__init__(view)
        self._model, self._chain, self._view = model, chain, view
        self._kept: list[str] | None = None
        self._depth = 0  # changes under way (a proxy's change runs inside the model's)
        model.bulk_removal_starting.connect(self._take_down)
        model.bulk_removal_finished.connect(self._put_back)
        for proxy in chain.proxies:
            proxy.layout_change_starting.connect(self._take_down)
            proxy.layout_change_done.connect(self._put_back)

    @Slot()
    def _take_down(self) -> None:
        self._depth += 1
        if self._depth > 1:
            return
        selection_model = self._view.selectionModel()
        selection = selection_model.selection()
        if selection.count() <= _FEW_RANGES:
            self._kept = None
            return
        self._kept = self._model.table.ids(self._chain.selected_base_rows(selection))
        selection_model.clearSelection()

    @Slot()
    def _put_back(self) -> None:
        self._depth = max(0, self._depth - 1)
        if self._depth:
            return
        kept, self._kept = self._kept, None
        if not kept:
            return
        table = self._model.table
        base = np.fromiter(
            (row for row in map(table.row_of, kept) if row is not None), dtype=np.intp, count=-1
        )
        view_model = self._chain.view_model
        where = np.full(table.token_count(), -1, dtype=np.intp)
        where[view_model.base_rows()] = np.arange(view_model.rowCount(), dtype=np.intp)
        rows = np.sort(where[base])
        rows = rows[rows >= 0]
        if not len(rows):
            return
        breaks = np.flatnonzero(np.diff(rows) != 1)
        starts = np.concatenate([[rows[0]], rows[breaks + 1]]).tolist()
        ends = np.concatenate([rows[breaks], [rows[-1]]]).tolist()
        last_column = view_model.columnCount() - 1
        selection = QItemSelection()
        for start, end in zip(starts, ends, strict=True):
            selection.select(view_model.index(start, 0), view_model.index(end, last_column))
        self._view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.Select)
