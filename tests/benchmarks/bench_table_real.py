"""The app's own table pipeline under the table benchmark (imported by bench_table's worker).

TokenTableModel(rows) → TokenProxyChain (search → status → sort) → a QTableView set up like the
main window's (when desktop_app.ui.main_window offers the view set-up it is used; otherwise a plain
QTableView with sorting enabled, rows selected whole, fixed row heights).

All N generated tokens go into one model (kind=None): the table figures are about N rows on screen.
"""

from __future__ import annotations

import time
from itertools import cycle


def _make_view():
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

    view = QTableView()
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.horizontalHeader().setStretchLastSection(True)
    return view, "plain QTableView (sorting on, fixed row heights)"


def measure(app, rows, now, repeat, warmup, timed, settle_and_paint, window_size, search_text) -> dict:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMainWindow

    from desktop_app.core.tokens import TokenStatus
    from desktop_app.ui.token_model import Column, TokenTableModel
    from desktop_app.ui.token_proxies import TokenProxyChain

    clock = lambda: now  # noqa: E731 - statuses as of the data's `now`
    win = QMainWindow()
    view, how = _make_view()
    win.setCentralWidget(view)
    win.resize(*window_size)
    win.show()
    settle_and_paint(view)

    out = {"view": how, "load_ms": [], "filter_ms": [], "search_ms": [], "sort_ms": {}, "sort_warm_ms": {},
           "sort_right_after_load_ms": []}
    sort_cold = {c.title: [] for c in Column}
    sort_warm = {c.title: [] for c in Column}

    holder = {}

    def load():
        # a fresh window: no sort indicator, so setModel does not sort (source order)
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        model = TokenTableModel(rows, clock=clock)
        chain = TokenProxyChain(model)
        view.setModel(chain.view_model)
        holder["model"], holder["chain"] = model, chain

    filters = [
        {TokenStatus.ACTIVE},
        {TokenStatus.INACTIVE},
        {TokenStatus.GENERATED},
        {TokenStatus.ACTIVE, TokenStatus.INACTIVE},
        set(TokenStatus),
    ]
    keystrokes = [search_text[:i] for i in range(1, len(search_text) + 1)]
    keystrokes += [search_text[:i] for i in range(len(search_text) - 1, -1, -1)]

    def idle(seconds: float) -> None:
        """Let the window sit idle (the model warms its sort orders at idle time after painting)."""
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.005)

    idle_s = max(0.3, 2.5 * len(rows) / 100_000)
    columns = list(Column)
    for rep in range(warmup + repeat):
        keep = rep >= warmup

        # a click on a header right after the first paint, before the window had any idle time
        column = columns[rep % len(columns)]
        holder.pop("chain", None)
        holder.pop("model", None)
        ms = timed(view, load)
        if keep:
            out["load_ms"].append(ms)
        ms = timed(view, lambda: view.sortByColumn(int(column), Qt.SortOrder.AscendingOrder))
        if keep:
            out["sort_right_after_load_ms"].append(ms)

        # the same on a window that sat idle for a moment (as a user's does before the first click)
        holder.pop("chain", None)
        holder.pop("model", None)
        timed(view, load)
        idle(idle_s)
        chain = holder["chain"]
        # sort by each column (first click: ascending; second click: descending)
        for column in columns:
            first = timed(view, lambda: view.sortByColumn(int(column), Qt.SortOrder.AscendingOrder))
            again = timed(view, lambda: view.sortByColumn(int(column), Qt.SortOrder.DescendingOrder))
            if keep:
                sort_cold[column.title].append(first)
                sort_warm[column.title].append(again)
        # back to unsorted for filter and search
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        chain.sort_by(-1)
        settle_and_paint(view)

        # status filter changes
        for statuses in filters:
            ms = timed(view, lambda: chain.set_statuses(statuses))
            if keep:
                out["filter_ms"].append(ms)
        # search keystrokes: type, then erase
        for text in keystrokes:
            ms = timed(view, lambda: chain.set_search(text))
            if keep:
                out["search_ms"].append(ms)

    out["idle_s"] = idle_s
    out["sort_ms"] = sort_cold
    out["sort_warm_ms"] = sort_warm
    out["filter_note"] = "status filter: Active, Inactive, Generated, Active+Inactive, all; unsorted, no search"
    out["search_note"] = f"typing then erasing {search_text!r}, one key at a time; all statuses, unsorted"
    out["rows_shown"] = holder["chain"].view_model.rowCount()
    win.close()
    return out
