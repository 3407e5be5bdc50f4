"""The fast list path agrees with the core rules: time formatting and status at the 7-day boundary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.token_fields import FIELD_INDEX
from desktop_app.core.tokens import ACTIVE_WINDOW, format_utc, token_status
from desktop_app.server.models import from_micros, iso_from_micros, to_micros
from desktop_app.server.store import TokenStore
from tests.live_server import MovableClock

moments = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC))


@given(moments)
def test_iso_from_micros_is_format_utc(moment):
    assert iso_from_micros(to_micros(moment)) == format_utc(moment)
    assert from_micros(to_micros(moment)) == moment


@pytest.mark.parametrize(
    "age",
    [
        timedelta(0),
        timedelta(seconds=1),
        ACTIVE_WINDOW - timedelta(microseconds=1),
        ACTIVE_WINDOW,
        ACTIVE_WINDOW + timedelta(microseconds=1),
        timedelta(days=30),
    ],
)
def test_listed_status_is_core_token_status(sqlite_url, age):
    clock = MovableClock()
    store = TokenStore.open(sqlite_url, clock=clock)
    try:
        store.ensure_user("acme", "alice", "global_admin")
        who = store.session_principal(store.create_session("acme", "alice")[0])
        used, _ = store.tokens.generate(who, "used", "read")
        store.tokens.generate(who, "never", "read")
        used_at = clock()
        store.tokens.record_use(used.id, used_at)
        clock.advance(age)
        # A listed row is the ROW_FIELDS, then the status.
        statuses = {row[FIELD_INDEX["name"]]: row[-1] for row in store.tokens.list_rows(who)[0]}
        assert statuses == {"used": token_status(used_at, clock()).value, "never": "generated"}
    finally:
        store.close()
