"""Run blocking work (HTTP, keyring, SQLite writes) off the GUI thread; results come back by signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives in the GUI thread; queued signals carry the outcome back to it."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:  # worker thread
        try:
            result = self._fn()
        except BaseException as error:  # noqa: BLE001 - every failure goes back to the GUI thread
            self._relay.failed.emit(error)
        else:
            self._relay.succeeded.emit(result)
        finally:
            self._fn = None  # drop references (a secret may be among the closure's cells)


class BackgroundRunner(QObject):
    """`run(fn, on_done, on_error)`: fn runs in a worker thread; the callbacks run in the GUI thread.

    Tasks run one at a time by default (the HTTP client and the cache are used from one
    thread at a time); `max_threads` raises that for independent work.
    """

    idle_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        relay = _Relay()  # created in the GUI thread, so its slots run there
        was_idle = not self._relays
        self._relays.add(relay)

        def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            if not self._relays:
                self.idle_changed.emit(True)
            if callback is not None:
                callback(value)
            elif isinstance(value, BaseException):
                log.error("Background task failed", exc_info=value)

        relay.succeeded.connect(lambda result: finish(on_done, result))
        relay.failed.connect(lambda error: finish(on_error, error))
        if was_idle:
            self.idle_changed.emit(False)
        self._pool.start(_Task(fn, relay))

    def wait_for_done(self, msecs: int = 30000) -> bool:
        """Block until every task has run (used when quitting)."""
        return self._pool.waitForDone(msecs)
