"""core.token_fields: a token's row, record and JSON forms round-trip, malformed JSON is refused, and
every layer (the service's list formats, the client's parsing, the cache's table and snapshot) carries
exactly ROW_FIELDS, so a new field cannot be forgotten in one of them."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.cache.store import TokenCache
from desktop_app.client.models import rows_from_columns, rows_page_from_json, token_from_json
from desktop_app.core.roles import Privileges
from desktop_app.core.token_fields import (
    FIELD_INDEX,
    ROW_FIELDS,
    TIME_FIELDS,
    TOKEN_FIELDS,
    FieldType,
    TokenField,
    json_from_row,
    row_from_json,
    row_from_token,
    rows_from_stored,
    token_from_row,
)
from desktop_app.core.tokens import TokenInfo, TokenKind
from desktop_app.server import token_listing
from desktop_app.server.routes import tokens as token_routes

NOW_MICROS = 1_800_000_000 * 1_000_000
texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
moments = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)
whole_seconds = moments.map(lambda moment: moment.replace(microsecond=0))


def tokens(times=moments) -> st.SearchStrategy[TokenInfo]:
    """Tokens with a value for every field of TOKEN_FIELDS (a new field is covered as it comes)."""
    by_type = {
        FieldType.TEXT: texts,
        FieldType.FLAG: st.booleans(),
        FieldType.TIME: times,
        FieldType.KIND: st.sampled_from(TokenKind),
        FieldType.PRIVILEGES: st.sampled_from(Privileges),
    }
    return st.fixed_dictionaries(
        {
            field.name: (st.none() | by_type[field.type]) if field.nullable else by_type[field.type]
            for field in TOKEN_FIELDS
        }
    ).map(lambda values: TokenInfo(**values))


@given(tokens())
def test_row_and_token_round_trip_every_field(token: TokenInfo) -> None:
    row = row_from_token(token)
    assert len(row) == len(ROW_FIELDS)
    assert token_from_row(row) == token
    assert row_from_token(token_from_row(row)) == row


@given(tokens(whole_seconds))
def test_row_and_json_round_trip_every_field(token: TokenInfo) -> None:
    row = row_from_token(token)
    data = orjson.loads(orjson.dumps(json_from_row(row)))
    assert set(data) == set(ROW_FIELDS)
    assert row_from_json(data) == row
    assert token_from_json(data) == token


GOOD = json_from_row(
    row_from_token(
        TokenInfo(
            "ab12",
            "ci",
            TokenKind.API,
            "alice",
            False,
            Privileges.READ,
            datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
            None,
        )
    )
)


@pytest.mark.parametrize("name", [f.name for f in TOKEN_FIELDS if not f.nullable and f.required])
def test_json_without_a_required_field_raises_key_error(name: str) -> None:
    with pytest.raises(KeyError):
        row_from_json({key: value for key, value in GOOD.items() if key != name})


@pytest.mark.parametrize("field", [f for f in TOKEN_FIELDS if not f.required], ids=lambda f: f.name)
def test_json_without_a_field_added_later_takes_its_default(field: TokenField) -> None:
    """An older service leaves out the fields added after the first release: the row has their default."""
    row = row_from_json({key: value for key, value in GOOD.items() if key != field.name})
    assert row[FIELD_INDEX[field.name]] == field.default


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("id", 12, TypeError),
        ("name", None, TypeError),
        ("owner", ["x"], TypeError),
        ("owner_deprovisioned", "yes", TypeError),
        ("kind", "bogus", ValueError),
        ("privileges", "admin", ValueError),
        ("created_at", "yesterday", ValueError),
        ("created_at", 5, TypeError),
        ("last_used_at", "soon", ValueError),
    ],
)
def test_json_with_a_wrong_value_is_refused(name: str, value: object, error: type[Exception]) -> None:
    # The client turns each of these into UnexpectedResponse.
    with pytest.raises(error):
        row_from_json({**GOOD, name: value})


def test_stored_rows_that_do_not_fit_raise_value_error() -> None:
    good = row_from_token(token_from_json(GOOD))
    assert rows_from_stored([good]) == [good]
    for name, bad in (("kind", "bogus"), ("name", 5), ("created_at", "x"), ("privileges", None)):
        row = list(good)
        row[FIELD_INDEX[name]] = bad
        with pytest.raises(ValueError):
            rows_from_stored([tuple(row)])
    with pytest.raises(ValueError):
        rows_from_stored([good[:-1]])


# ---- every layer carries exactly ROW_FIELDS ---------------------------------------------------


def _stored(token: TokenInfo) -> tuple:
    """A token as the service's list query reads it: times in integer µs, flags 0/1, then revoked_at."""
    values = []
    for field, value in zip(TOKEN_FIELDS, row_from_token(token), strict=True):
        if field.type is FieldType.TIME and value is not None:
            value = round(value * 1_000_000)
        elif field.type is FieldType.FLAG:
            value = int(value)
        values.append(value)
    return (*values, None)


def test_the_service_lists_exactly_the_row_fields_and_the_status() -> None:
    columns = token_listing.columns_of([_stored(token_from_json(GOOD))], NOW_MICROS, None, "", [])
    assert set(token_routes._columns_json(columns)) == {*ROW_FIELDS, "status"}
    [item] = orjson.loads(token_routes._objects_body(columns, [], "c"))["items"]
    assert set(item) == {*ROW_FIELDS, "status"}
    single = token_routes.token_json(token_from_json(GOOD), datetime.now(UTC))
    assert set(single) == {*ROW_FIELDS, "status"}


@pytest.mark.parametrize("name", [f.name for f in TOKEN_FIELDS if f.required])
def test_the_client_needs_every_row_field_in_a_columns_answer(name: str) -> None:
    body = orjson.loads(
        token_routes._columns_body(
            token_listing.columns_of([_stored(token_from_json(GOOD))], NOW_MICROS, None, "", []), [], "c"
        )
    )
    assert len(rows_from_columns(body)[0]) == len(ROW_FIELDS)
    del body["columns"][name]
    with pytest.raises(KeyError):
        rows_from_columns(body)


def test_the_cache_table_has_exactly_the_row_fields(tmp_path: Path) -> None:
    TokenCache.open(tmp_path / "c.sqlite3").close()
    with sqlite3.connect(tmp_path / "c.sqlite3") as connection:
        columns = tuple(row[1] for row in connection.execute("PRAGMA table_info(tokens)"))
    assert columns == ROW_FIELDS


@settings(max_examples=25, deadline=None)
@given(st.lists(tokens(whole_seconds), max_size=6, unique_by=lambda token: token.id))
def test_every_field_survives_service_client_and_cache(listed: list[TokenInfo]) -> None:
    """Service list (both formats) → client parsing → cache rows and snapshot: the same rows."""
    expected = sorted(row_from_token(token) for token in listed)
    stored = [_stored(token) for token in listed]
    columns = token_listing.columns_of(stored, NOW_MICROS, None, "", [])
    for encode in (token_routes._columns_body, token_routes._objects_body):
        body = encode(columns, [], "c1.1.a")
        assert sorted(rows_page_from_json(orjson.loads(body)).rows) == expected
    with tempfile.TemporaryDirectory() as folder, TokenCache.open(Path(folder) / "c.sqlite3") as cache:
        cache.store_sync(expected, [], "c1.1.a", datetime.now(UTC), replace=True)
        assert sorted(cache.rows()) == expected
        from_snapshot = [row for kind in TokenKind for row in cache.columns(kind).rows()]
        assert sorted(from_snapshot) == expected
    assert all(isinstance(row[FIELD_INDEX[name]], float | None) for row in expected for name in TIME_FIELDS)
