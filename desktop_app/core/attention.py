"""The attention lists of SPEC rule 17 over whole columns: which tokens need looking after.

The console computes them over its table's columns (instant at 100,000 rows); the service answers the
same lists for `?attention=` (tested equal against the real service). Times are float POSIX seconds
with NaN for "never" (never used, never expires); `now` is POSIX seconds.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np

NEVER_USED_DAYS = 30  # generated this long ago and never used
INACTIVE_DAYS = 90  # last used this long ago
_DAY = 86_400.0


class Attention(StrEnum):
    """One attention list; the value is the service's `?attention=` name."""

    NEVER_USED = "never_used"
    INACTIVE = "inactive"
    EXPIRING = "expiring"
    NO_EXPIRY = "no_expiry"
    DEPROVISIONED = "deprovisioned"


def attention_mask(
    attention: Attention,
    *,
    created: np.ndarray,
    last_used: np.ndarray,
    expires: np.ndarray,
    deprovisioned: np.ndarray,
    now: float,
    warn_days: int,
    day: float = _DAY,
) -> np.ndarray:
    """A bool per token: on the `attention` list at `now` (NaN compares False: "never" is never late).

    Another time unit works with `day` in that unit (the service passes integer microseconds)."""
    attention = Attention(attention)
    if attention is Attention.NEVER_USED:
        mask = np.isnan(last_used) & (created <= now - NEVER_USED_DAYS * day)
    elif attention is Attention.INACTIVE:
        mask = last_used <= now - INACTIVE_DAYS * day
    elif attention is Attention.EXPIRING:
        mask = (expires > now) & (expires <= now + warn_days * day)
    elif attention is Attention.NO_EXPIRY:
        mask = np.isnan(expires)
    else:
        mask = np.array(deprovisioned, dtype=bool)
    result: np.ndarray = np.asarray(mask, dtype=bool)
    return result


__all__ = ["INACTIVE_DAYS", "NEVER_USED_DAYS", "Attention", "attention_mask"]
