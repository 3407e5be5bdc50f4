"""redact(): secrets and session tokens out of text, in every shape they leak in."""

from __future__ import annotations

import secrets
from urllib.parse import quote

import pytest

from desktop_app.core.redact import REDACTED, contains_secret, redact
from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind

SECRET = new_secret(TokenKind.API)
SESSION = "tds_" + secrets.token_urlsafe(32)
BODY = SECRET[len("tdk_api_") :]


def split(text: str, by: str = "\u200b") -> str:
    return by.join(text[i : i + 3] for i in range(0, len(text), 3))


@pytest.mark.parametrize(
    "shape",
    [
        SECRET,
        SECRET.upper(),
        SECRET.replace("tdk_api_", "TDK_API_"),
        BODY,
        SESSION,
        SESSION[4:],
        split(SECRET),
        split(BODY, "\u2060"),
        quote(SECRET, safe=""),
        quote(quote(SECRET, safe=""), safe=""),
        "".join(f"%{b:02X}" for b in SECRET.encode()),
        split(SECRET, "\ufeff"),
        new_secret(TokenKind.SIEM_AGENT),
        new_secret(TokenKind.LOG_COLLECTOR),
    ],
)
def test_every_shape_of_a_secret_is_redacted(shape):
    text = f"GET /t/acme/api/v1/tokens?search={shape}&x=1 HTTP/1.1"
    cleaned = redact(text)
    assert REDACTED in cleaned and contains_secret(text)
    for piece in (BODY[:12], BODY[-12:], SESSION[5:17]):
        assert piece not in cleaned and piece not in cleaned.replace("\u200b", "")


@pytest.mark.parametrize(
    "text",
    [
        "GET /t/acme/api/v1/alerts/ HTTP/1.1",
        "token 0123456789abcdef0123 “deploy” of alice",
        "sha256 " + "ab12" * 16,
        "A perfectly ordinary sentence, with 100% of its words kept.",
        "",
        "ThisIsALongCamelCaseWord",
        "déjà vu – naïve café",
    ],
)
def test_text_without_a_secret_comes_back_unchanged(text):
    assert redact(text) == text and not contains_secret(text)


def test_none_stays_none():
    assert redact(None) is None
