"""Service limits, and per-client failure counting: too many failures → 429 with Retry-After."""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime


@dataclass(frozen=True)
class Limits:
    """Tunables of one service instance; `create_app(..., **limits)` takes these names."""

    sign_in_failures: int = 5  # failed sign-ins per client per window
    token_failures: int = 20  # failed token/session checks per client per window
    failure_window_seconds: float = 60.0
    session_ttl_seconds: float = 12 * 3600
    last_used_interval_seconds: float = 60.0  # coalescing of last-used writes per token

    @classmethod
    def from_kwargs(cls, **kwargs) -> "Limits":
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(kwargs) - known)
        if unknown:
            raise TypeError(f"Unknown limit(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        return cls(**kwargs)


class FailureLimiter:
    """Counts failures per client key in a sliding window; other clients are never affected."""

    MAX_KEYS = 100_000

    def __init__(self, max_failures: int, window_seconds: float, clock: Callable[[], datetime]) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _now(self) -> float:
        return self._clock().timestamp()

    def retry_after(self, key: str) -> int | None:
        """Seconds until `key` may try again, or None when it is not limited."""
        if key not in self._failures:  # fast path: no failures recorded for this client
            return None
        now = self._now()
        with self._lock:
            times = self._failures.get(key)
            if times is None:
                return None
            while times and times[0] <= now - self.window:
                times.popleft()
            if not times:
                del self._failures[key]
                return None
            if len(times) < self.max_failures:
                return None
            return max(1, math.ceil(times[0] + self.window - now))

    def failed(self, key: str) -> None:
        now = self._now()
        with self._lock:
            if key not in self._failures and len(self._failures) >= self.MAX_KEYS:
                self._prune(now)
            times = self._failures.setdefault(key, deque(maxlen=self.max_failures))
            times.append(now)

    def _prune(self, now: float) -> None:
        for key in [k for k, t in self._failures.items() if not t or t[-1] <= now - self.window]:
            del self._failures[key]
        while len(self._failures) >= self.MAX_KEYS:  # still full: forget the oldest client
            del self._failures[next(iter(self._failures))]
