"""SIGTERM reaches the GUI thread as a Qt signal while the event loop waits; uninstall restores it."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from desktop_app.ui.os_signals import OsSignals

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="os.kill with SIGTERM ends the process there")


def test_sigterm_is_emitted_on_the_gui_thread_and_the_handler_restored(qtbot):
    before = signal.getsignal(signal.SIGTERM)
    signals = OsSignals([signal.SIGTERM])
    try:
        with qtbot.waitSignal(signals.received, timeout=5000) as blocker:
            os.kill(os.getpid(), signal.SIGTERM)
        assert blocker.args == [signal.SIGTERM]
    finally:
        signals.uninstall()
    assert signal.getsignal(signal.SIGTERM) == before
