"""The section's table at 100,000 rows: select-all works on ranges, not on one Python call per row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.core.tokens import TokenKind, TokenStatus
from desktop_app.ui import token_proxies
from desktop_app.ui.token_model import TokenTableModel
from desktop_app.ui.token_section import TokenSection
from tests.token_rows import make_row

from .conftest import NOW, make_rows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ROWS = 100_000


def test_select_all_at_100k_rows_asks_no_row_by_row_questions(qtbot, clock, monkeypatch):
    calls = {"flags": 0, "index": 0}
    for name in calls:
        original = getattr(token_proxies.RowIndexProxy, name)

        def counting(self, *args, _original=original, _name=name):
            calls[_name] += 1
            return _original(self, *args)

        monkeypatch.setattr(token_proxies.RowIndexProxy, name, counting)
    rows = make_rows(ROWS)
    section = TokenSection(TokenKind.API, TokenTableModel(rows, clock=clock, warm_up=False))
    qtbot.addWidget(section)
    section.resize(1200, 800)
    section.show()
    qtbot.waitExposed(section)
    section.view.viewport().repaint()
    calls.update(flags=0, index=0)
    section.view.setFocus()
    section.view.selectAll()
    QApplication.processEvents()
    section.view.viewport().repaint()
    section.view.horizontalHeader().viewport().repaint()
    # A screenful of cells and a few corners, not one call per row (Qt's header asked 600,000).
    assert calls["flags"] < 5_000 and calls["index"] < 5_000, calls
    assert section.revoke_button.isEnabled()
    selected = section.selected_tokens()
    assert len(selected) == ROWS
    assert selected.ids == section.chain.visible_ids()
    by_id = {row[0]: (row[1], row[3]) for row in rows}
    assert all(
        by_id[token_id] == (name, owner)
        for token_id, name, owner in zip(selected.ids, selected.names, selected.owners, strict=True)
    )


def test_selected_tokens_follow_a_partial_selection_in_table_order(qtbot, clock):
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    section = TokenSection(TokenKind.API, TokenTableModel(make_rows(50), clock=clock))
    qtbot.addWidget(section)
    proxy = section.chain.view_model
    selection = QItemSelection(proxy.index(30, 0), proxy.index(32, 5))
    selection.select(proxy.index(3, 0), proxy.index(4, 5))
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    section.view.selectionModel().select(selection, flags)
    expected = [section.chain.sort.token_id(r) for r in (3, 4, 30, 31, 32)]
    assert section.selected_tokens().ids == expected


# ---- expiry: the Expired filter and the count of tokens expiring soon ------------------------------


def _expiry_section(qtbot, clock) -> TokenSection:
    t, day = NOW.timestamp(), 86400.0
    rows = [
        make_row(id="soon", name="soon", created_at=t - day, expires_at=t + 2 * day),
        make_row(id="soon2", name="soon2", created_at=t - day, expires_at=t + 6 * day),
        make_row(id="later", name="later", created_at=t - day, expires_at=t + 20 * day),
        make_row(id="gone", name="gone", created_at=t - 9 * day, last_used_at=t - day, expires_at=t - day),
        make_row(id="never", name="never", created_at=t - day, last_used_at=t - 60),
    ]
    section = TokenSection(TokenKind.API, TokenTableModel(rows, clock=clock))
    qtbot.addWidget(section)
    return section


def test_the_expired_filter_shows_only_expired_tokens_with_its_count(qtbot, clock):
    section = _expiry_section(qtbot, clock)
    boxes = section.status_boxes
    assert list(boxes) == [
        TokenStatus.ACTIVE,
        TokenStatus.INACTIVE,
        TokenStatus.GENERATED,
        TokenStatus.EXPIRED,
    ]
    assert boxes[TokenStatus.EXPIRED].text() == "E&xpired (1)"
    for status, box in boxes.items():
        box.setChecked(status is TokenStatus.EXPIRED)
    assert section.chain.visible_ids() == ["gone"]
    boxes[TokenStatus.EXPIRED].setChecked(False)
    boxes[TokenStatus.GENERATED].setChecked(True)
    assert sorted(section.chain.visible_ids()) == ["later", "soon", "soon2"]


def test_the_header_counts_tokens_expiring_within_warn_days(qtbot, clock):
    section = _expiry_section(qtbot, clock)
    assert section.expiring_label.text() == "2 expiring within 7 days"
    section.model.set_warn_days(30)
    assert section.expiring_label.text() == "3 expiring within 30 days"
    section.model.set_warn_days(1)
    assert section.expiring_label.text() == ""  # none within a day: no count at all
    section.model.set_warn_days(7)
    clock.advance(timedelta(days=3))  # "soon" expires: its status timer re-derives the statuses
    with qtbot.waitSignal(section.model.dataChanged, timeout=3000):
        section.model.refresh_status()
    assert section.expiring_label.text() == "1 expiring within 7 days"
    assert section.status_boxes[TokenStatus.EXPIRED].text() == "E&xpired (2)"
