"""A bound on costly work before authentication: password verification runs a few at a time.

argon2id takes 64 MiB and tens of milliseconds per check; 40 at once took the service to 2 GB and
token checks from 2 ms to ~900 ms. The gate lets `concurrent` run, `queue` more wait, and answers
the rest at once with 503 + Retry-After instead of piling them up.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from .problems import Problem

RETRY_AFTER_SECONDS = 1


def busy() -> Problem:
    return Problem(503, "Busy", "The service is checking many sign-ins right now; try again in a moment.",
                   kind="busy", headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                   retry_after=RETRY_AFTER_SECONDS)


class WorkGate:
    """At most `concurrent` holders at once, at most `queue` waiting; used on one event loop."""

    def __init__(self, concurrent: int, queue: int) -> None:
        self.concurrent = max(1, concurrent)
        self.queue = max(0, queue)
        self._inside = 0  # holding or waiting
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: asyncio.Semaphore | None = None

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one slot for the block; raise Problem 503 when the queue is full."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # first use, or the app is served by a new loop
            self._loop, self._slots, self._inside = loop, asyncio.Semaphore(self.concurrent), 0
        if self._inside >= self.concurrent + self.queue:
            raise busy()
        self._inside += 1
        try:
            async with self._slots:
                yield
        finally:
            self._inside -= 1
