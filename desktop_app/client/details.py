"""A single token's details as `GET /t/{t}/api/v1/tokens/{id}` answers them: the token's fields, its
usage evidence (last addresses, daily counts of 30 days) and, during a rotation's grace period, the
old secret's last use (SPEC rules 12 and 13).

Parsed defensively: the token's own fields must parse (as everywhere), but usage entries that are
malformed are left out, and an answer without `usage` (an older service) gives empty evidence with
`usage_known` False.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop_app.core.tokens import TokenInfo, parse_utc

from .models import token_from_json

__all__ = ["AddressUse", "TokenDetails", "details_from_json"]

_TEXT_LIMIT = 256  # what the service stores for a user agent; a longer answer is cut, not refused


@dataclass(frozen=True, slots=True)
class AddressUse:
    """One client address the token was used from."""

    address: str
    user_agent: str
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class TokenDetails:
    """The token, its last addresses (most recent first) and its daily uses ((YYYY-MM-DD, count),
    oldest first; days without use left out)."""

    token: TokenInfo
    addresses: list[AddressUse] = field(default_factory=list)
    daily: list[tuple[str, int]] = field(default_factory=list)
    old_secret_last_used: datetime | None = None
    usage_known: bool = True  # False: the service said nothing about usage


def _address(item: Any) -> AddressUse | None:
    if not isinstance(item, dict):
        return None
    address, agent = item.get("address"), item.get("user_agent", "")
    if not isinstance(address, str) or not address or not isinstance(agent, str):
        return None
    try:
        first, last = parse_utc(item["first_seen"]), parse_utc(item["last_seen"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return AddressUse(address[:64], agent[:_TEXT_LIMIT], first, last)


def _day(item: Any) -> tuple[str, int] | None:
    if not isinstance(item, dict):
        return None
    day, count = item.get("date"), item.get("count")
    if not isinstance(day, str) or not isinstance(count, int) or isinstance(count, bool) or count < 0:
        return None
    try:
        datetime.strptime(day, "%Y-%m-%d")
    except ValueError:
        return None
    return day, count


def details_from_json(data: dict[str, Any]) -> TokenDetails:
    """The single-token answer; KeyError/ValueError/TypeError when the token itself is malformed."""
    token = token_from_json(data)
    usage = data.get("usage")
    old_last = data.get("old_secret_last_used")
    try:
        old_secret_last_used = parse_utc(old_last) if isinstance(old_last, str) else None
    except ValueError:
        old_secret_last_used = None
    if not isinstance(usage, dict):
        return TokenDetails(token, old_secret_last_used=old_secret_last_used, usage_known=False)
    raw_addresses = usage.get("addresses")
    raw_daily = usage.get("daily")
    addresses = [a for a in map(_address, raw_addresses if isinstance(raw_addresses, list) else []) if a]
    days = dict(d for d in map(_day, raw_daily if isinstance(raw_daily, list) else []) if d)
    return TokenDetails(
        token,
        sorted(addresses, key=lambda a: a.last_seen, reverse=True),
        sorted(days.items()),
        old_secret_last_used,
    )
