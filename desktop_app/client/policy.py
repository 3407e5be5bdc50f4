"""The expiry part of a generate request (SPEC rule 11), kept apart from the HTTP calls in api.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop_app.core.tokens import format_utc


def expiry_fields(
    expires_at: datetime | None, expires_in_days: int | None, never_expires: bool
) -> dict[str, Any]:
    """The create body's expiry fields: none (the policy's default), one of them, or `expires_at: null`."""
    if sum((expires_at is not None, expires_in_days is not None, never_expires)) > 1:
        raise ValueError("give one of expires_at, expires_in_days and never_expires")
    if never_expires:
        return {"expires_at": None}
    if expires_at is not None:
        return {"expires_at": format_utc(expires_at)}  # naive times raise ValueError here
    if expires_in_days is not None:
        return {"expires_in_days": int(expires_in_days)}
    return {}
