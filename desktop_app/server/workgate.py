"""A bound on costly work before authentication: password verification runs a few at a time.

argon2id takes 64 MiB and tens of milliseconds per check; 40 at once took the service to 2 GB and
token checks from 2 ms to ~900 ms. The gate lets `concurrent` run, `queue` more wait, and answers
the rest at once with 503 + Retry-After instead of piling them up.
"""

from __future__ import annotations

import asyncio
import functools
import os
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from .problems import Problem

RETRY_AFTER_SECONDS = 1
WORKER_NICENESS = 10  # hashing threads yield the CPU to the event loop that answers token checks
T = TypeVar("T")


def _lower_priority() -> None:
    """In a gate worker thread: run at a lower priority than the event loop (Linux: per thread)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)
    except (AttributeError, OSError):  # not Linux, or not permitted: the bound still holds
        pass


def busy() -> Problem:
    return Problem(
        503,
        "Busy",
        "The service is checking many sign-ins right now; try again in a moment.",
        kind="busy",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        retry_after=RETRY_AFTER_SECONDS,
    )


class WorkGate:
    """At most `concurrent` holders at once, at most `queue` waiting; used on one event loop."""

    def __init__(self, concurrent: int, queue: int) -> None:
        self.concurrent = max(1, concurrent)
        self.queue = max(0, queue)
        self._inside = 0  # holding or waiting
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: asyncio.Semaphore | None = None
        self._executor = ThreadPoolExecutor(
            self.concurrent, thread_name_prefix="password-check", initializer=_lower_priority
        )

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`fn(*args, **kwargs)` in one of the gate's own low-priority threads, holding a slot."""
        async with self.slot():
            return await asyncio.get_running_loop().run_in_executor(
                self._executor, functools.partial(fn, *args, **kwargs)
            )

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one slot for the block; raise Problem 503 when the queue is full."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._slots is None:  # first use, or the app is served by a new loop
            self._loop, self._slots, self._inside = loop, asyncio.Semaphore(self.concurrent), 0
        if self._inside >= self.concurrent + self.queue:
            raise busy()
        self._inside += 1
        try:
            async with self._slots:
                yield
        finally:
            self._inside -= 1
