"""The one error channel: cancel silent, user-facing → message, else logged + shown once; excepthook."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.errors import Cancelled, UserFacingError
from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind
from desktop_app.ui.errors import ErrorChannel, install_excepthook


@pytest.fixture
def shown(monkeypatch):
    messages: list[tuple[str, str, QMessageBox.Icon, bool]] = []

    def record(cls, parent, title, text, icon):
        messages.append((title, text, icon, threading.current_thread() is threading.main_thread()))

    monkeypatch.setattr(ErrorChannel, "show_message", classmethod(record))
    return messages


@pytest.fixture
def channel(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    return ErrorChannel(parent)


def test_cancel_is_silent(channel, shown, caplog):
    channel.report(Cancelled())
    assert shown == []
    assert caplog.records == []


def test_user_facing_error_is_a_message(channel, shown, caplog):
    channel.report(UserFacingError("The token service at https://x did not answer."))
    channel.report(UserFacingError("The token service at https://x did not answer."))
    assert [m[1] for m in shown] == ["The token service at https://x did not answer."] * 2
    assert shown[0][2] is QMessageBox.Icon.Warning
    assert caplog.records == []


def test_unexpected_error_is_logged_with_traceback_and_shown_once(channel, shown, caplog):
    def fail():
        raise KeyError("row 7")

    for _ in range(3):
        try:
            fail()
        except KeyError as error:
            channel.report(error)
    assert len(shown) == 1
    assert "KeyError" in shown[0][1] and "written to the log" in shown[0][1]
    assert shown[0][2] is QMessageBox.Icon.Critical
    errors = [r for r in caplog.records if r.name == "desktop_app" and r.levelno == logging.ERROR]
    assert len(errors) == 3  # every occurrence is logged
    assert "Traceback" in errors[0].getMessage() and "in fail" in errors[0].getMessage()
    channel.report(KeyError("row 8"))  # a different message is shown again
    assert len(shown) == 2


def test_secrets_never_reach_the_log_or_the_message(channel, shown, caplog):
    secret = new_secret(TokenKind.API)
    channel.report(RuntimeError(f"bad header {secret}"))
    channel.report(UserFacingError(f"rejected {secret}"))
    assert all(secret not in m[1] for m in shown)
    assert "[redacted]" in shown[0][1]
    assert secret not in caplog.text


def test_report_from_a_worker_thread_arrives_in_the_gui_thread(channel, shown, qtbot):
    worker = threading.Thread(target=lambda: channel.report(UserFacingError("from a worker")))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert shown[0][1] == "from a worker"
    assert shown[0][3], "the message box must be shown from the GUI thread"


def test_excepthook_routes_uncaught_worker_thread_exceptions(channel, shown, qtbot, caplog):
    uninstall = install_excepthook(channel)
    try:

        def crash():
            raise ValueError("worker crashed")

        worker = threading.Thread(target=crash)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(shown) == 1)
    finally:
        uninstall()
    assert "worker crashed" in shown[0][1]
    assert shown[0][3]
    assert "in crash" in caplog.text


def test_excepthook_routes_exceptions_raised_in_qt_slots(channel, shown, qtbot):
    uninstall = install_excepthook(channel)
    try:

        def slot():
            raise UserFacingError("slot failed")

        QTimer.singleShot(0, slot)
        qtbot.waitUntil(lambda: len(shown) == 1)
    finally:
        uninstall()
    assert shown[0][1] == "slot failed"


def test_uninstall_restores_previous_hooks(channel):
    before = (sys.excepthook, threading.excepthook)
    uninstall = install_excepthook(channel)
    assert sys.excepthook is not before[0]
    uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_show_message_builds_a_message_box(qtbot, monkeypatch):
    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: seen.append((self.text(), self.icon())) or 0)
    ErrorChannel.show_message(None, "Token Desk", "Try again later.", QMessageBox.Icon.Warning)
    assert seen == [("Try again later.", QMessageBox.Icon.Warning)]


def test_excepthook_routes_exceptions_from_a_qthread(channel, shown, qtbot):
    from PySide6.QtCore import QThread

    class Crashing(QThread):
        def run(self):
            raise RuntimeError("qthread crashed")

    uninstall = install_excepthook(channel)
    thread = Crashing()
    try:
        with qtbot.waitSignal(thread.finished, timeout=5000):
            thread.start()
        qtbot.waitUntil(lambda: len(shown) == 1)
    finally:
        thread.wait()
        uninstall()
    assert "qthread crashed" in shown[0][1]
    assert shown[0][3], "shown from the GUI thread"
