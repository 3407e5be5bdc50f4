"""End to end: a real token service on 127.0.0.1, the window generates a token through the wizard, the
secret from the clipboard works against alerts/, the row turns Active after sync, revoking in the window
makes the same call fail with 401 (the status turning Inactive as time passes is in
test_token_model/test_token_proxies); then no QSettings file, log record or cache byte holds the secret."""

from __future__ import annotations

import gc
import logging
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard

from desktop_app.core.roles import Privileges
from desktop_app.core.secrets import parse_secret
from desktop_app.core.tokens import TokenKind, TokenStatus
from desktop_app.ui import revoke_dialog
from desktop_app.ui.columns import Column, TokenRole

from .conftest import client_for

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

Next = QWizard.WizardButton.NextButton
Commit = QWizard.WizardButton.CommitButton
Finish = QWizard.WizardButton.FinishButton


def row_of(section, token_id):
    model = section.chain.view_model
    for r in range(model.rowCount()):
        if model.data(model.index(r, 0), TokenRole.ID) == token_id:
            return r
    return None


def test_generate_copy_use_watch_and_revoke(qtbot, service, make_window, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    client, session = client_for(service, "alice")
    window = make_window(service)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignals([window.controller.synced, window.controller.policy_changed], timeout=10000):
        window.controller.set_session(session, client)
    section = window.section(TokenKind.API)

    # Ctrl+N → the wizard for API tokens; name, read + write, generate.
    window.activateWindow()
    qtbot.keyClick(section.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = window._wizard
    assert wizard is not None and wizard.isVisible()
    qtbot.keyClicks(wizard.name_page.name_edit, "e2e nightly export")
    wizard.button(Next).click()
    wizard.privileges_page.buttons[Privileges.READ_WRITE].click()
    wizard.button(Next).click()
    wizard.lifetime_page.presets[30].click()  # the tenant policy is known: a lifetime within it
    wizard.button(Next).click()
    with qtbot.waitSignal(window.controller.synced, timeout=10000):  # token_generated → a sync
        with qtbot.waitSignal(wizard.token_generated, timeout=10000) as generated:
            wizard.button(Commit).click()
    token = generated.args[0]
    assert token.expires_at == service.clock() + timedelta(days=30)
    qtbot.waitUntil(lambda w=wizard: w.currentPage() is w.secret_page)
    wizard.secret_page.copy_button.click()
    secret = QGuiApplication.clipboard().text()
    assert parse_secret(secret).kind is TokenKind.API
    r = row_of(section, token.id)
    assert r is not None
    assert section.chain.view_model.data(section.chain.view_model.index(r, Column.STATUS)) == "Generated"

    # A script uses the secret: 200; after a sync the row is Active.
    alerts_url = f"{session.tenant_api_url}/api/v1/alerts/"
    assert httpx.get(alerts_url, headers={"Authorization": f"Token {secret}"}).status_code == 200
    model = section.model
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.refresh_action.trigger()  # F5 (the window-modal wizard has the keyboard now)
    assert model.status_at(model.row_of(token.id)) is TokenStatus.ACTIVE
    assert section.status_boxes[TokenStatus.ACTIVE].text() == "&Active (1)"

    # Done closes the wizard and clears the clipboard (it still held the secret).
    wizard.button(Finish).click()
    qtbot.waitUntil(lambda: window._wizard is None)
    assert QGuiApplication.clipboard().text() == ""

    # Revoke in the window: the row leaves once the service confirms; the secret now gets 401.
    monkeypatch.setattr(
        revoke_dialog, "confirm_revoke", lambda parent, tokens: tokens.names == ["e2e nightly export"]
    )
    section.view.selectRow(row_of(section, token.id))
    with qtbot.waitSignal(window.controller.revoked, timeout=10000):
        qtbot.mouseClick(section.revoke_button, Qt.MouseButton.LeftButton)
    assert row_of(section, token.id) is None
    assert httpx.get(alerts_url, headers={"Authorization": f"Token {secret}"}).status_code == 401
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.sync_now()

    # The canary: the secret is in no QSettings file, no log record, no byte of the cache.
    window.close()  # saves the window state to QSettings
    cache_path = Path(window.controller.cache.path)
    settings_file = Path(QSettings("token-desk", "desktop-app").fileName())
    assert settings_file.is_file()
    scanned = [settings_file, *Path(settings_file).parent.rglob("*")]
    scanned += list(cache_path.parent.glob(cache_path.name + "*"))
    needle = secret.encode()
    for path in scanned:
        if path.is_file():
            assert needle not in path.read_bytes(), path
    assert caplog.records, "the flow logged something"
    for record in caplog.records:
        assert secret not in record.getMessage()
        assert secret not in (record.exc_text or "")
    del wizard, generated
    gc.collect()
    client.close()
