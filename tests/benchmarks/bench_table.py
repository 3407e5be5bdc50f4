"""Table figures: status filter change, search keystroke, sort by each column, repaint included.

One worker process per size (clean Qt state), offscreen, the window ~1200×800. Every timed step is:
apply the change, QApplication.processEvents() (layout settles), then a synchronous paint of the
visible viewport (view.viewport().repaint()); the time covers all of it.

Floor (same process, same window size): a bare QAbstractTableModel over the same rows, reset
(beginResetModel/endResetModel) and its first screen painted the same way; floor samples are taken
between the app's measurements, so a busy phase of the machine weighs on both.

The real pipeline is the app's own: desktop_app.ui.token_model.TokenTableModel under the proxies of
desktop_app.ui.token_proxies, in a QTableView configured like the main window's when it can be built.
"""

from __future__ import annotations

import os
import time

from bench_stats import Goal, child_main, figure_from_samples, log, ratio_figure, run_worker, size_suffix

WINDOW_SIZE = (1200, 800)
SEARCH_TEXT = "grafana-ex"  # typed one key at a time, then erased one key at a time
GOAL_MS = 16


def run(sizes: list[int], repeat: int, warmup: int) -> list:
    figures = []
    for n in sizes:
        log(f"table: {n} tokens")
        res = run_worker("bench_table", {"n": n, "repeat": repeat, "warmup": warmup}, timeout=1800)
        s = size_suffix(n)
        floor = res["floor_ms"]
        goal = Goal("<=", GOAL_MS)
        figures.append(
            figure_from_samples(
                f"table_paint_floor_ms_{s}", floor, "ms", note="bare model reset + first screen painted"
            )
        )
        figures.append(
            figure_from_samples(
                f"table_filter_ms_{s}",
                res["filter_ms"],
                "ms",
                floor_samples=floor,
                goal=goal,
                note=res.get("filter_note", ""),
            )
        )
        figures.append(
            figure_from_samples(
                f"table_search_ms_{s}",
                res["search_ms"],
                "ms",
                floor_samples=floor,
                goal=goal,
                note=res.get("search_note", ""),
            )
        )
        per_col = {
            name: figure_from_samples(
                f"table_sort_{_slug(name)}_ms_{s}", samples, "ms", floor_samples=floor, goal=goal
            )
            for name, samples in res["sort_ms"].items()
        }
        slowest = max(per_col, key=lambda c: per_col[c].value)
        f = figure_from_samples(
            f"table_sort_ms_{s}",
            res["sort_ms"][slowest],
            "ms",
            floor_samples=floor,
            goal=goal,
            note=f"slowest column: {slowest} (first click, after the window sat idle {res.get('idle_s', 0):.1f} s)",
        )
        figures.append(f)
        warm = {name: figure_from_samples("", samples, "ms") for name, samples in res["sort_warm_ms"].items()}
        slowest_warm = max(warm, key=lambda c: warm[c].value)
        figures.append(
            figure_from_samples(
                f"table_sort_again_ms_{s}",
                res["sort_warm_ms"][slowest_warm],
                "ms",
                floor_samples=floor,
                goal=goal,
                note=f"slowest column: {slowest_warm} (clicking the same header again: reverse order)",
            )
        )
        figures.extend(per_col.values())
        figures.append(
            figure_from_samples(
                f"table_sort_right_after_load_ms_{s}",
                res["sort_right_after_load_ms"],
                "ms",
                floor_samples=floor,
                goal=Goal("<=", 50),
                note="a header click right after the first paint (before any idle time); one column per repetition",
            )
        )
        # Issue 10's names: the same bare paint as the floor, and the changes as ratios to it.
        figures.append(
            figure_from_samples(
                f"table_bare_paint_floor_ms_{s}",
                floor,
                "ms",
                note="a trivial model, same view size: reset + first screen painted",
            )
        )
        slowest_sort = res["sort_ms"][slowest]
        for what, samples in (
            ("filter", res["filter_ms"]),
            ("search", res["search_ms"]),
            ("sort", slowest_sort),
        ):
            figures.append(
                ratio_figure(
                    f"table_{what}_ratio_{s}",
                    samples,
                    floor,
                    goal=Goal("<=", 2),
                    note=f"table_{what}_ms ÷ table_bare_paint_floor_ms (medians)",
                )
            )
        if "select_all_ms" in res:
            figures.append(
                figure_from_samples(
                    f"select_all_ms_{s}",
                    res["select_all_ms"],
                    "ms",
                    floor_samples=floor,
                    goal=Goal("<=", 100),
                    note=f"Ctrl+A over {res.get('select_all_rows', 0):,} shown rows, selection painted",
                )
            )
        if "load_ms" in res:
            figures.append(
                figure_from_samples(
                    f"table_load_ms_{s}",
                    res["load_ms"],
                    "ms",
                    floor_samples=floor,
                    note="model + proxies built from the cache snapshot's columns (as the app starts), first paint",
                )
            )
    return figures


def _slug(title: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in title.lower())


# ------------------------------------------------------------------ worker


def _worker(args: dict) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import bench_data
    from bench_stats import pin_true_refcount
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    pin_true_refcount()
    n, repeat, warmup = args["n"], args["repeat"], args["warmup"]
    app = QApplication.instance() or QApplication([])
    now = bench_data.utc_now()
    rows = bench_data.generate_rows(n, now)
    out: dict = {}

    def settle_and_paint(view) -> None:
        app.processEvents()
        view.viewport().repaint()

    def timed(view, change) -> float:
        t0 = time.perf_counter()
        change()
        settle_and_paint(view)
        return (time.perf_counter() - t0) * 1000

    # ---- floor: a bare model, reset + first screen painted
    class BareModel(QAbstractTableModel):
        def __init__(self, data):
            super().__init__()
            self._rows = data

        def rowCount(self, parent=QModelIndex()):  # noqa: B008
            return 0 if parent.isValid() else len(self._rows)

        def columnCount(self, parent=QModelIndex()):  # noqa: B008
            return 0 if parent.isValid() else 6

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole:
                return str(self._rows[index.row()][(1, 3, 2, 5, 6, 7)[index.column()]])
            return None

        def reset_to(self, data):
            self.beginResetModel()
            self._rows = data
            self.endResetModel()

    floor_win = QMainWindow()
    floor_view = QTableView()
    floor_win.setCentralWidget(floor_view)
    floor_win.resize(*WINDOW_SIZE)
    bare = BareModel([])
    floor_view.setModel(bare)
    floor_win.show()
    settle_and_paint(floor_view)
    variants = [rows, rows[::-1]]
    floor: list[float] = []
    flip = [0]

    def floor_sample(keep: bool) -> None:
        """One floor measurement, taken between the app's measurements so both see the same load."""
        flip[0] ^= 1
        ms = timed(floor_view, lambda: bare.reset_to(variants[flip[0]]))
        if keep:
            floor.append(ms)

    for _ in range(warmup + 2):
        floor_sample(False)

    import bench_table_real

    out.update(
        bench_table_real.measure(
            app, rows, now, repeat, warmup, timed, settle_and_paint, WINDOW_SIZE, SEARCH_TEXT, floor_sample
        )
    )
    out["floor_ms"] = floor
    floor_win.close()
    return out


if __name__ == "__main__":
    child_main(_worker)
