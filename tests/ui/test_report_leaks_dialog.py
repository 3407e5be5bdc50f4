"""Tokens → Report leaked secrets… against the real service: a batch with a live, an unknown and a
malformed secret → "Received 3, ignored 1", the live token then answers 401 and leaves the table;
allowed while signed out; the pasted text is not kept."""

from __future__ import annotations

import httpx
import pytest

from desktop_app.client.api import TokenServiceClient
from desktop_app.core.roles import Privileges, Role
from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind
from desktop_app.ui.report_leaks_dialog import report_all, secret_lines
from desktop_app.ui.session_connect import RemoteConnection

from .conftest import TENANT
from .test_identify_dialog import clients, signed_in_window  # noqa: F401 - the fixture

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def send(qtbot, dialog) -> None:
    dialog.send_button.click()
    qtbot.waitUntil(lambda: not dialog._busy, timeout=10000)


def test_a_reported_secret_stops_working_and_leaves_the_table(qtbot, service, make_window, clients):  # noqa: F811
    window, client = signed_in_window(qtbot, service, make_window, "olga", Role.SECURITY_OPERATOR, clients)
    leaked = client.generate_token("pasted in a wiki", Privileges.READ)
    kept = client.generate_token("still fine", Privileges.READ)
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.sync_now()
    section = window.section(TokenKind.API)
    assert section.model.row_of(leaked.token.id) is not None

    dialog = window.hygiene.open_report()
    assert dialog is not None
    dialog.secrets_edit.setPlainText(f"{leaked.secret}\n\n  {new_secret(TokenKind.API)}  \nnot-a-secret\n")
    dialog.url_field.setText("https://wiki.example/page/7")
    with qtbot.waitSignal(window.controller.synced, timeout=10000):  # the report is followed by a sync
        send(qtbot, dialog)
    assert dialog.result_label.text() == "Received 3, ignored 1 (malformed)."
    assert dialog.secrets_edit.toPlainText() == ""  # sent: forgotten
    alerts = f"{service.tenant_url(TENANT)}/alerts/"
    assert httpx.get(alerts, headers={"Authorization": f"Token {leaked.secret}"}).status_code == 401
    assert httpx.get(alerts, headers={"Authorization": f"Token {kept.secret}"}).status_code == 200
    assert section.model.row_of(leaked.token.id) is None
    assert section.model.row_of(kept.token.id) is not None
    dialog.close()


def test_reporting_needs_no_sign_in(qtbot, service, make_window, clients):  # noqa: F811
    owner, _session = signed_in_window(qtbot, service, make_window, "alice", Role.GLOBAL_ADMIN, clients)
    leaked = clients[0].generate_token("found by a scanner", Privileges.READ)
    connection = RemoteConnection(
        lambda url, token: TokenServiceClient(url, TENANT, session_token=token), lambda user: None, print
    )
    window = make_window(service, username="", connection=connection)
    assert window.controller.session is None
    assert window.hygiene.report_action.isEnabled()
    assert not window.hygiene.identify_action.isVisible()
    dialog = window.hygiene.open_report()
    dialog.secrets_edit.setPlainText(leaked.secret)
    send(qtbot, dialog)
    assert dialog.result_label.text() == "Received 1, ignored 0 (malformed)."
    alerts = f"{service.tenant_url(TENANT)}/alerts/"
    assert httpx.get(alerts, headers={"Authorization": f"Token {leaked.secret}"}).status_code == 401
    dialog.close()


def test_a_window_over_a_cache_alone_offers_no_report(make_window):
    window = make_window(None, username="alice")
    assert not window.hygiene.report_action.isEnabled()
    assert window.hygiene.open_report() is None


def test_lines_are_trimmed_and_sent_in_batches_of_a_hundred():
    assert secret_lines(" a \n\n b\r\nc ") == ["a", "b", "c"]
    calls = []

    def report(secrets, url):
        calls.append((len(secrets), url))
        return len(secrets), 1

    assert report_all(report, [f"s{i}" for i in range(250)], "u") == (250, 3)
    assert calls == [(100, "u"), (100, "u"), (50, "u")]


def test_after_the_dialog_closes_no_object_holds_the_pasted_secrets(
    qtbot,
    service,
    make_window,
    clients,  # noqa: F811
):
    import gc
    import hashlib
    import re

    from PySide6.QtGui import QGuiApplication

    from .test_generate_wizard import _containers_holding

    window, client = signed_in_window(qtbot, service, make_window, clients=clients)
    generated = client.generate_token("pasted in a report", Privileges.READ)
    digest = hashlib.sha256(generated.secret.encode()).hexdigest()
    QGuiApplication.clipboard().setText(generated.secret + "\n")
    del generated

    def is_the_secret(text: str) -> bool:
        return "tdk_" in text and any(
            hashlib.sha256(found.encode()).hexdigest() == digest
            for found in re.findall(r"tdk_[A-Za-z0-9_]+", text)
        )

    assert is_the_secret(QGuiApplication.clipboard().text())
    dialog = window.hygiene.open_report()
    dialog.secrets_edit.setFocus()
    dialog.secrets_edit.paste()
    QGuiApplication.clipboard().clear()
    send(qtbot, dialog)
    assert dialog.result_label.text() == "Received 1, ignored 0 (malformed)."
    dialog.close()
    del dialog
    window.controller.runner.wait_for_done(10000)
    qtbot.waitUntil(lambda: window.hygiene.report_dialog is None)
    QGuiApplication.processEvents()
    gc.collect()
    leftovers = _containers_holding(is_the_secret)
    assert leftovers == [], [type(o) for o in leftovers]
