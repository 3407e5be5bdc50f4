"""A big, scattered selection survives layout changes (a sync's scattered removals, a status change)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QItemSelection, QItemSelectionModel

from desktop_app.core.token_fields import TOKEN_FIELDS
from desktop_app.core.tokens import TokenKind
from desktop_app.ui.columns import Column
from desktop_app.ui.token_model import TokenTableModel
from desktop_app.ui.token_section import TokenSection

from .conftest import make_rows


def _scattered_selection(qtbot, clock, count: int) -> tuple[TokenSection, TokenTableModel, set[str]]:
    rows = [row + tuple(f.default for f in TOKEN_FIELDS[len(row) :]) for row in make_rows(count)]
    model = TokenTableModel(rows, clock=clock, kind=TokenKind.API)
    section = TokenSection(TokenKind.API, model)
    qtbot.addWidget(section)
    section.set_signed_in(True)
    chain, view = section.chain, section.view
    chain.sort_by(Column.NAME)
    top = chain.view_model.rowCount() * 8 // 10
    selection = QItemSelection(chain.view_model.index(0, 0), chain.view_model.index(top, 0))
    view.selectionModel().select(
        selection, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    )
    chain.sort_by(Column.GENERATED)  # the same rows, now scattered over thousands of ranges
    assert len(view.selectionModel().selection()) > 500
    return section, model, set(model.table.ids(section.selected_rows()))


def test_a_scattered_removal_keeps_the_rest_of_a_big_selection(qtbot, clock):
    section, model, selected = _scattered_selection(qtbot, clock, 6000)
    removed = [model.id_at(row) for row in range(0, model.token_count(), 7)]
    model.apply_changes([], removed)
    assert set(model.table.ids(section.selected_rows())) == selected - set(removed)
    assert section.can_revoke()


def test_a_status_change_keeps_a_big_selection(qtbot, clock):
    section, model, selected = _scattered_selection(qtbot, clock, 6000)
    section.chain.set_statuses(["active", "inactive"])
    selected &= set(model.table.ids(section.chain.view_model.base_rows()))
    clock.advance(timedelta(days=3))  # some Active tokens turn Inactive: the status proxy relayouts
    model.refresh_status()
    shown = set(model.table.ids(section.chain.view_model.base_rows()))
    assert set(model.table.ids(section.selected_rows())) == selected & shown
