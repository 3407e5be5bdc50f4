"""The secret format: a prefix per token kind, 190 random bits, and a checksum.

`tdk_<kind>_<32 base62 chars><6 base62 chars of CRC32>` — the prefix makes a leaked
secret recognisable to scanners, the checksum rejects a mistyped or truncated one
before any database lookup. Only a digest is ever stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets as _random
import zlib
from dataclasses import dataclass

from .tokens import TokenKind

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
BODY_LENGTH = 32  # 32 × log2(62) ≈ 190 bits
CHECKSUM_LENGTH = 6
_PREFIXES = {kind: kind.secret_prefix for kind in TokenKind}
_KINDS_BY_PREFIX = {prefix: kind for kind, prefix in _PREFIXES.items()}
MAX_SECRET_LENGTH = max(map(len, _PREFIXES.values())) + BODY_LENGTH + CHECKSUM_LENGTH


class MalformedSecret(ValueError):
    """Not a Token Desk secret (wrong prefix, length, characters or checksum).

    Its message never repeats the secret.
    """


@dataclass(frozen=True, slots=True)
class ParsedSecret:
    kind: TokenKind


def _base62(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, rem = divmod(number, 62)
        chars.append(ALPHABET[rem])
    return "".join(reversed(chars))


def _checksum(prefix: str, body: str) -> str:
    return _base62(zlib.crc32((prefix + body).encode("ascii")), CHECKSUM_LENGTH)


def new_secret(kind: TokenKind) -> str:
    prefix = _PREFIXES[TokenKind(kind)]
    body = "".join(_random.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return prefix + body + _checksum(prefix, body)


def parse_secret(secret: str) -> ParsedSecret:
    """Check the shape and checksum; raise MalformedSecret (without echoing it) if wrong."""
    if not isinstance(secret, str) or len(secret) > MAX_SECRET_LENGTH:
        raise MalformedSecret("This is not a Token Desk token.")
    prefix = secret[: secret.find("_", 4) + 1] if secret.startswith("tdk_") else ""
    kind = _KINDS_BY_PREFIX.get(prefix)
    if kind is None:
        raise MalformedSecret("This is not a Token Desk token (unknown prefix).")
    rest = secret[len(prefix) :]
    # ALPHABET is exactly the ASCII letters and digits.
    if len(rest) != BODY_LENGTH + CHECKSUM_LENGTH or not (rest.isascii() and rest.isalnum()):
        raise MalformedSecret("This token is truncated or has extra characters.")
    body, check = rest[:BODY_LENGTH], rest[BODY_LENGTH:]
    if not hmac.compare_digest(check, _checksum(prefix, body)):
        raise MalformedSecret("This token has a typo (its checksum does not match).")
    return ParsedSecret(kind=kind)


def secret_digest(secret: str, key: bytes | None = None) -> str:
    """SHA-256 of the secret (HMAC-SHA-256 when the service has a key), hex."""
    data = secret.encode("utf-8")
    if key:
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()


def looks_like_secret(text: str) -> bool:
    """True when `text` is shaped like one of our secrets (used to refuse logging it)."""
    try:
        parse_secret(text)
    except MalformedSecret:
        return False
    return True
