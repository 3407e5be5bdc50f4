"""The secret format: prefix per kind, ≥128 random bits, a checksum that rejects typos before any lookup."""

from __future__ import annotations

import math
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.secrets import (
    ALPHABET,
    BODY_LENGTH,
    MalformedSecret,
    looks_like_secret,
    new_secret,
    parse_secret,
    secret_digest,
)
from desktop_app.core.tokens import TokenKind

PREFIXES = {TokenKind.API: "tdk_api_", TokenKind.SIEM_AGENT: "tdk_siem_", TokenKind.LOG_COLLECTOR: "tdk_log_"}
kinds = st.sampled_from(list(TokenKind))


def test_alphabet_is_ascii_letters_and_digits():
    assert set(ALPHABET) == set(string.ascii_letters + string.digits) and len(ALPHABET) == 62


def test_random_part_carries_at_least_128_bits():
    assert BODY_LENGTH * math.log2(len(ALPHABET)) >= 128


@given(kinds)
def test_new_secret_has_its_kind_prefix_and_parses_back_to_its_kind(kind):
    secret = new_secret(kind)
    assert secret.startswith(PREFIXES[kind])
    assert parse_secret(secret).kind is kind
    assert looks_like_secret(secret)


def test_new_secrets_do_not_repeat():
    assert len({new_secret(TokenKind.API) for _ in range(2000)}) == 2000


@given(kinds, st.data())
def test_any_single_character_typo_is_rejected(kind, data):
    secret = new_secret(kind)
    index = data.draw(st.integers(min_value=len(PREFIXES[kind]), max_value=len(secret) - 1))
    replacement = data.draw(st.sampled_from(ALPHABET).filter(lambda c: c != secret[index]))
    typo = secret[:index] + replacement + secret[index + 1 :]
    with pytest.raises(MalformedSecret):
        parse_secret(typo)


@given(kinds, st.data())
def test_swapping_two_different_neighbours_is_rejected(kind, data):
    secret = new_secret(kind)
    start = len(PREFIXES[kind])
    index = data.draw(st.integers(min_value=start, max_value=len(secret) - 2))
    if secret[index] == secret[index + 1]:
        return  # the swap changes nothing
    swapped = secret[:index] + secret[index + 1] + secret[index] + secret[index + 2 :]
    with pytest.raises(MalformedSecret):
        parse_secret(swapped)


@given(kinds, st.integers(min_value=1, max_value=30))
def test_truncated_secret_is_rejected(kind, cut):
    with pytest.raises(MalformedSecret, match="truncated"):
        parse_secret(new_secret(kind)[:-cut])


@given(kinds, st.text(alphabet=ALPHABET, min_size=1, max_size=8))
def test_extra_characters_are_rejected(kind, extra):
    with pytest.raises(MalformedSecret):
        parse_secret(new_secret(kind) + extra)


_FIXED_MESSAGES = {
    "This is not a Token Desk token.",
    "This is not a Token Desk token (unknown prefix).",
    "This token is truncated or has extra characters.",
    "This token has a typo (its checksum does not match).",
}


@given(st.text(max_size=80))
def test_arbitrary_text_never_parses_and_the_error_never_repeats_it(text):
    try:
        parse_secret(text)
    except MalformedSecret as exc:
        # One of the fixed sentences, whatever the input: it cannot repeat it. (Checking that the text is
        # not a substring failed when the random text was a piece of the sentence, e.g. "Token De".)
        assert str(exc) in _FIXED_MESSAGES
    else:  # astronomically unlikely: it would have to carry a valid checksum
        pytest.fail("random text parsed as a secret")


@given(kinds)
def test_error_message_never_contains_the_secret_or_its_body(kind):
    secret = new_secret(kind)
    broken = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    with pytest.raises(MalformedSecret) as info:
        parse_secret(broken)
    assert broken not in str(info.value) and broken[len(PREFIXES[kind]) :][:16] not in str(info.value)


@pytest.mark.parametrize("value", [None, 42, b"tdk_api_x", "", "Token abc", "tdk_unknown_" + "a" * 38])
def test_non_secrets_are_rejected(value):
    with pytest.raises(MalformedSecret):
        parse_secret(value)


@given(kinds)
def test_wrong_kind_prefix_on_a_valid_body_is_rejected(kind):
    secret = new_secret(kind)
    body = secret[len(PREFIXES[kind]) :]
    other = next(k for k in TokenKind if k is not kind)
    with pytest.raises(MalformedSecret):
        parse_secret(PREFIXES[other] + body)


def test_digest_is_hex_sha256_deterministic_and_keyed_digest_differs():
    secret = new_secret(TokenKind.API)
    plain = secret_digest(secret)
    assert plain == secret_digest(secret) and len(plain) == 64 and int(plain, 16) >= 0
    assert secret not in plain
    keyed = secret_digest(secret, b"service key")
    assert keyed != plain and keyed == secret_digest(secret, b"service key")
    assert secret_digest(secret, b"other key") != keyed
