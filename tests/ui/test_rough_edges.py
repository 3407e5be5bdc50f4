"""What a walk-through at scale found, one test each: empty-table texts, the window title, blocked tokens of
deprovisioned owners, status-bar elision, the search box width, the offline banner, Alt+1/2/3, the Revoke
menu item and the log level of an idle sync."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint
from PySide6.QtGui import QKeySequence

from desktop_app.core.roles import Privileges
from desktop_app.core.tokens import TokenKind
from desktop_app.sync import sync_tokens
from desktop_app.ui import revoke_dialog
from desktop_app.ui.columns import Column
from desktop_app.ui.status_bar import SessionStatusBar, elide_words
from desktop_app.ui.token_model import TokenTableModel, status_icons
from desktop_app.ui.token_section import TokenSection

from .conftest import client_for, make_rows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def alice(service):
    client, session = client_for(service, "alice")
    yield client, session
    client.close()


def placeholder(window, kind=TokenKind.API) -> str:
    section = window.section(kind)
    return section.placeholder.text() if section.placeholder.isVisibleTo(section) else ""


def test_an_empty_table_says_what_is_true(qtbot, service, alice, make_window):
    client, session = alice
    release = threading.Event()

    def held_first_sync(sync_client, cache, now):
        assert release.wait(10)
        return sync_tokens(sync_client, cache, now)

    window = make_window(service, sync=held_first_sync)
    window.show()
    assert placeholder(window).startswith("Not signed in: no API tokens to show.")
    window.controller.set_session(session, client)
    assert placeholder(window) == "Loading API tokens from the token service…"  # not "none yet"
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        release.set()
    assert placeholder(window) == "No API tokens yet.\nPress Ctrl+N to generate one."
    token = client.generate_token("only one", Privileges.READ).token
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.sync_now()
    assert placeholder(window) == ""
    with qtbot.waitSignal(window.controller.revoked, timeout=10000):
        window.controller.revoke([token.id])
    assert placeholder(window) == "No API tokens left: all were revoked.\nPress Ctrl+N to generate one."
    with qtbot.waitSignal(window.controller.signed_out, timeout=10000):
        window.sign_out()
    assert placeholder(window).startswith("Not signed in")


def test_the_window_title_names_the_user_only_while_signed_in(qtbot, service, alice, make_window):
    client, session = alice
    window = make_window(service, username="")
    assert window.windowTitle() == "acme (not signed in)"  # not "acme ()"
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    assert window.windowTitle() == "acme (alice)"
    with qtbot.waitSignal(window.controller.signed_out, timeout=10000):
        window.sign_out()
    assert window.windowTitle() == "acme (not signed in)"  # not "acme (alice)"


def test_a_deprovisioned_owners_token_shows_blocked_with_its_last_use(qtbot, clock):
    now = clock().timestamp()
    rows = [row for row in make_rows(200) if row[4] and row[7] is not None and now - row[7] < 86400 * 6]
    model = TokenTableModel(rows[:1], clock=clock, warm_up=False)
    status = model.index(0, Column.STATUS)
    assert model.data(status) == "Blocked"  # was a green "Active"
    assert "deprovisioned" in model.data(status, 3).lower()  # the tooltip says why
    icon = model.data(status, 1)
    assert icon.cacheKey() == status_icons()["deprovisioned"].cacheKey()
    assert model.data(model.index(0, Column.LAST_USED)) not in ("", None, "Never")


def test_a_long_status_message_is_cut_at_a_word_with_an_ellipsis(qtbot):
    assert elide_words("short", len, 10) == "short"
    assert (
        elide_words("Revoked 3,000 of 80,000 tokens; the other 77,000 were not", len, 24)
        == "Revoked 3,000 of 80,000…"
    )
    bar = SessionStatusBar()
    qtbot.addWidget(bar)
    bar.resize(500, 30)
    bar.show()
    text = "The token service stopped answering: " + "and the tokens still work " * 20
    bar.showMessage(text)
    shown = bar.currentMessage()
    assert shown.endswith("…") and len(shown) < len(text)
    assert text.startswith(shown[:-1]) and text[len(shown) - 1] == " "  # cut where a word ends
    assert bar.toolTip() == text


def test_the_search_box_keeps_its_width_when_the_counts_grow(qtbot, clock):
    model = TokenTableModel(make_rows(3), clock=clock, warm_up=False)
    section = TokenSection(TokenKind.API, model)
    qtbot.addWidget(section)
    section.resize(1000, 500)
    section.show()
    qtbot.waitExposed(section)
    width = section.search_field.width()
    model.apply_changes(make_rows(120_000, seed=3), [])
    qtbot.waitUntil(lambda: "(" in section.status_boxes[next(iter(section.status_boxes))].text())
    section.layout().activate()
    assert model.token_count() > 100_000
    assert section.search_field.width() == width


def test_the_offline_banner_does_not_move_the_table(qtbot, service, alice, make_window):
    client, session = alice
    window = make_window(service)
    window.resize(1100, 700)
    window.show()
    qtbot.waitExposed(window)
    section = window.section(TokenKind.API)
    top = section.view.mapTo(window, QPoint(0, 0))
    window._show_offline("connection refused")
    assert window.banner.isVisible()
    assert section.view.mapTo(window, QPoint(0, 0)) == top and section.view.height() > 0
    banner = window.banner.geometry()
    button = section.revoke_button.geometry()
    button.moveTopLeft(section.revoke_button.mapTo(window.tabs, QPoint(0, 0)))
    assert not banner.intersects(button)  # floats over the table, not over its buttons
    window.banner.hide()
    assert section.view.mapTo(window, QPoint(0, 0)) == top


def test_alt_1_2_3_always_focus_the_sections_table(qtbot, service, make_window):
    window = make_window(service)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    actions = window.findChildren(type(window.revoke_action))
    by_key = {action.shortcut().toString(): action for action in actions}
    for number, kind in (
        (2, TokenKind.SIEM_AGENT),
        (3, TokenKind.LOG_COLLECTOR),
        (1, TokenKind.API),
        (3, TokenKind.LOG_COLLECTOR),
    ):
        window.section(TokenKind.API).search_field.setFocus()
        by_key[f"Alt+{number}"].trigger()
        assert window.current_section() is window.section(kind)
        qtbot.waitUntil(lambda kind=kind: window.section(kind).view.hasFocus())


def test_the_revoke_menu_item_shows_delete_and_needs_a_selection(
    qtbot, service, alice, make_window, monkeypatch
):
    client, session = alice
    client.generate_token("one", Privileges.READ)
    window = make_window(service)
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    action = window.revoke_action
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.Delete)
    assert not action.isEnabled()
    section = window.section(TokenKind.API)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    section.view.selectionModel().select(section.chain.view_model.index(0, 0), flags)
    assert action.isEnabled()
    window.tabs.setCurrentWidget(window.section(TokenKind.SIEM_AGENT))
    assert not action.isEnabled()  # nothing selected in that section
    window.tabs.setCurrentWidget(section)
    asked = []
    monkeypatch.setattr(revoke_dialog, "confirm_revoke", lambda parent, tokens: asked.append(tokens.names))
    action.trigger()
    assert asked == [["one"]]


def test_an_idle_sync_logs_at_debug_and_a_change_at_info(qtbot, service, alice, make_window, caplog):
    client, session = alice
    window = make_window(service)
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    caplog.set_level(logging.DEBUG, logger="desktop_app")
    caplog.clear()
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.sync_now()
    assert [r.levelno for r in caplog.records if r.getMessage().startswith("synced:")] == [logging.DEBUG]
    client.generate_token("new", Privileges.READ)
    caplog.clear()
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.sync_now()
    assert [r.levelno for r in caplog.records if r.getMessage().startswith("synced:")] == [logging.INFO]
