"""The rotate dialog: the grace period asked, the call in the background, the new secret handed over
exactly as the generate wizard's (the same page: clipboard once with the hints, countdown, cleared on
close), no secret left behind after it closes; and end to end through the window against a real service
(Rotate…, both secrets working, End grace now)."""

from __future__ import annotations

import gc
import hashlib
import weakref
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard

from desktop_app.client.errors import NotFound
from desktop_app.core.roles import Privileges
from desktop_app.core.secrets import new_secret, parse_secret
from desktop_app.core.tokens import TokenInfo, TokenKind
from desktop_app.ui.background import BackgroundRunner
from desktop_app.ui.errors import ErrorChannel
from desktop_app.ui.rotate_dialog import RotateDialog
from desktop_app.ui.secret_clipboard import SecretClipboard, platform_hints

from .conftest import client_for
from .test_generate_wizard import _containers_holding

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
TENANT_URL = "https://tokens.example/t/acme"
Commit = QWizard.WizardButton.CommitButton
Finish = QWizard.WizardButton.FinishButton


class Rotated:
    """Shaped like client.models.RotatedToken; weakref-able so the test can see it go."""

    __slots__ = ("token", "secret", "tenant_api_url", "__weakref__")

    def __init__(self, token, secret, tenant_api_url):
        self.token, self.secret, self.tenant_api_url = token, secret, tenant_api_url


class FakeRotate:
    """A plain callable for `rotate`: records calls, keeps only a digest of the secrets it made."""

    def __init__(self, fail_with: BaseException | None = None):
        self.calls: list[tuple[str, int]] = []
        self.fail_with = fail_with
        self.digest: str | None = None
        self.length = 0
        self.results: list[weakref.ref] = []

    def __call__(self, token_id: str, grace_hours: int) -> Rotated:
        self.calls.append((token_id, grace_hours))
        if self.fail_with is not None:
            raise self.fail_with
        secret = new_secret(TokenKind.API)
        self.digest, self.length = hashlib.sha256(secret.encode()).hexdigest(), len(secret)
        until = NOW + timedelta(hours=grace_hours) if grace_hours else None
        token = TokenInfo(
            token_id,
            "nightly",
            TokenKind.API,
            "alice",
            False,
            Privileges.READ,
            NOW,
            None,
            old_secret_valid_until=until,
        )
        result = Rotated(token, secret, TENANT_URL)
        self.results.append(weakref.ref(result))
        return result

    def matches(self, text: str) -> bool:
        return len(text) == self.length and hashlib.sha256(text.encode()).hexdigest() == self.digest


@pytest.fixture
def env(qtbot, shown):
    runner = BackgroundRunner()
    board = QGuiApplication.clipboard()
    board.clear()
    clipboard = SecretClipboard(board, clear_after_s=30)
    yield runner, clipboard, ErrorChannel(None)
    runner.wait_for_done(5000)
    clipboard.clear_if_ours()
    board.clear()


@pytest.fixture
def confirmations(monkeypatch):
    asked: list[bool] = []
    answers: list[bool] = []

    def confirm(cls, parent):
        answer = answers.pop(0) if answers else False
        asked.append(answer)
        return answer

    monkeypatch.setattr(RotateDialog, "confirm_close_without_copy", classmethod(confirm))
    return asked, answers


def make_dialog(qtbot, env, rotate) -> RotateDialog:
    runner, clipboard, channel = env
    dialog = RotateDialog(runner, rotate, "tok-1", "nightly", clipboard, channel)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def rotate_with(qtbot, dialog, hours: int) -> TokenInfo:
    dialog.grace_page.hours.setValue(hours)
    with qtbot.waitSignal(dialog.token_rotated, timeout=5000) as rotated:
        dialog.button(Commit).click()
    qtbot.waitUntil(lambda: dialog.currentPage() is dialog.secret_page)
    return rotated.args[0]


def test_the_grace_period_defaults_to_24_hours_and_says_what_it_means(qtbot, env, confirmations):
    dialog = make_dialog(qtbot, env, FakeRotate())
    page = dialog.grace_page
    assert (page.hours.value(), page.hours.minimum(), page.hours.maximum()) == (24, 0, 72)
    assert "Both secrets work for 24 h" in page.meaning.text()
    page.hours.setValue(0)
    assert "stops working at once" in page.meaning.text()
    assert dialog.button(Commit).text() == "&Rotate"
    dialog.reject()
    assert confirmations[0] == []  # nothing rotated: nothing to lose


def test_rotate_hands_the_new_secret_over_once_through_the_clipboard(qtbot, env, confirmations):
    rotate = FakeRotate()
    dialog = make_dialog(qtbot, env, rotate)
    token = rotate_with(qtbot, dialog, 2)
    assert rotate.calls == [("tok-1", 2)] and token.old_secret_valid_until == NOW + timedelta(hours=2)
    page = dialog.secret_page
    assert rotate.matches(page.secret_field.text()) and page.url_field.text() == TENANT_URL
    assert "The old secret works until" in page.subTitle()
    assert "Not copied yet" in page.countdown.text()
    page.copy_button.click()
    mime = QGuiApplication.clipboard().mimeData()
    assert rotate.matches(mime.text())
    for fmt in platform_hints():
        assert fmt in mime.formats() or not fmt.startswith("x-kde")
    assert "cleared in 30 s" in page.countdown.text() and env[1].active
    dialog.button(Finish).click()
    assert confirmations[0] == []  # copied: no question
    assert not dialog.isVisible()
    assert QGuiApplication.clipboard().text() == ""  # closing clears it
    assert page.secret_field.text() == ""


def test_no_grace_says_the_old_secret_stopped(qtbot, env, confirmations):
    dialog = make_dialog(qtbot, env, FakeRotate())
    token = rotate_with(qtbot, dialog, 0)
    assert token.old_secret_valid_until is None
    assert "The old secret has stopped working." in dialog.secret_page.subTitle()
    dialog.copy_secret()
    dialog.accept()


def test_closing_before_copying_asks_first(qtbot, env, confirmations):
    asked, answers = confirmations
    dialog = make_dialog(qtbot, env, FakeRotate())
    rotate_with(qtbot, dialog, 1)
    answers.append(False)  # "Go back and copy"
    dialog.reject()
    assert asked == [False] and dialog.isVisible()
    answers.append(True)  # "Close anyway"
    dialog.close()
    assert asked == [False, True] and not dialog.isVisible()
    assert dialog.flow.handoff is None


def test_a_refused_rotation_shows_why_on_the_page(qtbot, env, confirmations):
    dialog = make_dialog(qtbot, env, FakeRotate(NotFound("There is no such token.")))
    with qtbot.waitSignal(dialog.grace_page.completeChanged, timeout=5000):
        dialog.button(Commit).click()
    qtbot.waitUntil(lambda: not dialog.flow.rotating)
    assert dialog.currentPage() is dialog.grace_page and dialog.flow.handoff is None
    assert dialog.grace_page.problem.isVisibleTo(dialog)
    dialog.reject()
    assert not dialog.isVisible()


def test_after_the_dialog_closes_no_object_holds_the_secret(qtbot, env):
    rotate = FakeRotate()
    dialog = make_dialog(qtbot, env, rotate)
    rotate_with(qtbot, dialog, 1)
    dialog.copy_secret()
    assert rotate.matches(QGuiApplication.clipboard().text())
    holder = weakref.ref(dialog.flow.handoff)
    # Positive control: while the page is open the scan finds the holder, so it can see a secret.
    assert any(obj is holder() for obj in _containers_holding(rotate.matches))

    dialog.accept()
    gc.collect()
    assert holder() is None, gc.get_referrers(holder())
    assert all(ref() is None for ref in rotate.results), "the RotatedToken is still referenced"
    assert QGuiApplication.clipboard().text() == ""
    leftovers = _containers_holding(rotate.matches)
    assert leftovers == [], [type(o) for o in leftovers]


# -- through the window, against a real service ---------------------------------------------------


def test_rotate_and_end_grace_in_the_window_against_a_live_service(qtbot, service, make_window):
    client, session = client_for(service, "alice")
    generated = client.generate_token("rotated nightly", Privileges.READ)
    window = make_window(service)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    section = window.section(TokenKind.API)
    alerts_url = f"{session.tenant_api_url}/api/v1/alerts/"

    def status_with(secret: str) -> int:
        return httpx.get(alerts_url, headers={"Authorization": f"Token {secret}"}).status_code

    assert not window.rotate_action.isEnabled()  # nothing selected
    section.view.selectRow(0)
    assert window.rotate_action.isEnabled() and not window.end_grace_action.isEnabled()

    window.rotate_action.trigger()
    dialog = window.rotate_dialog
    assert dialog is not None and dialog.isVisible()
    assert "rotated nightly" in dialog.windowTitle()
    dialog.grace_page.hours.setValue(1)
    with qtbot.waitSignal(window.controller.synced, timeout=10000):  # the answered row, then a sync
        with qtbot.waitSignal(window.controller.tokens_changed, timeout=10000):
            dialog.button(Commit).click()
    qtbot.waitUntil(lambda: dialog.currentPage() is dialog.secret_page)
    dialog.secret_page.copy_button.click()
    new = QGuiApplication.clipboard().text()
    assert parse_secret(new).kind is TokenKind.API and new != generated.secret
    # Both secrets work during the grace period; the row knows until when the old one does.
    assert status_with(new) == 200 and status_with(generated.secret) == 200
    row = section.model.row_of(generated.token.id)
    until = section.model.table.value("old_secret_valid_until", row)
    assert until == (service.clock() + timedelta(hours=1)).replace(microsecond=0).timestamp()
    assert window.end_grace_action.isEnabled()

    dialog.button(Finish).click()
    qtbot.waitUntil(lambda: window.rotate_dialog is None)
    assert QGuiApplication.clipboard().text() == ""

    with qtbot.waitSignal(window.controller.synced, timeout=10000):  # the answered row, then a sync
        with qtbot.waitSignal(window.controller.tokens_changed, timeout=10000):
            window.end_grace_action.trigger()
    assert status_with(generated.secret) == 401 and status_with(new) == 200
    row = section.model.row_of(generated.token.id)
    assert section.model.table.value("old_secret_valid_until", row) is None
    assert not window.end_grace_action.isEnabled() and window.rotate_action.isEnabled()
    actions = [e.action for e in service.store.audit.events("acme") if e.action.startswith("token.")]
    assert actions[1:3] == ["token.end_grace", "token.rotate"]  # newest first, after the refused use
    client.close()


def test_signing_out_closes_the_rotate_dialog_and_clears_the_clipboard(qtbot, service, make_window):
    client, session = client_for(service, "alice")
    token = client.generate_token("to rotate", Privileges.READ).token
    window = make_window(service)
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    assert window.start_rotate("no-such-token") is None and window.rotate_dialog is None
    window.start_rotate(token.id)
    dialog = window.rotate_dialog
    with qtbot.waitSignal(dialog.token_rotated, timeout=10000):
        dialog.button(Commit).click()
    qtbot.waitUntil(lambda: dialog.currentPage() is dialog.secret_page)
    dialog.copy_secret()
    assert QGuiApplication.clipboard().text()
    with qtbot.waitSignal(window.controller.signed_out, timeout=10000):
        window.sign_out()
    assert window.rotate_dialog is None and QGuiApplication.clipboard().text() == ""
