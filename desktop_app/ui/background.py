"""Run blocking work (HTTP, keyring, SQLite writes) off the GUI thread; results come back by signal.

Work runs in lanes, each its own thread pool of one thread: `Lane.SYNC` for syncs and cache upkeep
(they hold the cache for a while), `Lane.ACTION` for what the user is waiting on (sign-in, generate,
revoke). A generate or revoke therefore never queues behind a full sync of 100,000 tokens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")


class Lane(Enum):
    """Which queue a task waits in; tasks of one lane run one at a time, in order."""

    SYNC = "sync"
    ACTION = "action"


class _Relay(QObject):
    """Lives in the GUI thread; queued signals carry the outcome back to it.

    Signal(object) here because a relay carries whatever the task returned (the runner is generic).
    """

    succeeded = Signal(object)
    failed = Signal(BaseException)


class _Task(QRunnable, Generic[T]):
    def __init__(self, fn: Callable[[], T], relay: _Relay) -> None:
        super().__init__()
        self._fn: Callable[[], T] | None = fn
        self._relay = relay

    def run(self) -> None:  # worker thread
        fn = self._fn
        try:
            result = fn() if fn is not None else None
        except BaseException as error:
            self._relay.failed.emit(error)
        else:
            self._relay.succeeded.emit(result)
        finally:
            self._fn = None  # drop references (a secret may be among the closure's cells)


class BackgroundRunner(QObject):
    """`run(fn, on_done, on_error, lane=...)`: fn runs in the lane's worker thread; the callbacks in the GUI
    thread, `on_done` with fn's result (typed: `run(lambda: 3, on_done=f)` needs `f(int)`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools: dict[Lane, QThreadPool] = {}
        for lane in Lane:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)  # the client and the cache see one task per lane at a time
            self._pools[lane] = pool
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        lane: Lane = Lane.ACTION,
    ) -> None:
        relay = _Relay()  # created in the GUI thread, so its slots run there
        self._relays.add(relay)

        def succeeded(result: T) -> None:
            self._finish(relay)
            if on_done is not None:
                on_done(result)

        def failed(error: BaseException) -> None:
            self._finish(relay)
            if on_error is not None:
                on_error(error)
            else:
                log.error("Background task failed", exc_info=error)

        relay.succeeded.connect(succeeded)
        relay.failed.connect(failed)
        self._pools[lane].start(_Task(fn, relay))

    def _finish(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()

    def wait_for_done(self, msecs: int = 30000) -> bool:
        """Block until every task of every lane has run (used when quitting)."""
        done = True
        for pool in self._pools.values():
            done = pool.waitForDone(msecs) and done
        return done


__all__ = ["BackgroundRunner", "Lane"]
