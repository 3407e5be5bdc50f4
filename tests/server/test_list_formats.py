"""`GET tokens?format=columns` and `?format=column-chunks` (streamed) carry exactly what the default
format does (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.core.token_fields import ROW_FIELDS, TIME_FIELDS
from desktop_app.core.tokens import format_utc
from desktop_app.server.routes import tokens as token_routes

from .helpers import bearer, generate, is_problem, token_auth

URL = "/t/acme/api/v1/tokens"
FIELDS = (*ROW_FIELDS, "status")


@pytest.fixture
def admin(server):
    return server.sign_in("acme", "alice", "global_admin")


def _iso(seconds):
    return None if seconds is None else format_utc(datetime.fromtimestamp(seconds, UTC))


def as_objects(body: dict) -> dict:
    """A `format=columns` answer rewritten as the default one (ISO times), to compare them whole."""
    assert body["format"] == "columns"
    columns = body["columns"]
    assert set(columns) == set(FIELDS)
    count = body["count"]
    assert all(len(values) == count for values in columns.values())
    assert all(isinstance(v, int) for v in columns["created_at"])
    assert all(v is None or isinstance(v, int) for v in columns["last_used_at"])
    items = [
        dict(zip(FIELDS, values, strict=True))
        for values in zip(*(columns[field] for field in FIELDS), strict=True)
    ]
    for item in items:
        item.update({name: _iso(item[name]) for name in TIME_FIELDS})
    return {"items": items, "removed": body["removed"], "cursor": body["cursor"]}


def chunks_as_columns(response) -> dict:
    """A `format=column-chunks` answer joined into one `format=columns` answer."""
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = response.content.split(b"\n")
    assert lines[-1] == b""  # every line ends with a newline
    head, *chunks, end = [json.loads(line) for line in lines[:-1]]
    assert head == {"format": "column-chunks", "cursor": head["cursor"]}
    assert end["end"] is True and end["count"] == sum(chunk["count"] for chunk in chunks)
    columns = {field: [] for field in FIELDS}
    for chunk in chunks:
        assert chunk["count"] > 0 and set(chunk["columns"]) == set(FIELDS)
        for field in FIELDS:
            columns[field] += chunk["columns"][field]
    return {
        "format": "columns",
        "count": end["count"],
        "columns": columns,
        "removed": end["removed"],
        "cursor": head["cursor"],
    }


def both(http, session, **params) -> tuple[dict, dict]:
    """(default answer, columns answer as objects), checking the streamed answer equals the columns one."""
    default = http.get(URL, params=params, headers=bearer(session))
    columns = http.get(URL, params={**params, "format": "columns"}, headers=bearer(session))
    streamed = http.get(URL, params={**params, "format": "column-chunks"}, headers=bearer(session))
    assert default.status_code == 200 and columns.status_code == 200, (default.text, columns.text)
    assert streamed.status_code == 200, streamed.text
    assert columns.headers["content-type"] == "application/json"
    assert chunks_as_columns(streamed) == columns.json()
    return default.json(), as_objects(columns.json())


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(token_routes, "STREAM_CHUNK_ROWS", 2)


def test_columns_and_default_give_the_same_tokens_changes_and_tombstones(
    server, http, admin, clock, small_chunks
):
    bob = server.sign_in("acme", "bøb.ünïcode", "security_operator")
    keep = generate(http, "acme", admin, name="keep – Überwachung")
    gone = generate(http, "acme", admin, name="gone", privileges="read_write")
    generate(http, "acme", admin, name="siem", kind="siem_agent")
    generate(http, "acme", bob, name="bob's 🔑 laptop", kind="log_collector")
    http.get("/t/acme/api/v1/alerts/", headers=token_auth(keep["secret"]))
    clock.advance(timedelta(days=9))  # keep's use is now old: "inactive"
    admin = server.sign_in("acme", "alice", "global_admin")  # a fresh session after the jump

    kinds = "api,siem_agent,log_collector"
    default, columns = both(http, admin, kind=kinds)
    assert columns == default
    assert len(default["items"]) == 4 and default["removed"] == []
    assert {t["status"] for t in default["items"]} == {"inactive", "generated"}

    nothing_default, nothing_columns = both(http, admin, kind=kinds, changed_since=default["cursor"])
    assert nothing_columns == nothing_default
    assert nothing_default["items"] == [] and nothing_default["removed"] == []

    added = generate(http, "acme", admin, name="added")
    http.get("/t/acme/api/v1/alerts/", headers=token_auth(keep["secret"]))
    assert http.delete(f"{URL}/{gone['id']}", headers=bearer(admin)).status_code == 204
    server.store.deprovision("acme", "bøb.ünïcode")
    delta_default, delta_columns = both(http, admin, kind=kinds, changed_since=default["cursor"])
    assert delta_columns == delta_default
    assert delta_default["removed"] == [gone["id"]]
    changed = {t["id"]: t for t in delta_default["items"]}
    assert added["id"] in changed and changed[keep["id"]]["status"] == "active"
    assert [t["owner_deprovisioned"] for t in delta_default["items"] if t["owner"] == "bøb.ünïcode"] == [True]


def test_columns_follow_the_filters_and_the_viewer(server, http, admin, small_chunks):
    bob = server.sign_in("acme", "bob", "security_operator")
    generate(http, "acme", admin, name="billing export")
    generate(http, "acme", bob, name="bob's script")
    generate(http, "acme", admin, name="siem", kind="siem_agent")
    for params in (
        {},
        {"kind": "siem_agent"},
        {"status": "generated"},
        {"status": "active"},
        {"search": "BILLING"},
        {"search": "bob"},
    ):
        default, columns = both(http, admin, **params)
        assert columns == default, params
    default, columns = both(http, bob, kind="api,siem_agent")
    assert columns == default and [t["name"] for t in default["items"]] == ["bob's script"]


def test_an_empty_list_in_columns(http, admin):
    body = http.get(URL, params={"format": "columns"}, headers=bearer(admin)).json()
    assert body["count"] == 0 and body["removed"] == [] and body["cursor"]
    assert body["columns"] == {field: [] for field in FIELDS}
    streamed = http.get(URL, params={"format": "column-chunks"}, headers=bearer(admin))
    assert streamed.content.count(b"\n") == 2  # the head and the end line, no chunk
    assert chunks_as_columns(streamed) == body


def test_a_stream_that_fails_midway_ends_without_its_end_line(server, http, admin, small_chunks, monkeypatch):
    for i in range(5):
        generate(http, "acme", admin, name=f"t{i}")
    real = token_routes._columns_json
    calls = []

    def failing(columns):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(columns)

    monkeypatch.setattr(token_routes, "_columns_json", failing)
    response = http.get(URL, params={"format": "column-chunks"}, headers=bearer(admin))
    assert response.status_code == 200  # the status was sent with the head line
    lines = [json.loads(line) for line in response.content.splitlines()]
    assert len(lines) == 2 and lines[0]["format"] == "column-chunks" and lines[1]["count"] == 2
    assert not any(line.get("end") for line in lines)


def test_format_objects_is_the_default_and_an_unknown_format_answers_422(http, admin):
    generate(http, "acme", admin)
    plain = http.get(URL, headers=bearer(admin)).json()
    assert http.get(URL, params={"format": "objects"}, headers=bearer(admin)).json() == plain
    assert set(plain) == {"items", "removed", "cursor"}
    assert (
        "columns" in is_problem(http.get(URL, params={"format": "csv"}, headers=bearer(admin)), 422)["detail"]
    )


@pytest.mark.parametrize("list_format", ["columns", "column-chunks"])
def test_a_bad_cursor_or_filter_is_refused_before_any_token(http, admin, list_format):
    response = http.get(
        URL, params={"format": list_format, "changed_since": "garbage"}, headers=bearer(admin)
    )
    assert "without changed_since" in is_problem(response, 422)["detail"]
    is_problem(
        http.get(URL, params={"format": list_format, "status": "sleeping"}, headers=bearer(admin)), 422
    )


@pytest.mark.parametrize("list_format", ["columns", "column-chunks"])
def test_compact_formats_need_a_session(http, admin, list_format):
    response = http.get(URL, params={"format": list_format})
    assert response.status_code == 401
