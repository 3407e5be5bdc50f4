"""Token kinds, status (Generated / Active / Inactive over a 7-day window, Expired), names, and the token record."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from .redact import ZERO_WIDTH, contains_secret
from .roles import Privileges

ACTIVE_WINDOW = timedelta(days=7)
NAME_MAX_LENGTH = 64


class TokenKind(StrEnum):
    API = "api"
    SIEM_AGENT = "siem_agent"
    LOG_COLLECTOR = "log_collector"

    @property
    def label(self) -> str:
        """The title of this kind's table section: "SIEM agents"."""
        return _KIND_NAMES[self].section

    @property
    def noun(self) -> str:
        """One token of this kind, mid-sentence: "SIEM agent token", "log collector token"."""
        return _KIND_NAMES[self].noun

    @property
    def noun_with_article(self) -> str:
        """ "a SIEM agent token", "an API token"."""
        names = _KIND_NAMES[self]
        return f"{names.article} {names.noun}"

    @property
    def secret_prefix(self) -> str:
        """How a secret of this kind begins: "tdk_siem_" (core.secrets)."""
        return _KIND_NAMES[self].secret_prefix


@dataclass(frozen=True, slots=True)
class _KindNames:
    section: str
    noun: str
    article: str
    secret_prefix: str


# Every name of a kind, in one table: a new kind is one entry here.
_KIND_NAMES = {
    TokenKind.API: _KindNames("API tokens", "API token", "an", "tdk_api_"),
    TokenKind.SIEM_AGENT: _KindNames("SIEM agents", "SIEM agent token", "a", "tdk_siem_"),
    TokenKind.LOG_COLLECTOR: _KindNames("Log collectors", "log collector token", "a", "tdk_log_"),
}


class TokenStatus(StrEnum):
    GENERATED = "generated"
    ACTIVE = "active"
    INACTIVE = "inactive"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def token_status(
    last_used_at: datetime | None, now: datetime, expires_at: datetime | None = None
) -> TokenStatus:
    """Status at `now`: expired (at or past `expires_at`) → Expired, whatever its use; else never
    used → Generated; used within 7 × 24 h → Active; else Inactive.

    A use exactly 7 × 24 h ago is no longer within the window; a token is expired from its expiry moment on.
    """
    if expires_at is not None and now >= expires_at:
        return TokenStatus.EXPIRED
    if last_used_at is None:
        return TokenStatus.GENERATED
    if now - last_used_at < ACTIVE_WINDOW:
        return TokenStatus.ACTIVE
    return TokenStatus.INACTIVE


def status_changes_at(
    last_used_at: datetime | None, now: datetime, expires_at: datetime | None = None
) -> datetime | None:
    """When the status will next change with no new use (Active → Inactive, or → Expired), or None."""
    changes = [expires_at] if expires_at is not None and expires_at > now else []
    if last_used_at is not None and last_used_at + ACTIVE_WINDOW > now:
        changes.append(last_used_at + ACTIVE_WINDOW)
    return min(changes, default=None)


class TokenNameError(ValueError):
    """A token name that breaks the rules; str(error) is a sentence a person can act on."""


def normalize_token_name(raw: str) -> str:
    """Trim and NFC-normalise a name; raise TokenNameError when it breaks the rules."""
    if not isinstance(raw, str):
        raise TokenNameError("Give the token a name.")
    name = unicodedata.normalize("NFC", raw).strip()
    if not name:
        raise TokenNameError("Give the token a name (1 to 64 characters).")
    if len(name) > NAME_MAX_LENGTH:
        raise TokenNameError(f"The name is {len(name)} characters long; use at most {NAME_MAX_LENGTH}.")
    _check_characters(name, "name")
    return name


DESCRIPTION_MAX_LENGTH = 500


def normalize_description(raw: str | None) -> str:
    """A token's description (SPEC rule 14): optional (None or blank → ""), at most 500 characters,
    the name's character rules otherwise; raise TokenNameError when it breaks them."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise TokenNameError("The description must be text.")
    text = unicodedata.normalize("NFC", raw).strip()
    if not text:
        return ""
    if len(text) > DESCRIPTION_MAX_LENGTH:
        raise TokenNameError(
            f"The description is {len(text)} characters long; use at most {DESCRIPTION_MAX_LENGTH}."
        )
    _check_characters(text, "description")
    return text


def _check_characters(text: str, what: str) -> None:
    """The character rules names and descriptions share; `what` names the field in the sentence."""
    bad = [
        ch
        for i, ch in enumerate(text)
        if unicodedata.category(ch) in _INVISIBLE and not _emoji_joiner(text, i)
    ]
    if bad:
        raise TokenNameError(
            f"The {what} contains control or invisible characters "
            f"({', '.join(f'U+{ord(c):04X}' for c in bad[:3])}); remove them."
        )
    if all(_renders_blank(ch) for ch in text):
        raise TokenNameError(f"The {what} would show as blank; use letters, digits or symbols.")
    # A run of 32+ mixed letters and digits is what a secret body is, in whatever case it was typed.
    if contains_secret(text) or _LONG_RUN.search(text.translate(_NO_ZERO_WIDTH)):
        raise TokenNameError(f"The {what} looks like a token secret; choose {_SAYS[what]}.")


_SAYS = {
    "name": "a name that says what the token is for",
    "description": "words that say what the token is for",
}


# control, format, surrogate, private, unassigned; line and paragraph separators
_INVISIBLE = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
_LONG_RUN = re.compile(r"(?<![0-9A-Za-z])(?=[A-Za-z]*[0-9])(?=[0-9]*[A-Za-z])[0-9A-Za-z]{32,}")
_NO_ZERO_WIDTH = dict.fromkeys(map(ord, ZERO_WIDTH))
_ZWJ = "\u200d"
# Characters that show nothing on their own: fillers, the braille blank, variation selectors.
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\ufe0e\ufe0f" + _ZWJ)


def _emoji_joiner(name: str, i: int) -> bool:
    """A zero-width joiner inside an emoji sequence (👩‍💻): the next character is a symbol."""
    return (
        name[i] == _ZWJ
        and 0 < i < len(name) - 1
        and unicodedata.category(name[i + 1]) == "So"
        and not name[i - 1].isspace()
    )


def _renders_blank(ch: str) -> bool:
    return ch.isspace() or ch in _BLANK or unicodedata.category(ch) in ("Mn", "Me", "Zs", "Cf")


def name_key(name: str) -> str:
    """The form in which two names count as the same (case-insensitive, NFC)."""
    return unicodedata.normalize("NFC", name).strip().casefold()


def validate_new_token_name(raw: str, live_names: Iterable[str]) -> str:
    """Normalised name, unique (case-insensitively) among the owner's live tokens."""
    name = normalize_token_name(raw)
    key = name_key(name)
    existing = next((other for other in live_names if name_key(other) == key), None)
    if existing is not None:
        # Quote the token that exists (it may differ from what was typed in case or spacing).
        raise TokenNameError(
            f"You already have a live token named “{normalize_token_name(existing)}”; choose another name "
            "or revoke the old token first."
        )
    return name


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What anyone may know about a token: never its secret."""

    id: str
    name: str
    kind: TokenKind
    owner: str
    owner_deprovisioned: bool
    privileges: Privileges
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None = None  # None: never expires
    description: str = ""
    # During a rotation's grace period: until when the old secret still works, and its last use.
    old_secret_valid_until: datetime | None = None
    old_secret_last_used_at: datetime | None = None

    def status(self, now: datetime) -> TokenStatus:
        return token_status(self.last_used_at, now, self.expires_at)


def format_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a trailing Z, to the second."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime; pass an aware UTC time")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> datetime:
    """Parse ISO 8601 (with Z or an offset) into an aware UTC datetime."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
