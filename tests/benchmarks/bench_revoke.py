"""Revoke figures at 100,000 tokens, through the window against a real local service (SQLite):

- `revoke_confirm_ms_100k`: Delete with ~80,000 rows selected → the confirmation built, shown and painted.
  Floor: a bare dialog with a QTableView over a trivial model of as many rows, shown and painted.
- `bulk_revoke_s_80k`: those 80,000 tokens revoked (confirmed) until the table holds the rest: chunks
  of 1,000 over HTTP, each a transaction with its audit records. Floor: the same number of ids revoked
  straight through the client in the same chunks (no window), in another tenant of the same service.

One worker process; the service runs in it (uvicorn thread) on 127.0.0.1.
"""

from __future__ import annotations

import os
import tempfile
import time

from bench_stats import Goal, child_main, figure_from_samples, log, run_worker

TOTAL = 100_000
SELECTED = 80_000


def run(repeat: int, warmup: int) -> list:
    log(f"revoke: {TOTAL:,} tokens, {SELECTED:,} selected")
    res = run_worker("bench_revoke", {"repeat": repeat, "warmup": warmup}, timeout=1800)
    return [
        figure_from_samples(
            "revoke_confirm_ms_100k",
            res["confirm_ms"],
            "ms",
            floor_samples=res["confirm_floor_ms"],
            goal=Goal("<=", 300),
            note=f"Delete → confirmation painted, {res['selected']:,} selected of {TOTAL:,}; "
            "floor: bare dialog + table view of as many rows",
        ),
        figure_from_samples(
            "bulk_revoke_s_80k",
            res["bulk_s"],
            "s",
            floor_samples=res["bulk_floor_s"],
            goal=Goal("<=", 10),
            note="confirmed → table updated, chunks of 1,000 over HTTP; floor: the client alone",
        ),
    ]


def _worker(args: dict) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QAbstractTableModel, QItemSelection, QItemSelectionModel, QModelIndex, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog, QTableView, QVBoxLayout

    from desktop_app.cache.store import TokenCache
    from desktop_app.client.api import TokenServiceClient
    from desktop_app.core.tokens import TokenKind
    from desktop_app.ui import revoke_dialog
    from desktop_app.ui.errors import ErrorChannel
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.session_controller import SessionController
    from tests.live_server import live_server
    from tests.seed_tokens import seed_tokens

    app = QApplication.instance() or QApplication([])
    repeat, warmup = args["repeat"], args["warmup"]
    out: dict = {"confirm_ms": [], "confirm_floor_ms": [], "bulk_s": [], "bulk_floor_s": []}
    tmp = tempfile.mkdtemp(prefix="bench-revoke-")

    def wait(condition, timeout=120.0):
        deadline = time.monotonic() + timeout
        while not condition():
            app.processEvents()
            if time.monotonic() > deadline:
                raise TimeoutError("the window did not get there")
            time.sleep(0.002)

    with live_server(f"sqlite:///{tmp}/service.db") as server:
        seed_tokens(server.store, "acme", SELECTED, kinds=("api",), prefix="api")
        seed_tokens(
            server.store, "acme", TOTAL - SELECTED, kinds=("siem_agent", "log_collector"), prefix="agent"
        )
        floor_ids = seed_tokens(server.store, "floor", SELECTED, kinds=("api",), prefix="floor")
        client = TokenServiceClient(server.url, "acme", session_token=server.sign_in("acme", "alice"))
        session = client.whoami()
        cache = TokenCache.open(f"{tmp}/cache.sqlite3")
        controller = SessionController(
            cache,
            service_url=server.url,
            tenant="acme",
            username="alice",
            error_channel=ErrorChannel(),
            sync_interval_s=3600,
        )
        window = MainWindow(controller)
        window.resize(1200, 800)
        window.show()
        synced = []
        controller.synced.connect(synced.append)
        controller.set_session(session, client)
        wait(lambda: synced)
        section = window.section(TokenKind.API)
        view = section.view
        proxy = section.chain.view_model

        def select_all() -> None:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            last = proxy.rowCount() - 1
            view.selectionModel().select(QItemSelection(proxy.index(0, 0), proxy.index(last, 0)), flags)
            app.processEvents()

        select_all()
        out["selected"] = len(section.selected_rows())
        view.setFocus()

        # ---- Delete → confirmation painted (answered Cancel once painted)
        painted: list[float] = []

        def ask(cls, parent, title, question, consequence, tokens, choices):
            dialog = cls(parent, title, question, consequence, tokens, choices)
            dialog.show()
            dialog.repaint()
            painted.append(time.perf_counter())
            dialog.deleteLater()
            return None

        real_ask = revoke_dialog.RevokeConfirmation.ask
        revoke_dialog.RevokeConfirmation.ask = classmethod(ask)

        class Bare(QAbstractTableModel):
            def rowCount(self, parent=QModelIndex()):  # noqa: B008
                return 0 if parent.isValid() else out["selected"]

            def columnCount(self, parent=QModelIndex()):  # noqa: B008
                return 0 if parent.isValid() else 2

            def data(self, index, role=Qt.ItemDataRole.DisplayRole):
                return "token" if role == Qt.ItemDataRole.DisplayRole else None

        for run_at in range(warmup + repeat):
            asked = len(painted)
            window.activateWindow()
            view.setFocus()
            wait(view.hasFocus, 10)
            t0 = time.perf_counter()
            QTest.keyClick(view, Qt.Key.Key_Delete)
            app.processEvents()
            assert len(painted) == asked + 1, "Delete did not open the confirmation"
            confirm = (painted[-1] - t0) * 1000
            t0 = time.perf_counter()
            bare = QDialog(window)
            layout = QVBoxLayout(bare)
            table = QTableView(bare)
            table.setModel(Bare(table))
            layout.addWidget(table)
            bare.show()
            bare.repaint()
            floor = (time.perf_counter() - t0) * 1000
            bare.deleteLater()
            app.processEvents()
            if run_at >= warmup:
                out["confirm_ms"].append(confirm)
                out["confirm_floor_ms"].append(floor)
        revoke_dialog.RevokeConfirmation.ask = real_ask
        log(f"revoke: confirmation {out['confirm_ms']} ms, floor {out['confirm_floor_ms']} ms")

        # ---- 80,000 revoked through the window, until the table holds the rest (once: it is destructive)
        revoke_dialog.confirm_revoke = lambda parent, tokens: True
        revoked: list[list[str]] = []
        controller.revoked.connect(revoked.append)
        window.activateWindow()
        view.setFocus()
        wait(view.hasFocus, 10)
        t0 = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_Delete)
        wait(lambda: revoked and section.model.token_count() == 0 and proxy.rowCount() == 0, 180)
        out["bulk_s"].append(time.perf_counter() - t0)
        assert len(revoked[0]) == out["selected"], len(revoked[0])
        wait(lambda: not controller.runner.busy)

        floor_client = TokenServiceClient(server.url, "floor", session_token=server.sign_in("floor", "alice"))
        t0 = time.perf_counter()
        for at in range(0, len(floor_ids), 1000):
            floor_client.revoke_tokens(floor_ids[at : at + 1000])
        out["bulk_floor_s"].append(time.perf_counter() - t0)
        log(f"revoke: bulk {out['bulk_s']} s, floor {out['bulk_floor_s']} s")
        floor_client.close()
        controller.stop(refresh_snapshot=False)
        client.close()
    return out


if __name__ == "__main__":
    child_main(_worker)
