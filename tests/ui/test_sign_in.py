"""Sign-in dialog: fields, the call in the runner, inline errors (wrong password, unreachable, rate-limited
with the wait), the password field cleared after each attempt."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop_app.client.api import TokenServiceClient
from desktop_app.client.errors import InvalidCredentials, RateLimited, ServiceUnreachable
from desktop_app.core.errors import Cancelled
from desktop_app.core.roles import Role
from desktop_app.ui.background import BackgroundRunner
from desktop_app.ui.errors import ErrorChannel
from desktop_app.ui.sign_in import UNEXPECTED, SignInDialog

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.usefixtures("shown"),  # no modal message box blocks a test
]

SERVICE = "https://tokens.example"


@dataclass
class Session:
    username: str
    role: str = "global_admin"


class FakeSignIn:
    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls: list[tuple[str, str]] = []
        self.threads: list[bool] = []

    def __call__(self, username, password):
        self.calls.append((username, password))
        self.threads.append(threading.current_thread() is threading.main_thread())
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


@pytest.fixture
def runner():
    runner = BackgroundRunner()
    yield runner
    runner.wait_for_done(5000)


def make_dialog(qtbot, runner, sign_in, username="alice"):
    dialog = SignInDialog(runner, SERVICE, "acme", username, sign_in, ErrorChannel(None))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_fields_and_keyboard(qtbot, runner):
    dialog = make_dialog(qtbot, runner, FakeSignIn())
    assert dialog.service_value.text() == SERVICE
    assert dialog.tenant_value.text() == "acme"
    assert dialog.username_edit.text() == "alice"
    assert dialog.password_edit.echoMode() is QLineEdit.EchoMode.Password
    assert dialog.password_edit.accessibleName() == "Password"
    assert dialog.sign_in_button.isDefault()
    assert dialog.sign_in_button.text() == "&Sign in"
    assert not dialog.sign_in_button.isEnabled()  # no password yet
    assert dialog.focusWidget() is dialog.password_edit


def test_success_runs_in_the_background_and_returns_the_session(qtbot, runner):
    sign_in = FakeSignIn(Session("alice"))
    dialog = make_dialog(qtbot, runner, sign_in)
    qtbot.keyClicks(dialog.password_edit, "correct horse")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert sign_in.calls == [("alice", "correct horse")]
    assert sign_in.threads == [False]  # not on the GUI thread
    assert dialog.session == Session("alice")
    assert dialog.password_edit.text() == ""


@pytest.mark.parametrize(
    "error",
    [InvalidCredentials(SERVICE, "acme"), ServiceUnreachable(SERVICE)],
)
def test_user_facing_errors_are_shown_inline_and_the_password_cleared(qtbot, runner, shown, error):
    sign_in = FakeSignIn(error, Session("alice"))
    dialog = make_dialog(qtbot, runner, sign_in)
    qtbot.keyClicks(dialog.password_edit, "wrong")
    dialog.sign_in_button.click()
    assert dialog.busy and not dialog.progress.isHidden()
    assert not dialog.cancel_button.isEnabled()
    dialog.reject()  # Esc while busy does nothing
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.problem.text() == str(error)
    assert not dialog.problem.isHidden()
    assert dialog.password_edit.text() == ""
    assert dialog.isVisible() and shown == []
    qtbot.keyClicks(dialog.password_edit, "right")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.sign_in_button.click()
    assert sign_in.calls[1] == ("alice", "right")


def test_rate_limited_shows_the_wait_and_blocks_until_it_passes(qtbot, runner):
    dialog = make_dialog(qtbot, runner, FakeSignIn(RateLimited(0.5), Session("alice")))
    qtbot.keyClicks(dialog.password_edit, "pw")
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert "Wait 0.5 seconds" in dialog.problem.text()
    assert dialog.wait_label.text() == "You can try again in 1 s."
    qtbot.keyClicks(dialog.password_edit, "pw")
    assert not dialog.sign_in_button.isEnabled()
    qtbot.waitUntil(dialog.sign_in_button.isEnabled, timeout=3000)
    assert dialog.wait_label.isHidden()


def test_unexpected_error_goes_to_the_channel(qtbot, runner, shown):
    dialog = make_dialog(qtbot, runner, FakeSignIn(KeyError("role")))
    qtbot.keyClicks(dialog.password_edit, "pw")
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert dialog.problem.text() == UNEXPECTED
    assert "KeyError" in shown[0]


def test_cancelled_is_silent(qtbot, runner, shown):
    dialog = make_dialog(qtbot, runner, FakeSignIn(Cancelled()))
    qtbot.keyClicks(dialog.password_edit, "pw")
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.problem.isHidden() and shown == []


def test_ask_returns_the_session_or_none(qtbot, runner):
    def fill_and_sign_in():
        dialog = QApplication.activeModalWidget()
        dialog.password_edit.setText("pw")
        dialog.sign_in_button.click()

    QTimer.singleShot(0, fill_and_sign_in)
    session = SignInDialog.ask(
        None, runner, SERVICE, "acme", "alice", FakeSignIn(Session("alice")), ErrorChannel(None)
    )
    assert session == Session("alice")

    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert SignInDialog.ask(None, runner, SERVICE, "acme", "alice", FakeSignIn(), ErrorChannel(None)) is None


def test_against_a_live_service(qtbot, runner, tmp_path, shown):
    """Real uvicorn on 127.0.0.1: a wrong password is shown inline, too many → the wait; then sign in."""
    from tests.client.service import ADMIN, PASSWORD, SIGN_IN_FAILURES, TENANT, acme_service
    from tests.live_server import MovableClock

    clock = MovableClock()
    with (
        acme_service(f"sqlite:///{tmp_path / 'tokens.db'}", clock) as srv,
        TokenServiceClient(srv.url, TENANT) as client,
    ):
        dialog = make_dialog(qtbot, runner, client.sign_in, username=ADMIN)
        for _ in range(SIGN_IN_FAILURES):
            qtbot.keyClicks(dialog.password_edit, "wrong password")
            dialog.sign_in_button.click()
            qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
            assert "username or password is not right" in dialog.problem.text()
            assert dialog.password_edit.text() == ""
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        dialog.sign_in_button.click()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
        assert "too many requests" in dialog.problem.text()
        assert not dialog.wait_label.isHidden() and not dialog.sign_in_button.isEnabled()
        dialog._wait_timer.stop()  # the service's limiter runs on the test's clock: move it instead
        dialog._wait_left = 1
        clock.advance(hours=1)
        dialog._tick_wait()
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        with qtbot.waitSignal(dialog.accepted, timeout=10000):
            dialog.sign_in_button.click()
        assert dialog.session.username == ADMIN
        assert dialog.session.role is Role.GLOBAL_ADMIN
        assert client.session_token
        assert shown == []
