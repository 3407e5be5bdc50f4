"""The secret clipboard: formats set, cleared after the timeout, left alone when the user copied something else."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QClipboard, QGuiApplication

from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind
from desktop_app.ui.secret_clipboard import SecretClipboard, platform_hints


@pytest.fixture
def clipboard(qapp):
    board = QGuiApplication.clipboard()
    board.clear()
    yield board
    board.clear()


@pytest.fixture
def secret_clipboard(clipboard, qtbot):
    sc = SecretClipboard(clipboard, clear_after_s=1)
    yield sc
    sc.clear_if_ours()
    sc.deleteLater()


def test_platform_hints():
    assert platform_hints("linux") == {"x-kde-passwordManagerHint": b"secret"}
    assert "application/x-nspasteboard-concealed-type" in platform_hints("darwin")
    windows = platform_hints("win32")
    assert 'application/x-qt-windows-mime;value="ExcludeClipboardContentFromMonitorProcessing"' in windows
    assert 'application/x-qt-windows-mime;value="CanIncludeInClipboardHistory"' in windows


def test_copy_sets_text_and_the_secret_hint(secret_clipboard, clipboard, qtbot):
    secret = new_secret(TokenKind.API)
    with qtbot.waitSignal(secret_clipboard.countdown_changed) as blocker:
        secret_clipboard.copy(secret)
    assert blocker.args == [1]
    mime = clipboard.mimeData()
    assert mime.text() == secret
    assert "text/plain" in mime.formats()
    for fmt, value in platform_hints().items():
        assert bytes(mime.data(fmt)) == value
    assert secret_clipboard.active
    assert secret_clipboard.holds_ours()


def test_digest_not_secret_is_kept(secret_clipboard):
    secret = new_secret(TokenKind.API)
    secret_clipboard.copy(secret)
    held = [v for v in vars(secret_clipboard).values() if isinstance(v, str)]
    held += [d for v in vars(secret_clipboard).values() if isinstance(v, set) for d in v]
    assert secret not in held
    assert all(secret not in str(v) for v in held)


def test_cleared_after_the_timeout(secret_clipboard, clipboard, qtbot):
    secret = new_secret(TokenKind.API)
    ticks: list[int] = []
    secret_clipboard.countdown_changed.connect(ticks.append)
    secret_clipboard.copy(secret)
    with qtbot.waitSignal(secret_clipboard.cleared, timeout=5000):
        pass
    assert clipboard.text() == ""
    assert not secret_clipboard.active
    assert ticks[0] == 1 and ticks[-1] == 0


def test_countdown_counts_down_each_second(clipboard, qtbot):
    sc = SecretClipboard(clipboard, clear_after_s=2)
    ticks: list[int] = []
    sc.countdown_changed.connect(ticks.append)
    sc.copy(new_secret(TokenKind.API))
    with qtbot.waitSignal(sc.cleared, timeout=6000):
        pass
    assert ticks == [2, 1, 0]


def test_left_alone_when_the_user_copied_something_else(secret_clipboard, clipboard, qtbot):
    secret_clipboard.copy(new_secret(TokenKind.API))
    with qtbot.waitSignal(secret_clipboard.superseded, timeout=2000):
        clipboard.setText("the user's own text")
    assert not secret_clipboard.active  # the countdown stopped: nothing left to clear it later
    assert secret_clipboard.clear_if_ours() is False
    assert clipboard.text() == "the user's own text"


def test_timeout_checks_the_clipboard_even_without_a_change_signal(secret_clipboard, clipboard, qtbot):
    """If a platform never reports the change, the timeout still compares before clearing."""
    secret_clipboard.copy(new_secret(TokenKind.API))
    clipboard.dataChanged.disconnect(secret_clipboard._clipboard_changed)
    clipboard.setText("something else")
    with qtbot.assertNotEmitted(secret_clipboard.cleared):
        with qtbot.waitSignal(
            secret_clipboard.countdown_changed, check_params_cb=lambda left: left == 0, timeout=5000
        ):
            pass
    assert not secret_clipboard.active
    assert clipboard.text() == "something else"


def test_clear_if_ours_clears_at_once(secret_clipboard, clipboard, qtbot):
    secret_clipboard.copy(new_secret(TokenKind.API))
    with qtbot.waitSignal(secret_clipboard.cleared):
        assert secret_clipboard.clear_if_ours() is True
    assert clipboard.text() == ""
    assert not secret_clipboard.active
    assert secret_clipboard.clear_if_ours() is False


def test_clear_if_ours_without_copy_does_nothing(secret_clipboard, clipboard, qtbot):
    clipboard.setText("unrelated")
    secret_clipboard.track(new_secret(TokenKind.API))
    with qtbot.assertNotEmitted(secret_clipboard.cleared):
        assert secret_clipboard.clear_if_ours() is False
    assert clipboard.text(QClipboard.Mode.Clipboard) == "unrelated"


def test_default_timeout_is_thirty_seconds(clipboard):
    sc = SecretClipboard(clipboard)
    assert sc.clear_after_s == 30
    sc.deleteLater()
