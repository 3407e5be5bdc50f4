"""The details pane against a real token service on 127.0.0.1: a selected token's fields and usage
(after real calls from 127.0.0.2), offline, the stale-answer guard, revoke, the View menu and the
remembered dock size, the description saved through the service's PATCH route."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from desktop_app.client.api import TokenServiceClient
from desktop_app.core.roles import Privileges
from desktop_app.core.token_fields import FIELD_INDEX
from desktop_app.core.tokens import TokenKind
from desktop_app.ui import revoke_dialog, window_state
from desktop_app.ui.columns import Column
from desktop_app.ui.main_window import MainWindow

from .conftest import TENANT, client_for

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def own_settings(tmp_path, monkeypatch):
    """The window's QSettings in a file of this test's own."""
    path = str(tmp_path / "settings.ini")
    monkeypatch.setattr(window_state, "settings", lambda: QSettings(path, QSettings.Format.IniFormat))


@pytest.fixture
def admin(service):
    client, session = client_for(service, "alice")
    yield client, session
    client.close()


def use_from(service, secret: str, address: str, agent: str, times: int) -> None:
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(transport=transport, headers={"User-Agent": agent}, timeout=10) as http:
        for _ in range(times):
            answer = http.get(
                f"{service.url}/t/{TENANT}/api/v1/alerts/", headers={"Authorization": f"Token {secret}"}
            )
            assert answer.status_code == 200


@pytest.fixture
def make_window(qtbot, shown, session_store):
    """A session controller and its window without a local cache: the tables get the service's rows
    as a sync hands them over (`tokens_changed`), so this test stays on the pane's own path."""
    from desktop_app.ui.errors import ErrorChannel
    from desktop_app.ui.session_controller import SessionController

    windows = []

    def build(server):
        controller = SessionController(
            None,
            service_url=server.url,
            tenant=TENANT,
            username="alice",
            error_channel=ErrorChannel(),
            session_store=session_store,
            clock=server.clock,
            sync_interval_s=3600,
        )
        window = MainWindow(controller)
        controller.setParent(window)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield build
    for window in windows:
        window.controller.runner.wait_for_done(10000)


def signed_in_window(qtbot, service, admin, make_window):
    client, session = admin
    window = make_window(service)
    window.show()
    window.controller.set_session(session, client)
    window.controller.tokens_changed.emit(client.list_token_rows().rows, [])
    return window


def select(qtbot, window, name: str):
    """Select the API token named `name`; → the details the pane was sent."""
    section = window.section(TokenKind.API)
    model = section.chain.view_model

    def names() -> list[str]:
        return [model.data(model.index(r, Column.NAME)) for r in range(model.rowCount())]

    qtbot.waitUntil(lambda: name in names())
    row = names().index(name)
    with qtbot.waitSignal(window.controller.details_loaded, timeout=10000) as loaded:
        section.view.selectRow(row)
    return loaded.args[0]


def test_the_pane_shows_the_selected_tokens_details_and_usage(qtbot, service, admin, make_window):
    client, _ = admin
    made = client.generate_token("nightly export", Privileges.READ)
    client.generate_token("grafana", Privileges.READ_WRITE)
    use_from(service, made.secret, "127.0.0.2", "exporter/2.4", 3)
    service.clock.advance(timedelta(minutes=2))
    use_from(service, made.secret, "127.0.0.3", "curl/8.5", 1)
    window = signed_in_window(qtbot, service, admin, make_window)
    pane = window.details_pane
    assert pane.isVisible() and pane.placeholder.isVisible()
    details = select(qtbot, window, "nightly export")
    assert details.token.id == made.token.id
    assert pane.token_id == made.token.id
    assert pane.fields["name"].text() == "nightly export"
    assert pane.fields["owner"].text() == "alice"
    assert pane.fields["privileges"].text() == "Read"
    assert pane.fields["status"].text() == "Active"
    expires = made.token.expires_at  # the tenant policy's default for API tokens: 90 days
    assert pane.fields["expires"].text() == f"{expires.astimezone():%Y-%m-%d %H:%M} (in 2 months)"
    assert pane.fields["last_used"].text().endswith("(just now)")
    assert [row[:2] for row in pane.address_rows()] == [
        ("127.0.0.3", "curl/8.5"),
        ("127.0.0.2", "exporter/2.4"),
    ]
    assert pane.chart.counts()[-1] == 4 and sum(pane.chart.counts()) == 4
    assert pane.chart.days()[-1] == service.clock().date()
    assert not pane.end_grace_button.isVisible()  # no rotation: no grace period
    assert pane.rotate_button.isEnabled() and pane.revoke_button.isEnabled()
    # Several selected: no details.
    section = window.section(TokenKind.API)
    section.view.selectAll()
    qtbot.waitUntil(lambda: pane.token_id is None)
    assert pane.placeholder.isVisible()


def test_offline_the_pane_keeps_the_cached_fields_and_says_usage_is_unavailable(
    qtbot, service, admin, make_window
):
    client, _ = admin
    client.generate_token("backup", Privileges.READ)
    window = signed_in_window(qtbot, service, admin, make_window)
    dead = TokenServiceClient("http://127.0.0.1:9", TENANT, session_token=client.session_token, timeout=2)
    window.controller.client = dead  # the service is gone from here on
    section = window.section(TokenKind.API)
    with qtbot.waitSignal(window.controller.details_failed, timeout=10000) as failed:
        section.view.selectRow(0)
    assert failed.args[2] is True  # unreachable
    pane = window.details_pane
    assert pane.fields["name"].text() == "backup"
    assert pane.usage_note.text().startswith("Usage is unavailable.")
    assert pane.address_rows() == [] and not pane.chart._available
    dead.close()


def test_an_answer_for_a_token_no_longer_selected_is_dropped(qtbot, service, admin, make_window):
    client, _ = admin
    first = client.generate_token("first", Privileges.READ)
    second = client.generate_token("second", Privileges.READ)
    window = signed_in_window(qtbot, service, admin, make_window)
    c = window.controller
    qtbot.waitUntil(lambda: not window.details_pane.wiring._settle.isActive())  # the window settled
    answers: list[str] = []
    c.details_loaded.connect(lambda details: answers.append(details.token.id))
    c.load_details(first.token.id)
    c.load_details(second.token.id)  # the selection moved on while the first call runs
    qtbot.waitUntil(lambda: answers == [second.token.id], timeout=10000)
    qtbot.waitUntil(lambda: not c.details_loader.running)
    assert answers == [second.token.id]


def test_the_description_is_edited_in_place(qtbot, service, admin, make_window):
    client, _ = admin
    made = client.generate_token("deploy", Privileges.READ)
    window = signed_in_window(qtbot, service, admin, make_window)
    select(qtbot, window, "deploy")
    pane = window.details_pane
    assert pane.description.toPlainText() == "" and not pane.save_button.isEnabled()
    pane.description.setPlainText("Nightly deploy from the CI runner")
    assert pane.save_button.isEnabled()
    with qtbot.waitSignal(window.controller.described, timeout=10000):
        qtbot.mouseClick(pane.save_button, Qt.MouseButton.LeftButton)
    assert client.get_token(made.token.id).description == "Nightly deploy from the CI runner"  # the service
    assert not pane.save_button.isEnabled()  # saved: nothing to save
    model = window.section(TokenKind.API).model
    row = model.row_of(made.token.id)
    assert model.row_tuple(row)[FIELD_INDEX["description"]] == "Nightly deploy from the CI runner"
    pane.description.setPlainText("line one\u2028line two")  # a line separator: refused by the service
    with qtbot.waitSignal(window.controller.describe_failed, timeout=10000):
        pane.save_button.click()
    assert "control or invisible characters" in pane.description_problem.text()
    assert client.get_token(made.token.id).description == "Nightly deploy from the CI runner"  # kept
    pane.description.setPlainText("x" * 501)
    assert not pane.save_button.isEnabled() and "500" in pane.description_problem.text()


def test_revoke_from_the_pane_takes_the_tables_path(qtbot, service, admin, make_window, monkeypatch):
    client, _ = admin
    made = client.generate_token("old script", Privileges.READ)
    window = signed_in_window(qtbot, service, admin, make_window)
    select(qtbot, window, "old script")
    asked: list[list[str]] = []
    monkeypatch.setattr(
        revoke_dialog, "confirm_revoke", lambda parent, tokens: asked.append(tokens.names) or True
    )
    with qtbot.waitSignal(window.controller.revoked, timeout=10000) as revoked:
        window.details_pane.revoke_button.click()
    assert asked == [["old script"]] and revoked.args[0] == [made.token.id]
    assert client.list_tokens().items == []


def test_rotate_and_end_grace_leave_as_signals(qtbot, service, admin, make_window):
    client, _ = admin
    made = client.generate_token("rotating", Privileges.READ)
    window = signed_in_window(qtbot, service, admin, make_window)
    select(qtbot, window, "rotating")
    with qtbot.waitSignal(window.details_pane.rotate_requested) as rotate:
        window.details_pane.rotate_button.click()
    assert rotate.args == [made.token.id]


def test_the_view_menu_toggles_the_pane_and_its_size_is_remembered(qtbot, service, admin, make_window):
    window = signed_in_window(qtbot, service, admin, make_window)
    pane = window.details_pane
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    toggle = next(a for a in view_menu.actions() if a.text() == "&Details pane")
    assert [a.text() for a in window.menuBar().actions()][-1] == "&Help"
    toggle.trigger()
    assert not pane.isVisible()
    toggle.trigger()
    assert pane.isVisible()
    default = pane.width()
    wanted = default - 60
    window.resizeDocks([pane], [wanted], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: pane.width() == wanted)
    window.close()
    again = make_window(service)
    # The offscreen screen is 800 × 600: the restored geometry (1200 wide) was clamped to it, which
    # leaves the dock no room beside the table; the size it had again, as on a screen that fits it.
    again.resize(window.size())
    again.show()
    # The restored window lays its docks out once its geometry is back: the width the user left.
    qtbot.waitUntil(lambda: abs(again.details_pane.width() - wanted) <= 8, timeout=10000)
    again.details_pane.toggleViewAction().trigger()  # hidden, and remembered so
    again.close()
    third = make_window(service)
    third.show()
    QApplication.processEvents()
    assert not third.details_pane.isVisible()
