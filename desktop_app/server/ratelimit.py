"""Service limits, and failure counting: too many failures → 429 with Retry-After.

A limit only ever slows down *failures*: a correct token or session is checked first and passes
whatever its address did before; only a failed check is answered 429 once its key is over the
limit. Sign-ins are the exception by nature (the password is what is being guessed): their keys
(the client address, and the tenant+username) are reserved *before* the password is verified, so
at most `max_failures` attempts per key are ever verified in a window, however many arrive at once.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Limits:
    """Tunables of one service instance; `create_app(..., **limits)` takes these names."""

    sign_in_failures: int = 5  # failed sign-ins per client address, and per tenant+username, per window
    token_failures: int = 20  # failed token/session checks per client address per window
    failure_window_seconds: float = 60.0
    session_ttl_seconds: float = 12 * 3600
    last_used_interval_seconds: float = 60.0  # coalescing of last-used writes per token
    max_body_bytes: int = 64 * 1024  # request bodies above this answer 413 before they are read
    password_checks: int = 1  # password verifications run at once (argon2id: 64 MiB, ~1 core each)
    password_queue: int = 16  # sign-ins that may wait for a verification slot; beyond: 503
    max_live_tokens_per_user: int = 10_000

    @classmethod
    def from_kwargs(cls, **kwargs: Any) -> Limits:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(kwargs) - known)
        if unknown:
            raise TypeError(f"Unknown limit(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        return cls(**kwargs)


class Ticket:
    """Keys reserved by `FailureLimiter.reserve`; settle it exactly once."""

    __slots__ = ("keys", "settled")

    def __init__(self, keys: tuple[str, ...]) -> None:
        self.keys = keys
        self.settled = False


class FailureLimiter:
    """Counts failures per key in a sliding window; other keys are never affected."""

    MAX_KEYS = 100_000

    def __init__(self, max_failures: int, window_seconds: float, clock: Callable[[], datetime]) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._pending: dict[str, int] = {}  # attempts reserved and not settled yet
        self._lock = threading.Lock()

    def _now(self) -> float:
        return self._clock().timestamp()

    def _wait_locked(self, key: str, now: float) -> int | None:
        times = self._failures.get(key)
        if times is not None:
            while times and times[0] <= now - self.window:
                times.popleft()
            if not times:
                del self._failures[key]
                times = None
        used = (len(times) if times else 0) + self._pending.get(key, 0)
        if used < self.max_failures:
            return None
        if times and len(times) >= self.max_failures:
            return max(1, math.ceil(times[0] + self.window - now))
        return 1  # full of attempts still being checked: one of them may succeed and free its place

    def retry_after(self, key: str) -> int | None:
        """Seconds until `key` may fail again, or None when it is not limited."""
        if key not in self._failures and key not in self._pending:  # fast path
            return None
        with self._lock:
            return self._wait_locked(key, self._now())

    def failed(self, key: str) -> None:
        with self._lock:
            self._add_failure(key, self._now())

    def _add_failure(self, key: str, now: float) -> None:
        if key not in self._failures and len(self._failures) >= self.MAX_KEYS:
            self._prune(now)
        times = self._failures.setdefault(key, deque(maxlen=self.max_failures))
        times.append(now)

    def reserve(self, *keys: str) -> Ticket | int:
        """Atomically: the seconds to wait when any key is full (failures + attempts in flight),
        else a Ticket holding one place under every key until `settle`."""
        with self._lock:
            now = self._now()
            waits = [w for w in (self._wait_locked(k, now) for k in keys) if w is not None]
            if waits:
                return max(waits)
            for key in keys:
                self._pending[key] = self._pending.get(key, 0) + 1
            return Ticket(keys)

    def settle(self, ticket: Ticket, *, failed: bool) -> None:
        """Release the ticket's places; a failure is then counted under each key."""
        with self._lock:
            if ticket.settled:
                return
            ticket.settled = True
            now = self._now()
            for key in ticket.keys:
                left = self._pending.get(key, 1) - 1
                if left > 0:
                    self._pending[key] = left
                else:
                    self._pending.pop(key, None)
                if failed:
                    self._add_failure(key, now)

    def _prune(self, now: float) -> None:
        for key in [k for k, t in self._failures.items() if not t or t[-1] <= now - self.window]:
            del self._failures[key]
        while len(self._failures) >= self.MAX_KEYS:  # still full: forget the oldest client
            del self._failures[next(iter(self._failures))]
