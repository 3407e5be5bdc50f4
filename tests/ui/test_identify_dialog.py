"""Tokens → Identify a secret… against the real service: the token found and revoked (its secret then
answers 401), shown in its table, the not-found text, the menu only for full admins, and no live Python
object holding the pasted secret once the dialog has closed (weakref + gc scan, as for the wizard)."""

from __future__ import annotations

import gc
import hashlib
import re
import weakref

import httpx
import pytest
from PySide6.QtGui import QGuiApplication

from desktop_app.core.roles import Privileges, Role
from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind
from desktop_app.ui import revoke_dialog

from .hygiene_client import hygiene_client_for
from .test_generate_wizard import _containers_holding

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

_SECRET_IN = re.compile(r"tdk_[A-Za-z0-9_]+")


@pytest.fixture
def clients():
    """The clients a test opened, closed at its end (an unclosed one warns when collected)."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.main_window import MainWindow

    opened = []
    yield opened
    for widget in QApplication.topLevelWidgets():  # no call of theirs still in flight
        if isinstance(widget, MainWindow):
            widget.controller.runner.wait_for_done(10000)
    for client in opened:
        client.close()


def signed_in_window(qtbot, service, make_window, username="alice", role=Role.GLOBAL_ADMIN, clients=None):
    client, session = hygiene_client_for(service, username, role=role)
    if clients is not None:
        clients.append(client)
    window = make_window(service, username=username)
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    return window, client


def paste(dialog, secret: str) -> None:
    """Into the field from the clipboard, as a person pastes; the clipboard is emptied after."""
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(secret)
    dialog.secret_field.setFocus()
    dialog.secret_field.paste()
    clipboard.clear()


def identify(qtbot, dialog) -> None:
    dialog.identify_button.click()
    qtbot.waitUntil(lambda: not dialog._busy, timeout=10000)


def test_identify_finds_the_token_and_revokes_it(qtbot, service, make_window, monkeypatch, clients):
    window, client = signed_in_window(qtbot, service, make_window, clients=clients)
    generated = client.generate_token("leaky exporter", Privileges.READ)
    secret = generated.secret
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.sync_now()
    dialog = window.hygiene.open_identify()
    assert dialog is not None and dialog.secret_field.echoMode() == dialog.secret_field.EchoMode.Password
    assert not dialog.secret_field.acceptDrops()
    paste(dialog, secret)
    identify(qtbot, dialog)
    assert dialog.token is not None and dialog.token.id == generated.token.id
    assert dialog.fields["name"].text() == "leaky exporter"
    assert dialog.fields["owner"].text() == "alice"
    assert dialog.fields["kind"].text() == "API token"
    assert dialog.fields["status"].text() == "Generated"
    assert dialog.secret_field.text() == ""  # found: the field forgets it at once
    assert dialog.revoke_button.isVisible() and dialog.show_button.isVisible()

    # Show in table: the API section, its row selected.
    window.tabs.setCurrentWidget(window.section(TokenKind.SIEM_AGENT))
    dialog.show_button.click()
    section = window.section(TokenKind.API)
    assert window.current_section() is section
    assert section.selected_tokens().ids == [generated.token.id]

    # Revoke: the existing path (confirmation, chunked revoke); the secret then answers 401.
    asked = []
    monkeypatch.setattr(revoke_dialog, "confirm_revoke", lambda parent, tokens: asked.append(tokens) or True)
    with qtbot.waitSignal(window.controller.revoked, timeout=10000) as revoked:
        dialog.revoke_button.click()
    assert revoked.args[0] == [generated.token.id]
    assert asked[0].names == ["leaky exporter"]
    assert dialog.fields["status"].text() == "Revoked"
    alerts = f"{service.tenant_url('acme')}/alerts/"
    assert httpx.get(alerts, headers={"Authorization": f"Token {secret}"}).status_code == 401
    dialog.close()


def test_an_unknown_secret_says_so(qtbot, service, make_window, clients):
    window, _client = signed_in_window(qtbot, service, make_window, clients=clients)
    dialog = window.hygiene.open_identify()
    paste(dialog, new_secret(TokenKind.API))  # well-formed, checksum fine, no token has it
    identify(qtbot, dialog)
    assert dialog.token is None
    assert dialog.result_label.text() == "No live token has this secret."
    assert not dialog.revoke_button.isVisible()
    paste_malformed = "tdk_api_nonsense"
    dialog.secret_field.setText(paste_malformed)
    identify(qtbot, dialog)
    assert dialog.problem.isVisible() and dialog.problem.text()
    assert paste_malformed not in dialog.problem.text() and "tdk_" not in dialog.problem.text()
    dialog.close()


def test_the_menu_entry_is_for_full_admins_only(qtbot, service, make_window, clients):
    window, _client = signed_in_window(qtbot, service, make_window, "olga", Role.SECURITY_OPERATOR, clients)
    action = window.hygiene.identify_action
    assert action in window.tokens_menu.actions()
    assert not action.isVisible() and not action.isEnabled()
    assert not window.hygiene.audit_action.isVisible()
    assert window.hygiene.open_identify() is None
    assert window.hygiene.report_action.isEnabled()  # reporting needs no role

    admin, _client = signed_in_window(qtbot, service, make_window, "sally", Role.SECURITY_ADMIN, clients)
    assert admin.hygiene.identify_action.isVisible() and admin.hygiene.identify_action.isEnabled()


def test_after_the_dialog_closes_no_object_holds_the_pasted_secret(qtbot, service, make_window, clients):
    window, client = signed_in_window(qtbot, service, make_window, clients=clients)
    generated = client.generate_token("pasted once", Privileges.READ)
    digest = hashlib.sha256(generated.secret.encode()).hexdigest()
    QGuiApplication.clipboard().setText(generated.secret)
    del generated  # from here on only the clipboard (then the dialog's field) has the secret

    def is_the_secret(text: str) -> bool:
        return "tdk_" in text and any(
            hashlib.sha256(found.encode()).hexdigest() == digest for found in _SECRET_IN.findall(text)
        )

    # Positive control: the scan finds a container that holds it.
    holder = [QGuiApplication.clipboard().text()]
    found = {id(obj) for obj in _containers_holding(is_the_secret)}
    assert id(holder) in found
    del holder, found

    dialog = window.hygiene.open_identify()
    dialog.secret_field.setFocus()
    dialog.secret_field.paste()
    QGuiApplication.clipboard().clear()
    dialog.show_box.setChecked(True)  # shown, then hidden again: nothing kept by the toggle
    identify(qtbot, dialog)
    assert dialog.token is not None and dialog.token.name == "pasted once"
    gone = weakref.ref(dialog)
    dialog.close()
    del dialog
    qtbot.waitUntil(lambda: gone() is None or not gone().isVisible())
    window.controller.runner.wait_for_done(10000)
    qtbot.wait_until(lambda: window.hygiene.identify_dialog is None)
    QGuiApplication.processEvents()
    leftovers = _containers_holding(is_the_secret)
    assert leftovers == [], [type(o) for o in leftovers]
    if gone() is not None:
        assert gone().secret_field.text() == ""
    gc.collect()
