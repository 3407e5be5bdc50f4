"""SIGTERM and SIGINT as a Qt signal, so they end the app like File → Quit.

A Python signal handler only runs when the interpreter gets control, which it does not while
Qt's event loop waits. `signal.set_wakeup_fd` makes the C-level handler write the signal's
number to a socket; a QSocketNotifier on the other end wakes the event loop, and the quit runs
there, on the GUI thread, where closing the window and the databases is safe.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Iterable

from PySide6.QtCore import QObject, QSocketNotifier, Signal

log = logging.getLogger(__name__)

# SIGHUP: the terminal that started the app was closed. (Windows has only SIGTERM and SIGINT.)
QUIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)


class OsSignals(QObject):
    """Emits `received(signum)` on the GUI thread for each of `signals`; `uninstall()` restores them."""

    received = Signal(int)

    def __init__(self, signals: Iterable[int] = QUIT_SIGNALS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous_handlers = {}
        for signum in signals:
            # The handler itself does nothing: the wake-up byte carries the signal to Qt.
            self._previous_handlers[signum] = signal.signal(signum, lambda *_args: None)
        self._notifier: QSocketNotifier | None = QSocketNotifier(
            self._reader.fileno(), QSocketNotifier.Type.Read, self
        )
        self._notifier.activated.connect(self._drain)

    def _drain(self) -> None:
        try:
            data = self._reader.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        for signum in data:
            try:
                name = signal.Signals(signum).name
            except ValueError:
                name = str(signum)
            log.info("received %s", name)
            self.received.emit(int(signum))

    def uninstall(self) -> None:
        if self._notifier is None:
            return
        self._notifier.setEnabled(False)
        self._notifier = None
        signal.set_wakeup_fd(self._previous_fd)
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, handler)
        self._reader.close()
        self._writer.close()
