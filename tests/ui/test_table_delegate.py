"""The table's delegate: a cut-off name shows its whole text as a tooltip, a name that fits shows none."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QToolTip

from desktop_app.core.tokens import TokenKind
from desktop_app.ui.columns import Column
from desktop_app.ui.token_model import TokenTableModel
from desktop_app.ui.token_section import TokenSection
from tests.token_rows import make_row

from .conftest import NOW

# The offscreen platform shows windows and tooltips all the same.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

LONG = "nightly export of every alert to the archive bucket in the secondary region"


def _section(qtbot, clock) -> TokenSection:
    t = NOW.timestamp()
    rows = [
        make_row(id="a", name=LONG, owner="alice", created_at=t - 50.0),
        make_row(id="b", name="ci", owner="alice", created_at=t - 100.0),
    ]
    section = TokenSection(TokenKind.API, TokenTableModel(rows, clock=clock))
    qtbot.addWidget(section)
    section.resize(900, 400)
    section.view.setColumnWidth(Column.NAME, 120)
    section.show()
    qtbot.waitExposed(section)
    return section


def _row_of(section: TokenSection, name: str) -> int:
    proxy = section.chain.view_model
    return next(r for r in range(proxy.rowCount()) if proxy.data(proxy.index(r, Column.NAME)) == name)


def test_a_cut_off_name_has_its_whole_text_as_tooltip(qtbot, clock):
    section = _section(qtbot, clock)
    view, proxy = section.view, section.chain.view_model
    delegate = view.itemDelegate()
    long_index = proxy.index(_row_of(section, LONG), Column.NAME)
    short_index = proxy.index(_row_of(section, "ci"), Column.NAME)
    option = QStyleOptionViewItem()
    option.widget = view
    option.rect = view.visualRect(long_index)
    assert delegate.elided_text(QStyleOptionViewItem(option), long_index) == LONG
    option.rect = view.visualRect(short_index)
    assert delegate.elided_text(QStyleOptionViewItem(option), short_index) is None
    # The real tooltip event on the cut-off cell shows the name.
    where = view.visualRect(long_index).center()
    event = QHelpEvent(QEvent.Type.ToolTip, where, view.viewport().mapToGlobal(where))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == LONG
    QToolTip.hideText()


def test_a_column_wide_enough_shows_no_tooltip(qtbot, clock):
    section = _section(qtbot, clock)
    view, proxy = section.view, section.chain.view_model
    view.setColumnWidth(Column.NAME, 900)
    index = proxy.index(_row_of(section, LONG), Column.NAME)
    option = QStyleOptionViewItem()
    option.widget = view
    option.rect = view.visualRect(index)
    assert view.itemDelegate().elided_text(QStyleOptionViewItem(option), index) is None
