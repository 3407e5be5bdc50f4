"""The sort-order engine of `table_data.TokenTableData`: every column's row order over whole columns.

Orders are numpy permutations of the rows, ties broken by casefolded name, then id; each is computed
once and cached (in `_orders`) until the data changes. No Qt here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..cache.name_order import name_keys, name_order, order_ties_by  # one order for the cache and the table
from ..core.status_columns import STATUS_BY_CODE
from .columns import COLUMNS, Column, SortKind
from .table_keys import category_ranks, sort_key

# Status codes ranked as their labels sort (Active, Expired, Generated, Inactive), as the other columns.
_LABEL_ORDER = np.argsort([status.label for status in STATUS_BY_CODE], kind="stable")
STATUS_RANKS = np.argsort(_LABEL_ORDER).astype(np.int8)
_FEW_TIES = 5_000  # equal times broken by name per run, below this many ties (else by the name ranks)


class TableSortOrders:
    """Sort orders over the columns `TokenTableData` holds; mixed into it, which sets this state."""

    _cols: dict[str, Any]
    _orders: dict[Column, np.ndarray]
    _owner_table: dict[str, int]  # owner → code
    _name_rank_cache: np.ndarray | None

    def _list(self, name: str) -> list[str]:
        raise NotImplementedError  # TokenTableData's: a text column as a list

    def _name_keys(self) -> np.ndarray:
        """Per row, the casefolded name as UTF-8 (byte order is code-point order): built in one go,
        apart from the search keys, so a first sort waits for no more than it needs."""
        keys: np.ndarray | None = self._cols["name_keys"]
        if keys is None:
            # Inline, not sort_key(): a function call per name is a third of the time at 100,000 names.
            names = self._list("name")
            keys = self._cols["name_keys"] = name_keys(names)
        return keys

    def sort_order(self, column: int) -> np.ndarray:
        """All rows in ascending order of `column`, ties broken by casefolded name, then id.

        Computed over whole columns and cached until the data changes; do not modify the result.
        """
        column = COLUMNS[column]
        order = self._orders.get(column)
        if order is None:
            order = self._orders[column] = self._compute_order(column)
        return order

    def _compute_order(self, column: Column) -> np.ndarray:
        spec = column.spec
        if spec.sort is SortKind.TEXT:
            return self._name_order()
        if spec.sort is SortKind.TIME:
            return self._time_order(self._cols[spec.field])
        if spec.sort is SortKind.EXPIRY:
            return self._time_order(self._cols[spec.field], never_last=True)
        by_name = self.sort_order(Column.NAME)
        if spec.sort is SortKind.CATEGORY:
            keys = category_ranks(self._owner_table, self._cols["owner_codes"])
        elif spec.field == "status":
            keys = STATUS_RANKS[self._cols["status"]]
        else:
            keys = self._cols[spec.field]
        return by_name[np.argsort(keys[by_name], kind="stable")]

    def _time_order(self, values: np.ndarray, *, never_last: bool = False) -> np.ndarray:
        never = np.isnan(values)
        if not never.any():  # by time alone unless two tokens share a moment
            return self._order_by_time(values, np.arange(len(values), dtype=np.intp))
        if never.all():  # e.g. no token expires: by name (no time to order by)
            return self.sort_order(Column.NAME)
        by_name = self.sort_order(Column.NAME)
        parts = [by_name[never[by_name]], self._order_by_time(values, np.flatnonzero(~never))]
        return np.concatenate(parts[::-1] if never_last else parts)

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
        if self._name_rank_cache is not None or len(tied) > _FEW_TIES:
            return rows[np.lexsort((self._name_ranks()[rows], values[rows]))]
        # A few ties (times in whole seconds): order each run of equal times by its own keys rather
        # than building every name's key first (the first paint's sort should not wait for them).
        names, ids = self._cols["name"], self._cols["id"]  # packed or not: a few rows are read
        return order_ties_by(order, tied, lambda row: (sort_key(names[row]), ids[row]))

    def _name_order(self) -> np.ndarray:
        return name_order(self._name_keys(), self._list("id"))

    def _name_ranks(self) -> np.ndarray:
        """rank[row] = the row's position when sorted by (casefolded name, id)."""
        if self._name_rank_cache is None:
            order = self.sort_order(Column.NAME)
            rank = np.empty(len(order), dtype=np.intp)
            rank[order] = np.arange(len(order), dtype=np.intp)
            self._name_rank_cache = rank
        return self._name_rank_cache


__all__ = ["TableSortOrders"]
