"""`GET /t/{tenant}/api/v1/audit` with 100,000 events on SQLite and PostgreSQL: newest first by (at, id),
keyset cursors that neither skip nor repeat, every filter, the CSV export (header, every event, cells
safe from formula injection, streamed in pieces), full admins only, a sentence for bad parameters.

How fast a page answers is measured by tests/server/bench_audit.py, not asserted here."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from desktop_app.server.models import iso_from_micros

from .audit_events import BASE, seed
from .helpers import bearer, is_problem

AUDIT = "/t/acme/api/v1/audit"
N = 100_000


def _newest_first(events: list[tuple]) -> list[tuple]:
    return sorted(events, key=lambda e: (e[1], e[0]), reverse=True)


def _json(event: tuple) -> dict:
    keys = ("id", "at", "actor", "action", "target", "address", "outcome", "detail")
    return dict(zip(keys, (event[0], iso_from_micros(event[1]), *event[2:8]), strict=True))


def _all_pages(http, session, params: dict) -> tuple[list[dict], int]:
    events, cursor, pages = [], None, 0
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        body = http.get(AUDIT, params=query, headers=bearer(session)).json()
        events += body["events"]
        pages += 1
        cursor = body["cursor"]
        if cursor is None:
            return events, pages


def test_100k_events_page_filter_and_export(server, http):
    session = server.sign_in("acme", "root", "security_admin")
    server.sign_in("globex", "gina")
    before = server.store.audit.events("acme")  # the real events of the set-up (tenant, user, ...)
    events = seed(server.store, server.store.tenant_id("acme"), N)
    seeded = {e[0] for e in events}
    seed(server.store, server.store.tenant_id("globex"), 1000)  # another tenant's: never listed

    # the first page: the newest 100 by (at, id)
    first = http.get(AUDIT, headers=bearer(session))
    assert first.status_code == 200 and first.headers["cache-control"] == "no-store"
    body = first.json()
    assert len(body["events"]) == 100 and body["cursor"]
    assert body["events"][0]["action"] in {e.action for e in before}  # set up "now", after the seeded
    seeded_first = [e for e in body["events"] if e["id"] in seeded]
    assert seeded_first == [_json(e) for e in _newest_first(events)[: len(seeded_first)]]

    # every page of a filter, in order, nothing skipped or repeated (pairs share a moment: id breaks ties)
    revokes = _newest_first([e for e in events if e[3] == "token.revoke"])
    got, pages = _all_pages(http, session, {"action": "token.revoke", "limit": 1000})
    assert got == [_json(e) for e in revokes] and pages == -(-len(revokes) // 1000)  # the last one is full

    # filters: actor, a token, a comma list of actions, a time range (since inclusive, until exclusive)
    def first_page(params: dict, limit: int = 1000) -> list[dict]:
        response = http.get(AUDIT, params={**params, "limit": limit}, headers=bearer(session))
        assert response.status_code == 200, response.text
        return response.json()["events"]

    expect = _newest_first([e for e in events if e[2] == "carol"])[:1000]
    assert first_page({"actor": "carol"}) == [_json(e) for e in expect]
    expect = _newest_first([e for e in events if e[8] == "tok0007"])[:1000]
    assert first_page({"token_id": "tok0007"}) == [_json(e) for e in expect] and len(expect) == 1000
    expect = _newest_first([e for e in events if e[3] in ("token.denied", "alert.close")])[:500]
    assert first_page({"action": "token.denied,alert.close"}, 500) == [_json(e) for e in expect]
    since, until = BASE + timedelta(hours=2), BASE + timedelta(hours=2, minutes=20)
    window = _newest_first(
        [e for e in events if since.timestamp() * 1e6 <= e[1] < until.timestamp() * 1e6 and e[2] == "bob"]
    )
    params = {"since": since.isoformat(), "until": until.isoformat().replace("+00:00", "Z"), "actor": "bob"}
    assert first_page(params) == [_json(e) for e in window] and 0 < len(window) < 1000
    assert first_page({"actor": "nobody"}) == []

    # CSV: the whole log of the tenant, newest first, a header row, streamed in pieces
    with http.stream("GET", AUDIT, params={"format": "csv"}, headers=bearer(session)) as response:
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        assert "content-length" not in response.headers  # streamed, not built whole first
        pieces = list(response.iter_raw())
    assert len(pieces) > 1
    rows = list(csv.reader(io.StringIO(b"".join(pieces).decode("utf-8"))))
    assert rows[0] == ["id", "at", "actor", "action", "target", "address", "outcome", "detail"]
    assert len(rows) == 1 + N + len(before)
    by_id = {int(r[0]): r for r in rows[1:]}
    ordered = [int(r[0]) for r in rows[1:] if int(r[0]) in seeded]
    assert ordered == [e[0] for e in _newest_first(events)]
    for event in events[:: N // 50]:
        assert by_id[event[0]][1:5] == [iso_from_micros(event[1]), event[2], event[3], event[4] or ""]
    formulas = {by_id[e[0]][7] for e in events if e[0] in by_id and not e[7].startswith("event")}
    assert formulas == {"'=1+2", "'+cmd", "'-2", "'@SUM(A1)"}
    # the CSV of a filter holds what its pages hold
    filtered = http.get(AUDIT, params={"format": "csv", "action": "token.revoke"}, headers=bearer(session))
    assert [int(r[0]) for r in list(csv.reader(io.StringIO(filtered.text)))[1:]] == [e["id"] for e in got]


def test_token_filter_finds_a_real_tokens_life(server, http):
    session = server.sign_in("acme", "root")
    created = http.post(
        "/t/acme/api/v1/tokens", headers=bearer(session), json={"name": "ci", "privileges": "read"}
    ).json()
    http.get("/t/acme/api/v1/alerts/1/close/", headers={"Authorization": f"Token {created['secret']}"})
    http.post(
        "/t/acme/api/v1/alerts/1/close/", headers={"Authorization": f"Token {created['secret']}"}
    )  # 403: read only, audited with the token as actor
    http.delete(f"/t/acme/api/v1/tokens/{created['id']}", headers=bearer(session))
    got = http.get(AUDIT, params={"token_id": created["id"]}, headers=bearer(session)).json()["events"]
    assert [e["action"] for e in got] == ["token.revoke", "token.denied", "token.generate"]
    assert got[1]["actor"] == f"token {created['id']} of root" and got[0]["address"] == "127.0.0.1"


@pytest.mark.parametrize("role", ["security_operator", "security_reader"])
def test_only_full_admins_read_the_audit_log(server, http, role):
    session = server.sign_in("acme", "olga", role)
    assert "admin" in is_problem(http.get(AUDIT, headers=bearer(session)), 403)["detail"]
    assert is_problem(http.get(AUDIT, params={"format": "csv"}, headers=bearer(session)), 403)
    assert is_problem(http.get(AUDIT), 401)


@pytest.mark.parametrize(
    ("params", "phrase"),
    [
        ({"limit": 0}, "1 to 1,000"),
        ({"limit": 1001}, "1 to 1,000"),
        ({"since": "yesterday"}, "ISO 8601"),
        ({"until": "2026-13-01"}, "ISO 8601"),
        ({"cursor": "e1.x"}, "cursor"),
        ({"format": "xml"}, "csv"),
        ({"actor": "a\x00b"}, "actor"),
    ],
)
def test_bad_parameters_answer_422_with_a_sentence(server, http, params, phrase):
    session = server.sign_in("acme", "root")
    assert phrase in is_problem(http.get(AUDIT, params=params, headers=bearer(session)), 422)["detail"]
