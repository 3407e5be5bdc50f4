"""Search, status-filter and sort proxies over the token model, computed over whole columns.

Each is a `RowIndexProxy` (row_index_proxy.py): it holds its visible rows as an index array computed
with numpy over the model's raw columns, not one Python call per row as QSortFilterProxyModel makes.

The usual chain is model → TokenAttentionProxy (attention_proxy.py) → TokenSearchProxy → TokenStatusProxy →
TokenSortProxy → view;
`TokenProxyChain(model)` builds it.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from PySide6.QtCore import QItemSelection, QObject, Qt, Signal

from ..core.attention import Attention
from ..core.status_columns import CODE_BY_STATUS, STATUS_BY_CODE
from ..core.tokens import TokenStatus
from .attention_proxy import TokenAttentionProxy
from .columns import Column, TokenRole
from .row_index_proxy import RowIndexProxy
from .table_data import SEARCH_SEPARATOR, search_fold
from .token_model import TokenTableModel

_EMPTY = np.zeros(0, dtype=np.intp)


class TokenSearchProxy(RowIndexProxy):
    """Rows whose name or owner contains the search text (case-insensitive), in source order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._needle = b""
        # Results per needle over one source row set: a keystroke that extends the query scans only the
        # previous hits, and Backspace finds its earlier result here.
        self._results_over: np.ndarray | None = None
        self._results: dict[bytes, np.ndarray] = {}

    def search(self) -> str:
        return self._search

    def set_search(self, text: str) -> None:
        text = text.replace(SEARCH_SEPARATOR, "")
        if text == self._search:
            return
        self._search = text
        self._needle = search_fold(text.strip())  # case and accents ignored, as in the keys
        self._relayout()

    def _select(self, source_base_rows: np.ndarray) -> np.ndarray:
        needle = self._needle
        if not needle or self._table is None:
            return np.arange(len(source_base_rows), dtype=np.intp)
        if self._results_over is not source_base_rows:
            self._results_over, self._results = source_base_rows, {}
        hits = self._results.get(needle)
        if hits is not None:
            return hits
        narrower = [key for key in self._results if key in needle]
        if narrower:
            candidates = min((self._results[key] for key in narrower), key=len)
        else:
            candidates = np.arange(len(source_base_rows), dtype=np.intp)
        keys = self._table.search_keys()
        if len(candidates):
            hits = candidates[np.strings.find(keys[source_base_rows[candidates]], needle) >= 0]
        else:
            hits = candidates
        if len(self._results) >= 64:
            self._results.pop(next(iter(self._results)))
        self._results[needle] = hits
        return hits

    def _depends_on(self, columns: range) -> bool:
        return bool(self._needle) and (Column.NAME in columns or Column.OWNER in columns)


class TokenStatusProxy(RowIndexProxy):
    """Rows whose status (at the model's `now`) is one of the chosen statuses; counts per status."""

    counts_changed = Signal(object)  # dict[TokenStatus, int] over the source's rows

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._statuses = frozenset(TokenStatus)
        self._counts: dict[TokenStatus, int] = dict.fromkeys(TokenStatus, 0)

    def statuses(self) -> frozenset[TokenStatus]:
        return self._statuses

    def set_statuses(self, statuses: Iterable[TokenStatus]) -> None:
        statuses = frozenset(TokenStatus(s) for s in statuses)
        if statuses == self._statuses:
            return
        self._statuses = statuses
        self._relayout()

    def counts(self) -> dict[TokenStatus, int]:
        """How many of the source's rows (e.g. those matching the search) have each status."""
        return dict(self._counts)

    def _select(self, source_base_rows: np.ndarray) -> np.ndarray:
        if self._table is None:
            return _EMPTY
        codes = self._table.status_codes()[source_base_rows]
        counts = np.bincount(codes, minlength=len(STATUS_BY_CODE))
        new_counts = {STATUS_BY_CODE[code]: int(counts[code]) for code in range(len(STATUS_BY_CODE))}
        if new_counts != self._counts:
            self._counts = new_counts
            self.counts_changed.emit(dict(new_counts))
        if len(self._statuses) == len(TokenStatus):
            return np.arange(len(source_base_rows), dtype=np.intp)
        allowed = np.zeros(len(STATUS_BY_CODE), dtype=bool)
        for status in self._statuses:
            allowed[CODE_BY_STATUS[status]] = True
        return np.flatnonzero(allowed[codes])

    def _depends_on(self, columns: range) -> bool:
        # Counts follow every status change, so refilter even when all statuses are shown.
        return Column.STATUS in columns or Column.LAST_USED in columns or Column.EXPIRES in columns


class TokenSortProxy(RowIndexProxy):
    """The source's rows sorted by a column (ties by name, then id), from the model's cached permutations."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._column = -1
        self._order = Qt.SortOrder.AscendingOrder

    def sort_column(self) -> int:
        return self._column

    def sort_order(self) -> Qt.SortOrder:
        return self._order

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column` (-1: source order). Called by the view when a header is clicked."""
        column = int(column)
        if column >= self.columnCount():
            column = -1
        order = Qt.SortOrder(order)
        if column == self._column and order == self._order:
            return
        self._column, self._order = column, order
        self._relayout()

    def _select(self, source_base_rows: np.ndarray) -> np.ndarray:
        if self._column < 0 or self._table is None or not len(source_base_rows):
            return np.arange(len(source_base_rows), dtype=np.intp)
        ordered = self._table.sort_order(self._column)
        n = self._table.token_count()
        if len(source_base_rows) < n:
            position = np.full(n, -1, dtype=np.intp)
            position[source_base_rows] = np.arange(len(source_base_rows), dtype=np.intp)
            ordered = ordered[position[ordered] >= 0]
            selected: np.ndarray = position[ordered]
        else:
            # The source shows every base row; its positions may still differ from base rows.
            position = np.empty(n, dtype=np.intp)
            position[source_base_rows] = np.arange(n, dtype=np.intp)
            selected = position[ordered]
        if self._order == Qt.SortOrder.DescendingOrder:
            selected = selected[::-1]
        return selected

    def _depends_on(self, columns: range) -> bool:
        return self._column >= 0 and (self._column in columns or Column.NAME in columns)


class TokenProxyChain:
    """model → attention → search → status → sort; `view_model` is what a view shows."""

    def __init__(self, model: TokenTableModel, parent: QObject | None = None) -> None:
        self.model = model
        self.attention = TokenAttentionProxy(parent)
        self.attention.setSourceModel(model)
        self.search = TokenSearchProxy(parent)
        self.search.setSourceModel(self.attention)
        self.status = TokenStatusProxy(parent)
        self.status.setSourceModel(self.search)
        self.sort = TokenSortProxy(parent)
        self.sort.setSourceModel(self.status)

    @property
    def view_model(self) -> TokenSortProxy:
        return self.sort

    @property
    def proxies(self) -> tuple[RowIndexProxy, ...]:
        return (self.attention, self.search, self.status, self.sort)

    def set_attention(self, attention: Attention | None) -> None:
        self.attention.set_attention(attention)

    def set_search(self, text: str) -> None:
        self.search.set_search(text)

    def set_statuses(self, statuses: Iterable[TokenStatus]) -> None:
        self.status.set_statuses(statuses)

    def sort_by(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort.sort(column, order)

    def visible_ids(self) -> list[str]:
        return self.model.table.ids(self.sort.base_rows())

    def token_ids(self, rows: Iterable[int]) -> list[str]:
        return [self.sort.token_id(row) for row in rows]

    def selected_base_rows(self, selection: QItemSelection) -> np.ndarray:
        """The base rows (of `model.table`) a view's selection covers, in table order."""
        rows: np.ndarray = self.sort.base_rows()[self.sort.rows_in(selection)]
        return rows


__all__ = [
    "RowIndexProxy",
    "TokenAttentionProxy",
    "TokenProxyChain",
    "TokenRole",
    "TokenSearchProxy",
    "TokenSortProxy",
    "TokenStatusProxy",
]
