"""The status rule over whole columns: the vectorised twin of `core.tokens.token_status`.

`last_used` is a float64 array of POSIX seconds with NaN for "never used", `expires` (optional) the same
with NaN for "never expires"; `now` is POSIX seconds.
Another time unit works with `window` in that unit (the service passes integer microseconds, exact in
float64 below 2**53, and `WINDOW_SECONDS * 1e6`). Codes index `STATUS_BY_CODE`. Tested equal to the
scalar rule with hypothesis.
"""

from __future__ import annotations

import numpy as np

from .tokens import ACTIVE_WINDOW, TokenStatus

WINDOW_SECONDS = ACTIVE_WINDOW.total_seconds()

STATUS_ACTIVE, STATUS_GENERATED, STATUS_INACTIVE, STATUS_EXPIRED = 0, 1, 2, 3
STATUS_BY_CODE: tuple[TokenStatus, ...] = (
    TokenStatus.ACTIVE,
    TokenStatus.GENERATED,
    TokenStatus.INACTIVE,
    TokenStatus.EXPIRED,
)
CODE_BY_STATUS: dict[TokenStatus, int] = {status: code for code, status in enumerate(STATUS_BY_CODE)}


def status_codes(
    last_used: np.ndarray, now: float, window: float = WINDOW_SECONDS, expires: np.ndarray | None = None
) -> np.ndarray:
    """Status code per token at `now` (int8): the column form of `token_status`."""
    codes = np.full(len(last_used), STATUS_GENERATED, dtype=np.int8)
    used = ~np.isnan(last_used)
    age = np.where(used, now - np.where(used, last_used, 0.0), 0.0)
    codes[used & (age < window)] = STATUS_ACTIVE
    codes[used & (age >= window)] = STATUS_INACTIVE
    if expires is not None:
        codes[expires <= now] = STATUS_EXPIRED  # NaN (never expires) compares False
    return codes


def next_status_change(
    last_used: np.ndarray, now: float, window: float = WINDOW_SECONDS, expires: np.ndarray | None = None
) -> float | None:
    """The earliest moment after `now` at which some status changes with no new use, or None."""
    ends = last_used + window
    future = ends[ends > now]  # NaN compares False
    if expires is not None:
        future = np.concatenate([future, expires[expires > now]])
    return float(future.min()) if len(future) else None
