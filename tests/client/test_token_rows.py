"""`list_token_rows`: the compact list answer as cache rows, equal to what `list_tokens` gives."""

from __future__ import annotations

import json

import httpx
import pytest

from desktop_app.client.api import TokenServiceClient
from desktop_app.client.errors import CursorRejected, UnexpectedResponse
from desktop_app.core.roles import Privileges
from desktop_app.core.token_fields import FIELD_INDEX, ROW_FIELDS, row_from_token
from desktop_app.core.tokens import TokenKind
from tests.live_server import LiveServer
from tests.token_rows import make_row

from .service import TENANT

ALL = tuple(TokenKind)
# The one token the hand-made answers below describe (fields they leave out: schema defaults).
ROW_AB12 = make_row(
    id="ab12",
    name="n",
    kind="api",
    owner="o",
    owner_deprovisioned=False,
    privileges="read_write",
    created_at=1795831966.0,
    last_used_at=None,
)


def rows_of(client: TokenServiceClient, changed_since: str | None = None) -> list[tuple]:
    return [row_from_token(t) for t in client.list_tokens(kinds=ALL, changed_since=changed_since).items]


def test_rows_equal_the_default_format_full_and_incremental(
    service: LiveServer, admin: TokenServiceClient
) -> None:
    first = admin.generate_token("first – Überwachung", Privileges.READ)
    used = admin.generate_token("used", Privileges.READ_WRITE)
    admin.generate_token("siem", Privileges.READ, kind=TokenKind.SIEM_AGENT)
    httpx.get(f"{used.tenant_api_url}/api/v1/alerts/", headers={"Authorization": f"Token {used.secret}"})

    page = admin.list_token_rows(kinds=ALL)
    assert page.rows == rows_of(admin) and len(page.rows) == 3
    assert page.removed == [] and page.cursor == admin.list_tokens(kinds=ALL).cursor
    for row in page.rows:
        assert len(row) == len(ROW_FIELDS)
        assert type(row[4]) is bool and type(row[6]) is float
        assert row[7] is None or type(row[7]) is float
    assert {r[0] for r in page.rows if r[7] is not None} == {used.token.id}

    cursor = page.cursor
    third = admin.generate_token("third", Privileges.READ, kind=TokenKind.LOG_COLLECTOR)
    admin.revoke_token(first.token.id)
    delta = admin.list_token_rows(kinds=ALL, changed_since=cursor)
    assert delta.rows == rows_of(admin, cursor) and [r[0] for r in delta.rows] == [third.token.id]
    assert delta.removed == [first.token.id]
    assert admin.list_token_rows(kinds=ALL, changed_since=delta.cursor).rows == []


def test_a_rejected_cursor_raises_cursor_rejected(admin: TokenServiceClient) -> None:
    with pytest.raises(CursorRejected):
        admin.list_token_rows(kinds=ALL, changed_since="c1.0.z")


def _client_answering(body: object) -> TokenServiceClient:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["format"] == "columns"
        return httpx.Response(
            200, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )

    return TokenServiceClient(
        "http://127.0.0.1:9", TENANT, session_token="s", transport=httpx.MockTransport(handler)
    )


def test_an_older_service_answering_in_the_default_format_is_read_too() -> None:
    item = {
        "id": "ab12",
        "name": "n",
        "kind": "api",
        "owner": "o",
        "owner_deprovisioned": True,
        "privileges": "read",
        "status": "inactive",
        "created_at": "2026-11-28T02:12:46Z",
        "last_used_at": "2026-11-28T03:00:00Z",
    }
    with _client_answering({"items": [item], "removed": ["cd34"], "cursor": "c1.5.a"}) as client:
        page = client.list_token_rows(kinds=ALL)
    # The fields it does not send (expiry, description, rotation) take their schema defaults.
    assert page.rows == [
        make_row(
            id="ab12",
            name="n",
            kind="api",
            owner="o",
            owner_deprovisioned=True,
            privileges="read",
            created_at=1795831966.0,
            last_used_at=1795834800.0,
        )
    ]
    assert page.removed == ["cd34"] and page.cursor == "c1.5.a"


def _columns(**changes: list) -> dict:
    columns = {
        "id": ["ab12"],
        "name": ["n"],
        "kind": ["api"],
        "owner": ["o"],
        "owner_deprovisioned": [False],
        "privileges": ["read_write"],
        "status": ["generated"],
        "created_at": [1795831966],
        "last_used_at": [None],
    }
    columns.update(changes)
    return {"format": "columns", "count": 1, "columns": columns, "removed": [], "cursor": "c1.5.a"}


def test_columns_become_rows_with_float_times() -> None:
    with _client_answering(_columns()) as client:
        page = client.list_token_rows(kinds=ALL)
    assert page.rows == [
        make_row(
            id="ab12",
            name="n",
            kind="api",
            owner="o",
            owner_deprovisioned=False,
            privileges="read_write",
            created_at=1795831966.0,
            last_used_at=None,
        )
    ]
    assert type(page.rows[0][FIELD_INDEX["created_at"]]) is float


def test_columns_carry_the_lifecycle_fields() -> None:
    changes = {
        "expires_at": [1795900000],
        "description": ["nightly export"],
        "old_secret_valid_until": [1795840000],
        "old_secret_last_used_at": [None],
    }
    with _client_answering(_columns(**changes)) as client:
        page = client.list_token_rows(kinds=ALL)
    (row,) = page.rows
    assert row[FIELD_INDEX["expires_at"]] == 1795900000.0
    assert row[FIELD_INDEX["description"]] == "nightly export"
    assert row[FIELD_INDEX["old_secret_valid_until"]] == 1795840000.0
    assert row[FIELD_INDEX["old_secret_last_used_at"]] is None


@pytest.mark.parametrize(
    "changes",
    [
        {"id": ["ab12", "cd34"]},  # lengths differ
        {"kind": ["ssh"]},
        {"privileges": ["admin"]},
        {"owner_deprovisioned": [1]},
        {"created_at": ["2026-11-28T02:12:46Z"]},
        {"last_used_at": ["yesterday"]},
        {"name": [None]},
        {"owner": "o"},
    ],
)
def test_malformed_columns_are_an_unexpected_response(changes: dict) -> None:
    with _client_answering(_columns(**changes)) as client, pytest.raises(UnexpectedResponse):
        client.list_token_rows(kinds=ALL)


def test_missing_column_or_wrong_count_is_an_unexpected_response() -> None:
    body = _columns()
    del body["columns"]["last_used_at"]
    with _client_answering(body) as client, pytest.raises(UnexpectedResponse):
        client.list_token_rows(kinds=ALL)
    with _client_answering({**_columns(), "count": 2}) as client, pytest.raises(UnexpectedResponse):
        client.list_token_rows(kinds=ALL)


# -- streamed: format=column-chunks ------------------------------------------------------------


def streamed(
    client: TokenServiceClient, changed_since: str | None = None
) -> tuple[str, list[list[tuple]], list[str]]:
    with client.stream_token_rows(kinds=ALL, changed_since=changed_since) as stream:
        cursor = stream.cursor
        chunks = list(stream.chunks())
        return cursor, chunks, stream.removed


def test_stream_gives_the_rows_of_list_token_rows_in_chunks(
    service: LiveServer, admin: TokenServiceClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.server.routes import tokens as token_routes

    monkeypatch.setattr(token_routes, "STREAM_CHUNK_ROWS", 2)
    made = [admin.generate_token(f"t{i}", Privileges.READ, kind=ALL[i % 3]) for i in range(5)]
    cursor, chunks, removed = streamed(admin)
    page = admin.list_token_rows(kinds=ALL)
    assert [len(chunk) for chunk in chunks] == [2, 2, 1]
    assert [row for chunk in chunks for row in chunk] == page.rows == rows_of(admin)
    assert cursor == page.cursor and removed == []

    admin.revoke_token(made[0].token.id)
    extra = admin.generate_token("extra", Privileges.READ_WRITE)
    cursor2, chunks, removed = streamed(admin, changed_since=cursor)
    assert (
        [row for chunk in chunks for row in chunk] == rows_of(admin, cursor) == [row_from_token(extra.token)]
    )
    assert removed == [made[0].token.id] and cursor2 != cursor


def test_stream_with_a_rejected_cursor_raises_cursor_rejected(admin: TokenServiceClient) -> None:
    with pytest.raises(CursorRejected), admin.stream_token_rows(kinds=ALL, changed_since="c1.0.z"):
        pass


def _client_streaming(pieces: list[bytes], content_type: str = "application/x-ndjson") -> TokenServiceClient:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["format"] == "column-chunks"
        return httpx.Response(200, content=iter(pieces), headers={"Content-Type": content_type})

    return TokenServiceClient(
        "http://127.0.0.1:9", TENANT, session_token="s", transport=httpx.MockTransport(handler)
    )


HEAD = b'{"format":"column-chunks","cursor":"c1.7.a"}\n'


def _chunk_line(**changes: list) -> bytes:
    body = _columns(**changes)
    return json.dumps({"count": len(body["columns"]["id"]), "columns": body["columns"]}).encode() + b"\n"


def test_stream_lines_split_anywhere_across_network_reads() -> None:
    chunk = _chunk_line()
    end = b'{"end":true,"count":2,"removed":["zz"]}\n'
    body = HEAD + chunk + chunk + end
    pieces = [body[i : i + 7] for i in range(0, len(body), 7)]
    with _client_streaming(pieces) as client, client.stream_token_rows(kinds=ALL) as stream:
        assert stream.cursor == "c1.7.a"
        chunks = list(stream.chunks())
        assert stream.removed == ["zz"]
    assert chunks == [[ROW_AB12]] * 2


@pytest.mark.parametrize(
    "body",
    [
        HEAD + _chunk_line(),  # cut off: no end line
        HEAD + _chunk_line() + b'{"end":true,"count":1,"removed":[]}',  # last line without its newline
        HEAD + _chunk_line() + b'{"end":true,"count":5,"removed":[]}\n',  # count does not add up
        HEAD + _chunk_line(kind=["ssh"]) + b'{"end":true,"count":1,"removed":[]}\n',
        HEAD + b"not json\n",
        HEAD + b"[1, 2]\n",
    ],
)
def test_a_broken_stream_raises_unexpected_response(body: bytes) -> None:
    with _client_streaming([body]) as client, client.stream_token_rows(kinds=ALL) as stream:
        with pytest.raises(UnexpectedResponse):
            list(stream.chunks())


@pytest.mark.parametrize(
    "head", [b"", b"{}\n", b'{"format":"columns","cursor":"c"}\n', b'{"format":"column-chunks"}\n']
)
def test_a_stream_without_its_head_line_raises_unexpected_response(head: bytes) -> None:
    with _client_streaming([head]) as client, pytest.raises(UnexpectedResponse):
        with client.stream_token_rows(kinds=ALL):
            pass


def test_a_stream_broken_by_the_network_raises_service_unreachable() -> None:
    def pieces():
        yield HEAD
        yield _chunk_line()
        raise httpx.ReadError("connection reset")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=pieces(), headers={"Content-Type": "application/x-ndjson"})

    from desktop_app.client.errors import ServiceUnreachable

    transport = httpx.MockTransport(handler)
    with TokenServiceClient("http://127.0.0.1:9", TENANT, session_token="s", transport=transport) as client:
        with client.stream_token_rows(kinds=ALL) as stream:
            chunks = stream.chunks()
            assert len(next(chunks)) == 1
            with pytest.raises(ServiceUnreachable):
                next(chunks)


@pytest.mark.parametrize("answer", ["objects", "columns"])
def test_an_older_service_answering_in_one_piece_is_streamed_as_one_chunk(answer: str) -> None:
    item = {
        "id": "ab12",
        "name": "n",
        "kind": "api",
        "owner": "o",
        "owner_deprovisioned": False,
        "privileges": "read_write",
        "status": "generated",
        "created_at": "2026-11-28T02:12:46Z",
        "last_used_at": None,
    }
    body = {"items": [item], "removed": [], "cursor": "c1.5.a"} if answer == "objects" else _columns()
    with _client_streaming([json.dumps(body).encode()], "application/json") as client:
        with client.stream_token_rows(kinds=ALL) as stream:
            assert stream.cursor == "c1.5.a"
            assert list(stream.chunks()) == [[ROW_AB12]]
