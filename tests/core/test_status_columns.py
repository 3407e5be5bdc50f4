"""core.status_columns is the column form of core.tokens' status rule: equal to it token by token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.status_columns import (
    STATUS_BY_CODE,
    WINDOW_SECONDS,
    next_status_change,
    status_codes,
)
from desktop_app.core.tokens import TokenStatus, status_changes_at, token_status

WINDOW = int(WINDOW_SECONDS)
# Ages around the window's edges (exactly 7 days among them), and anywhere, future uses included.
ages = st.one_of(
    st.none(),
    st.sampled_from([0, 1, WINDOW - 1, WINDOW, WINDOW + 1, -1]),
    st.integers(min_value=-WINDOW, max_value=4 * WINDOW),
)
nows = st.integers(min_value=10 * WINDOW, max_value=4_000_000_000)


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def _seconds_column(now: int, token_ages: list[int | None]) -> np.ndarray:
    return np.array([np.nan if age is None else now - age for age in token_ages], dtype=np.float64)


@given(nows, st.lists(ages, max_size=40))
def test_status_codes_equal_token_status_for_each_token(now: int, token_ages: list[int | None]) -> None:
    codes = status_codes(_seconds_column(now, token_ages), float(now))
    expected = [token_status(None if age is None else _moment(now - age), _moment(now)) for age in token_ages]
    assert [STATUS_BY_CODE[code] for code in codes.tolist()] == expected


def test_exactly_seven_days_is_inactive_and_never_used_is_generated() -> None:
    now = 1_800_000_000
    codes = status_codes(np.array([now - WINDOW, now - WINDOW + 1, np.nan]), float(now))
    assert [STATUS_BY_CODE[c] for c in codes.tolist()] == [
        TokenStatus.INACTIVE,
        TokenStatus.ACTIVE,
        TokenStatus.GENERATED,
    ]
    assert token_status(_moment(now - WINDOW), _moment(now)) is TokenStatus.INACTIVE


@given(
    st.integers(min_value=10**15, max_value=4 * 10**15),
    st.lists(
        st.one_of(
            st.none(), st.integers(min_value=-(10**12), max_value=4 * WINDOW * 10**6), st.just(WINDOW * 10**6)
        ),
        max_size=40,
    ),
)
def test_status_codes_on_integer_microseconds_equal_token_status(now: int, ages: list[int | None]) -> None:
    # The service's use: integer microseconds (exact in float64) and the window in microseconds.
    last_used = np.array([np.nan if age is None else now - age for age in ages], dtype=np.float64)
    codes = status_codes(last_used, float(now), WINDOW_SECONDS * 1_000_000)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    at = epoch + timedelta(microseconds=now)
    expected = [token_status(None if age is None else at - timedelta(microseconds=age), at) for age in ages]
    assert [STATUS_BY_CODE[code] for code in codes.tolist()] == expected


@given(nows, st.lists(ages, max_size=40))
def test_next_status_change_is_the_earliest_scalar_change(now: int, token_ages: list[int | None]) -> None:
    found = next_status_change(_seconds_column(now, token_ages), float(now))
    changes = [
        status_changes_at(None if age is None else _moment(now - age), _moment(now)) for age in token_ages
    ]
    moments = [moment.timestamp() for moment in changes if moment is not None]
    assert found == (min(moments) if moments else None)
    if found is not None:  # some status really changes by then
        column = _seconds_column(now, token_ages)
        assert (status_codes(column, found) != status_codes(column, float(now))).any()


# Expiry relative to now: past, exactly now, future, or never (None), anywhere around the window.
expiries = st.one_of(
    st.none(), st.sampled_from([0, 1, -1]), st.integers(min_value=-4 * WINDOW, max_value=4 * WINDOW)
)


@given(nows, st.lists(st.tuples(ages, expiries), max_size=40))
def test_status_codes_with_expiry_equal_token_status(
    now: int, tokens: list[tuple[int | None, int | None]]
) -> None:
    """Expired (from the expiry moment on) takes precedence over Generated/Active/Inactive."""
    last_used = _seconds_column(now, [age for age, _ in tokens])
    expires = np.array([np.nan if e is None else now + e for _, e in tokens], dtype=np.float64)
    codes = status_codes(last_used, float(now), expires=expires)
    expected = [
        token_status(
            None if age is None else _moment(now - age), _moment(now), None if e is None else _moment(now + e)
        )
        for age, e in tokens
    ]
    assert [STATUS_BY_CODE[code] for code in codes.tolist()] == expected
    assert all(
        (status is TokenStatus.EXPIRED) == (e is not None and e <= 0)
        for status, (_, e) in zip(expected, tokens, strict=True)
    )


@given(nows, st.lists(st.tuples(ages, expiries), max_size=40))
def test_next_status_change_includes_the_next_expiry(
    now: int, tokens: list[tuple[int | None, int | None]]
) -> None:
    last_used = _seconds_column(now, [age for age, _ in tokens])
    expires = np.array([np.nan if e is None else now + e for _, e in tokens], dtype=np.float64)
    found = next_status_change(last_used, float(now), expires=expires)
    changes = [
        status_changes_at(
            None if age is None else _moment(now - age), _moment(now), None if e is None else _moment(now + e)
        )
        for age, e in tokens
    ]
    moments = [moment.timestamp() for moment in changes if moment is not None]
    assert found == (min(moments) if moments else None)
