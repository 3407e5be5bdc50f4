"""The tenant's token policy (SPEC rule 15) and the expiry it gives a new token (rule 11).

Per kind a default and a maximum lifetime in days (`None`: no maximum; a default of `None`, allowed only
without a maximum, means new tokens do not expire unless asked), the warning lead time and inactivity
auto-revoke (`None`: off). The JSON form is the service's `GET/PUT …/policy` document; a PUT may leave
fields out and they keep their value (`merge_policy`). Errors are `PolicyError`, a sentence a person
can act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from .tokens import TokenKind

MAX_DAYS = 36_500  # 100 years: beyond any real lifetime, and far from datetime's limits
MAX_WARN_DAYS = 365


class PolicyError(ValueError):
    """A policy or an expiry that breaks the rules; str(error) says what to change."""


@dataclass(frozen=True, slots=True)
class KindPolicy:
    default_lifetime_days: int | None
    max_lifetime_days: int | None


@dataclass(frozen=True, slots=True)
class TokenPolicy:
    kinds: Mapping[TokenKind, KindPolicy]
    warn_days: int = 7
    inactive_revoke_days: int | None = None

    def for_kind(self, kind: TokenKind | str) -> KindPolicy:
        return self.kinds[TokenKind(kind)]


# A new tenant's policy: API tokens 90 days by default, at most a year; machine tokens (SIEM agents,
# log collectors) have no maximum and no default expiry, so an agent is not cut off by surprise.
DEFAULT_POLICY = TokenPolicy(
    kinds={
        TokenKind.API: KindPolicy(90, 365),
        TokenKind.SIEM_AGENT: KindPolicy(None, None),
        TokenKind.LOG_COLLECTOR: KindPolicy(None, None),
    },
)


def policy_json(policy: TokenPolicy) -> dict[str, Any]:
    """The policy document as the service answers it."""
    return {
        "kinds": {
            kind.value: {
                "default_lifetime_days": rule.default_lifetime_days,
                "max_lifetime_days": rule.max_lifetime_days,
            }
            for kind, rule in policy.kinds.items()
        },
        "warn_days": policy.warn_days,
        "inactive_revoke_days": policy.inactive_revoke_days,
    }


def _days(value: object, what: str, *, nullable: bool, low: int = 1, high: int = MAX_DAYS) -> int | None:
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        extra = " or null" if nullable else ""
        raise PolicyError(f"{what} must be a whole number of days from {low} to {high:,}{extra}.")
    return value


def _check_kind(kind: TokenKind, rule: KindPolicy) -> KindPolicy:
    default, maximum = rule.default_lifetime_days, rule.max_lifetime_days
    if maximum is not None and default is None:
        raise PolicyError(
            f"{kind.label}: with a maximum lifetime of {maximum} days the default lifetime must be a "
            "number of days too."
        )
    if maximum is not None and default is not None and default > maximum:
        raise PolicyError(
            f"{kind.label}: the default lifetime ({default} days) is longer than the maximum ({maximum} days)."
        )
    return rule


def merge_policy(base: TokenPolicy, data: object) -> TokenPolicy:
    """`base` with the fields `data` (a PUT body) gives; fields left out keep their value."""
    if not isinstance(data, Mapping):
        raise PolicyError("The policy must be a JSON object.")
    unknown = set(data) - {"kinds", "warn_days", "inactive_revoke_days"}
    if unknown:
        raise PolicyError(f"Unknown policy field: {sorted(unknown)[0]}.")
    kinds = dict(base.kinds)
    given_kinds = data.get("kinds", {})
    if not isinstance(given_kinds, Mapping):
        raise PolicyError("“kinds” must be an object with one entry per token kind.")
    for name, given in given_kinds.items():
        try:
            kind = TokenKind(name)
        except ValueError:
            raise PolicyError(f"Unknown token kind: {str(name)[:40]}.") from None
        if not isinstance(given, Mapping) or set(given) - {"default_lifetime_days", "max_lifetime_days"}:
            raise PolicyError(f"{kind.label}: give default_lifetime_days and/or max_lifetime_days.")
        rule = kinds[kind]
        if "default_lifetime_days" in given:
            what = f"{kind.label}: the default lifetime"
            rule = replace(
                rule, default_lifetime_days=_days(given["default_lifetime_days"], what, nullable=True)
            )
        if "max_lifetime_days" in given:
            what = f"{kind.label}: the maximum lifetime"
            rule = replace(rule, max_lifetime_days=_days(given["max_lifetime_days"], what, nullable=True))
        kinds[kind] = _check_kind(kind, rule)
    policy = replace(base, kinds=kinds)
    if "warn_days" in data:
        warn = _days(data["warn_days"], "The warning lead time", nullable=False, low=0, high=MAX_WARN_DAYS)
        policy = replace(policy, warn_days=warn or 0)
    if "inactive_revoke_days" in data:
        policy = replace(
            policy,
            inactive_revoke_days=_days(data["inactive_revoke_days"], "Inactivity auto-revoke", nullable=True),
        )
    return policy


_UNSET: Any = object()


def choose_expiry(
    policy: TokenPolicy,
    kind: TokenKind | str,
    now: datetime,
    *,
    expires_at: datetime | None = _UNSET,
    expires_in_days: int | None = None,
) -> datetime | None:
    """The expiry of a token generated (or rotated) at `now`: the one asked for, checked against the
    kind's maximum, or the kind's default. `expires_at=None` asks for no expiry (only without a maximum);
    leaving both out takes the default."""
    rule = policy.for_kind(kind)
    kind = TokenKind(kind)
    maximum = rule.max_lifetime_days
    if expires_in_days is not None and expires_at is not _UNSET:
        raise PolicyError("Give either expires_at or expires_in_days, not both.")
    if expires_in_days is not None:
        days = _days(expires_in_days, "expires_in_days", nullable=False)
        chosen: datetime | None = now + timedelta(days=days or 0)
    elif expires_at is _UNSET:
        default = rule.default_lifetime_days
        return None if default is None else now + timedelta(days=default)
    else:
        chosen = expires_at
    if chosen is None:
        if maximum is not None:
            raise PolicyError(
                f"{kind.label} must expire: the tenant policy allows at most {maximum} days; "
                "choose an expiry within that."
            )
        return None
    if chosen.tzinfo is None:
        raise PolicyError("The expiry needs a time zone offset (for example 2027-01-31T12:00:00Z).")
    if chosen <= now:
        raise PolicyError("The expiry must be in the future.")
    if maximum is not None and chosen > now + timedelta(days=maximum):
        raise PolicyError(
            f"The tenant policy allows {kind.label} to live at most {maximum} days; choose an earlier expiry."
        )
    if chosen > now + timedelta(days=MAX_DAYS):
        raise PolicyError(f"The expiry is too far away; choose one within {MAX_DAYS:,} days.")
    return chosen
