"""One redaction for every layer: token secrets and session tokens out of text bound for a log,
an error message, an audit record or a screen.

Found in the forms they leak in: `tdk_<kind>_...` in any case, a secret body without its prefix,
`tds_...` session tokens, also when split by zero-width characters or URL-encoded (a secret in a
query string reaches an access log encoded).
"""

from __future__ import annotations

import re
from typing import overload
from urllib.parse import unquote

REDACTED = "[redacted]"

# Characters that render as nothing: a secret split by them still reads (and pastes) as one.
ZERO_WIDTH = (
    "\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
)
_DROP_ZERO_WIDTH = dict.fromkeys(map(ord, ZERO_WIDTH))

_PREFIXED = r"tdk_[a-z]+_[0-9a-z]{8,}|tds_[0-9a-z_\-]{16,}"
# A secret body without its prefix: 32 base62 characters (38 with the checksum); random, so it
# holds both upper- and lowercase letters (hex digests and words of one case are left alone).
_BARE_BODY = r"(?<![0-9A-Za-z])(?=[0-9a-z]*[A-Z])(?=[0-9A-Z]*[a-z])[0-9A-Za-z]{32,}(?![0-9A-Za-z])"
# A session token's body without its prefix: 43 URL-safe base64 characters.
_BARE_SESSION = r"(?<![\w\-])(?=[\w\-]*[A-Z])(?=[\w\-]*[a-z])[0-9A-Za-z_\-]{40,}(?![\w\-])"
SECRET_PATTERN = re.compile(f"{_PREFIXED}|{_BARE_BODY}|{_BARE_SESSION}", re.IGNORECASE)
# IGNORECASE would make the case lookaheads of the bare forms match anything: check them apart.
_PREFIXED_PATTERN = re.compile(_PREFIXED, re.IGNORECASE)
_BARE_PATTERN = re.compile(f"{_BARE_BODY}|{_BARE_SESSION}")


def _substitute(text: str) -> str:
    return _BARE_PATTERN.sub(REDACTED, _PREFIXED_PATTERN.sub(REDACTED, text))


def _revealed(text: str) -> str:
    """`text` with zero-width characters removed and URL-encoding undone (twice: double encoding)."""
    shown = text.translate(_DROP_ZERO_WIDTH)
    for _ in range(2):
        if "%" not in shown:
            break
        shown = unquote(shown).translate(_DROP_ZERO_WIDTH)
    return shown


def contains_secret(text: str) -> bool:
    """Whether `text` holds a token secret, a secret body or a session token in any of its forms."""
    revealed = _revealed(text)
    return bool(_PREFIXED_PATTERN.search(revealed) or _BARE_PATTERN.search(revealed))


@overload
def redact(text: str) -> str: ...
@overload
def redact(text: None) -> None: ...
@overload
def redact(text: str | None) -> str | None: ...


def redact(text: str | None) -> str | None:
    """`text` with every secret replaced by "[redacted]" (None stays None).

    Text without a secret comes back unchanged. When a secret is hidden (zero-width characters,
    URL-encoding), the revealed form is returned redacted: lossy for the rest, never leaky.
    """
    if not isinstance(text, str):
        return text
    plain = _substitute(text)
    revealed = _revealed(plain)
    if revealed != plain and (_PREFIXED_PATTERN.search(revealed) or _BARE_PATTERN.search(revealed)):
        return _substitute(revealed)
    return plain
