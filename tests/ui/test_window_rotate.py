"""Rotate… and End grace now in the window: enabled for one selected token (End grace now only while
that token's grace period runs, re-checked as time passes), disabled otherwise."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel

from desktop_app.core.roles import Privileges
from desktop_app.core.tokens import TokenKind
from desktop_app.ui import window_rotate
from desktop_app.ui.columns import TokenRole

from .conftest import client_for

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def select(section, *token_ids):
    """Select exactly the rows of `token_ids` in the section's table, as a click (and Ctrl+click) would."""
    view, proxy = section.view, section.chain.view_model
    view.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for token_id in token_ids:
        r = next(
            r for r in range(proxy.rowCount()) if proxy.data(proxy.index(r, 0), TokenRole.ID) == token_id
        )
        view.selectionModel().select(proxy.index(r, 0), flags)


def test_actions_follow_the_selection_and_the_grace_period(qtbot, service, make_window):
    client, session = client_for(service, "alice")
    rotated = client.generate_token("rotated", Privileges.READ).token
    plain = client.generate_token("plain", Privileges.READ).token
    client.rotate(rotated.id, 1)
    window = make_window(service)
    assert not window.rotate_action.isEnabled() and not window.end_grace_action.isEnabled()  # signed out
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    section = window.section(TokenKind.API)

    select(section, rotated.id)
    assert window_rotate.selected_token_id(window) == rotated.id
    assert window.rotate_action.isEnabled() and window.end_grace_action.isEnabled()
    select(section, plain.id)
    assert window.rotate_action.isEnabled() and not window.end_grace_action.isEnabled()
    select(section, plain.id, rotated.id)
    assert window_rotate.selected_token_id(window) is None
    assert not window.rotate_action.isEnabled() and not window.end_grace_action.isEnabled()

    select(section, rotated.id)
    assert window.end_grace_action.isEnabled()
    service.clock.advance(hours=1)  # the grace period runs out, with no event
    tokens_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tokens")
    assert window.rotate_action in tokens_menu.actions()
    tokens_menu.aboutToShow.emit()  # opening the menu looks again
    assert window.rotate_action.isEnabled() and not window.end_grace_action.isEnabled()
    client.close()
