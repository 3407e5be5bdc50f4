"""Token status over the 7 × 24 h window, names, and UTC formatting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.tokens import (
    ACTIVE_WINDOW,
    NAME_MAX_LENGTH,
    TokenNameError,
    TokenStatus,
    format_utc,
    normalize_token_name,
    parse_utc,
    status_changes_at,
    token_status,
    validate_new_token_name,
)

moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
ages = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400))


def test_window_is_seven_times_24_hours():
    assert ACTIVE_WINDOW == timedelta(hours=7 * 24)


@given(moments)
def test_never_used_is_generated(now):
    assert token_status(None, now) is TokenStatus.GENERATED
    assert status_changes_at(None, now) is None


@given(moments, ages)
def test_active_exactly_while_the_last_use_is_less_than_7_days_old(last_used, age):
    now = last_used + age
    expected = TokenStatus.ACTIVE if age < ACTIVE_WINDOW else TokenStatus.INACTIVE
    assert token_status(last_used, now) is expected


@given(moments, st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=1)))
def test_boundary_one_microsecond_either_side(last_used, epsilon):
    boundary = last_used + ACTIVE_WINDOW
    assert token_status(last_used, boundary - epsilon) is TokenStatus.ACTIVE
    assert token_status(last_used, boundary) is TokenStatus.INACTIVE
    assert token_status(last_used, boundary + epsilon) is TokenStatus.INACTIVE


@given(moments, ages)
def test_status_changes_at_the_end_of_the_window_and_never_after(last_used, age):
    now = last_used + age
    change = status_changes_at(last_used, now)
    if age < ACTIVE_WINDOW:
        assert change == last_used + ACTIVE_WINDOW
        assert token_status(last_used, change) is TokenStatus.INACTIVE
    else:
        assert change is None


@given(
    st.text(min_size=1, max_size=NAME_MAX_LENGTH, alphabet=st.characters(categories=["L", "N", "P", "Zs"]))
)
def test_valid_names_are_trimmed(raw):
    if not raw.strip():
        with pytest.raises(TokenNameError):
            normalize_token_name(raw)
    else:
        assert normalize_token_name(f"  {raw}  ") == normalize_token_name(raw)


@pytest.mark.parametrize("raw", ["", "   ", "x" * (NAME_MAX_LENGTH + 1), "bad\x00name", "zero\u200bwidth"])
def test_bad_names_are_refused_with_a_sentence(raw):
    with pytest.raises(TokenNameError) as info:
        normalize_token_name(raw)
    assert str(info.value).endswith(".")


def test_name_of_exactly_64_characters_is_accepted():
    assert normalize_token_name("n" * NAME_MAX_LENGTH) == "n" * NAME_MAX_LENGTH


def test_duplicate_names_among_live_tokens_are_refused_case_insensitively():
    with pytest.raises(TokenNameError, match="already have a live token named “nightly export”"):
        validate_new_token_name(" Nightly Export ", ["backup", "nightly export"])  # the existing name quoted
    assert validate_new_token_name("nightly export 2", ["nightly export"]) == "nightly export 2"


@given(moments)
def test_format_utc_round_trips_to_the_second(moment):
    text = format_utc(moment)
    assert text.endswith("Z") and len(text) == 20
    assert parse_utc(text) == moment.replace(microsecond=0)


def test_format_utc_refuses_naive_times_and_converts_offsets():
    with pytest.raises(ValueError):
        format_utc(datetime(2026, 1, 1))
    plus_two = timezone(timedelta(hours=2))
    assert format_utc(datetime(2026, 1, 1, 2, 0, tzinfo=plus_two)) == "2026-01-01T00:00:00Z"


# --- names in odd shapes -----------------------------------------------------------------------


def _refused(name: str) -> str:
    from desktop_app.core.tokens import TokenNameError, normalize_token_name

    try:
        normalize_token_name(name)
    except TokenNameError as exc:
        return str(exc)
    raise AssertionError(f"{name!r} was accepted")


def test_names_holding_a_secret_body_in_any_case_are_refused():
    from desktop_app.core.secrets import new_secret
    from desktop_app.core.tokens import TokenKind

    secret = new_secret(TokenKind.API)
    body = secret[len("tdk_api_") :]
    for name in (
        secret,
        body,
        body.upper(),
        body.lower(),
        secret.replace("tdk_api_", "TDK_API_"),
        "ci " + secret.upper(),
        "\u200b".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    ):
        assert "secret" in _refused(name) or "invisible" in _refused(name)
        assert secret[10:20] not in _refused(name)


def test_line_separators_and_blank_looking_names_are_refused():
    for name in ("a\u2028b", "a\u2029b", "\u3164", "\u2800\u2800", "\u0301", "\u115f\u1160", "\u3164 \u0301"):
        _refused(name)


def test_emoji_joined_with_zero_width_joiners_are_allowed():
    from desktop_app.core.tokens import normalize_token_name

    for name in ("deploy 👩‍💻", "🏳️‍🌈 pride board", "family 👨‍👩‍👧"):
        assert normalize_token_name(name) == name
    _refused("a\u200db")  # a joiner outside an emoji sequence is still invisible text


def test_a_description_is_optional_trimmed_and_up_to_500_characters():
    from desktop_app.core.tokens import TokenNameError, normalize_description

    assert normalize_description(None) == "" and normalize_description("   ") == ""
    assert normalize_description("  for the nightly export  ") == "for the nightly export"
    assert normalize_description("x" * 500) == "x" * 500
    with pytest.raises(TokenNameError, match="at most 500"):
        normalize_description("x" * 501)
    with pytest.raises(TokenNameError, match="control or invisible"):
        normalize_description("two\nlines")
    with pytest.raises(TokenNameError, match="looks like a token secret"):
        normalize_description("a1" * 20)
