"""The app's own table under the table benchmark (imported by bench_table's worker).

The window's real section widget when it exists: desktop_app.ui.token_section.TokenSection over a
TokenTableModel (search box, status check boxes with counts, the configured TokenTableView, sorted
by Generated on opening), as the central widget of a ~1200×800 window. Changes go through the same
widgets a user touches: a status check box toggled, the search box's text changed one key at a
time, a header's sort (view.sortByColumn, what a header click calls).

All N generated tokens go into one model (kind=None): the table figures are about N rows.
"""

from __future__ import annotations

import time


def _snapshot_cache(rows, now):
    """A cache file holding `rows` with its start-up snapshot (written once, by a full sync)."""
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    from desktop_app.cache.store import TokenCache

    folder = Path(tempfile.mkdtemp(prefix="bench-table-cache-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    cache = TokenCache.open(folder / "cache.sqlite3")
    cache.store_sync(rows, (), "c1", now, replace=True)
    cache.close()
    cache = TokenCache.open(folder / "cache.sqlite3", check=False)
    atexit.register(cache.close)
    return cache


class _SectionTable:
    """TokenSection (the app's widget)."""

    how = "desktop_app.ui.token_section.TokenSection (the window's section widget)"

    def __init__(self, win, rows, clock):
        from desktop_app.core.tokens import TokenKind, TokenStatus
        from desktop_app.ui.token_model import TokenTableModel
        from desktop_app.ui.token_section import TokenSection

        self._win, self._rows, self._clock = win, rows, clock
        self._model_cls, self._section_cls, self._kind = TokenTableModel, TokenSection, TokenKind.API
        self._statuses = [TokenStatus.ACTIVE, TokenStatus.INACTIVE, TokenStatus.GENERATED]
        self.section = None
        self._cache = _snapshot_cache(rows, clock())

    def load(self):
        # As the app starts: the model adopts one kind's columns read from the cache's snapshot.
        model = self._model_cls(self._cache.columns(self._kind.value), clock=self._clock, kind=self._kind)
        self.section = self._section_cls(self._kind, model)
        self._win.setCentralWidget(self.section)  # deletes the previous section
        self.view = self.section.view

    def toggle_status(self, i):
        box = self.section.status_boxes[self._statuses[i % 3]]
        box.setChecked(not box.isChecked())

    def type_search(self, text):
        self.section.search_field.setText(text)

    def unsort(self):
        from PySide6.QtCore import Qt

        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.section.chain.sort_by(-1)

    def shown(self):
        return self.section.chain.view_model.rowCount()


class _ChainTable:
    """Fallback: the model and proxy chain in a plain QTableView."""

    how = "TokenProxyChain in a plain QTableView (no TokenSection available)"

    def __init__(self, win, rows, clock):
        from PySide6.QtWidgets import QTableView

        from desktop_app.core.tokens import TokenStatus
        from desktop_app.ui.token_model import TokenTableModel
        from desktop_app.ui.token_proxies import TokenProxyChain

        self._rows, self._clock = rows, clock
        self._model_cls, self._chain_cls = TokenTableModel, TokenProxyChain
        self.view = QTableView()
        self.view.setSortingEnabled(True)
        win.setCentralWidget(self.view)
        self._all = set(TokenStatus)
        self._order = [TokenStatus.ACTIVE, TokenStatus.INACTIVE, TokenStatus.GENERATED]
        self._shown = set(self._all)

    def load(self):
        from PySide6.QtCore import Qt

        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.chain = self._chain_cls(self._model_cls(self._rows, clock=self._clock))
        self.view.setModel(self.chain.view_model)
        self._shown = set(self._all)

    def toggle_status(self, i):
        self._shown ^= {self._order[i % 3]}
        self.chain.set_statuses(self._shown)

    def type_search(self, text):
        self.chain.set_search(text)

    def unsort(self):
        from PySide6.QtCore import Qt

        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.chain.sort_by(-1)

    def shown(self):
        return self.chain.view_model.rowCount()


def measure(
    app, rows, now, repeat, warmup, timed, settle_and_paint, window_size, search_text, floor_sample
) -> dict:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMainWindow

    from desktop_app.ui.columns import Column

    clock = lambda: now  # noqa: E731 - statuses as of the data's `now`
    win = QMainWindow()
    win.resize(*window_size)
    try:
        table = _SectionTable(win, rows, clock)
    except ImportError:
        table = _ChainTable(win, rows, clock)
    table.load()
    win.show()
    settle_and_paint(table.view)

    out = {"view": table.how, "load_ms": [], "filter_ms": [], "search_ms": [], "sort_right_after_load_ms": []}
    sort_first = {c.title: [] for c in Column}
    sort_again = {c.title: [] for c in Column}
    keystrokes = [search_text[:i] for i in range(1, len(search_text) + 1)]
    keystrokes += [search_text[:i] for i in range(len(search_text) - 1, -1, -1)]

    def idle(seconds: float) -> None:
        """Let the window sit idle (the model warms its sort orders at idle time after painting)."""
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.005)

    def timed_on_view(change):
        return timed(table.view, change)

    idle_s = max(0.3, 2.5 * len(rows) / 100_000)
    columns = list(Column)
    for rep in range(warmup + repeat):
        keep = rep >= warmup

        floor_sample(keep)
        # load: model + section built from the cache's rows, first screen painted
        t0 = time.perf_counter()
        table.load()
        settle_and_paint(table.view)
        ms = (time.perf_counter() - t0) * 1000
        if keep:
            out["load_ms"].append(ms)
        # a header click right after the first paint, before the window had any idle time
        column = columns[(rep - warmup) % len(columns)]  # kept repetitions start with Name
        ms = timed_on_view(lambda c=column: table.view.sortByColumn(int(c), Qt.SortOrder.AscendingOrder))
        if keep:
            out["sort_right_after_load_ms"].append(ms)

        # the same on a window that sat idle for a moment (as a user's does before the first click)
        table.load()
        settle_and_paint(table.view)
        idle(idle_s)
        floor_sample(keep)
        for column in columns:
            first = timed_on_view(
                lambda c=column: table.view.sortByColumn(int(c), Qt.SortOrder.AscendingOrder)
            )
            again = timed_on_view(
                lambda c=column: table.view.sortByColumn(int(c), Qt.SortOrder.DescendingOrder)
            )
            if keep:
                sort_first[column.title].append(first)
                sort_again[column.title].append(again)
        table.unsort()
        settle_and_paint(table.view)

        floor_sample(keep)
        # status filter: toggle Active, Inactive, Generated off, then on again (one click each)
        for i in range(6):
            ms = timed_on_view(lambda i=i: table.toggle_status(i))
            if keep:
                out["filter_ms"].append(ms)
        floor_sample(keep)
        # search: type, then erase, one key at a time
        for text in keystrokes:
            ms = timed_on_view(lambda t=text: table.type_search(t))
            if keep:
                out["search_ms"].append(ms)

    # select-all over the API-sized share of the rows (search narrows nothing: all rows shown)
    out["select_all_ms"] = []
    table.load()
    settle_and_paint(table.view)
    for rep in range(warmup + repeat):
        table.view.clearSelection()
        settle_and_paint(table.view)
        floor_sample(rep >= warmup)
        ms = timed_on_view(table.view.selectAll)
        if rep >= warmup:
            out["select_all_ms"].append(ms)
    out["select_all_rows"] = table.shown()

    out["idle_s"] = idle_s
    out["sort_ms"] = sort_first
    out["sort_warm_ms"] = sort_again
    out["filter_note"] = (
        "one status check box clicked: Active, Inactive, Generated off, then on; unsorted, no search"
    )
    out["search_note"] = f"typing then erasing {search_text!r}, one key at a time; all statuses, unsorted"
    out["rows_shown"] = table.shown()
    win.close()
    return out
