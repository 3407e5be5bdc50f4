"""Expiry over HTTP (SPEC rule 11), SQLite file and PostgreSQL: chosen at generation within the tenant
policy, 401 at and past the moment, listed as expired for 30 days, then reported removed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.core.tokens import format_utc, parse_utc
from tests.live_server import live_server

from .helpers import bearer, is_problem, token_auth

TOKENS = "/t/acme/api/v1/tokens"


@pytest.fixture
def server(db_url, clock):
    """The live service with sessions lasting longer than the time these tests move the clock."""
    with live_server(db_url, clock=clock, session_ttl_seconds=500 * 86_400) as srv:
        yield srv


@pytest.fixture
def admin(server):
    return server.sign_in("acme", "alice", "global_admin")


def create(http, session, **fields):
    body = {"name": fields.pop("name", "script"), "privileges": "read", **fields}
    return http.post(TOKENS, headers=bearer(session), json=body)


def listed(http, session, **params):
    response = http.get(TOKENS, headers=bearer(session), params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_without_a_choice_an_api_token_gets_the_policys_default_of_90_days(http, admin, clock):
    body = create(http, admin).json()
    assert parse_utc(body["expires_at"]) == clock().replace(microsecond=0) + timedelta(days=90)
    assert body["description"] == ""


def test_expires_in_days_and_expires_at_with_an_offset_are_honoured(http, admin, clock):
    in_days = create(http, admin, name="a", expires_in_days=30).json()
    assert parse_utc(in_days["expires_at"]) == clock().replace(microsecond=0) + timedelta(days=30)
    moment = clock() + timedelta(days=10, minutes=7)
    at = create(http, admin, name="b", expires_at=moment.isoformat().replace("+00:00", "+02:00"))
    assert at.status_code == 201, at.text
    assert parse_utc(at.json()["expires_at"]) == (moment - timedelta(hours=2)).replace(microsecond=0)


@pytest.mark.parametrize(
    ("fields", "phrase"),
    [
        ({"expires_in_days": 366}, "at most 365 days"),
        ({"expires_at": None}, "at most 365 days"),
        ({"expires_at": "2026-03-01T09:00:00Z"}, "in the future"),
        ({"expires_at": "2026-04-01T09:00:00"}, "offset"),
        ({"expires_at": "next tuesday"}, "ISO 8601"),
        ({"expires_in_days": 0}, "expires_in_days"),
        ({"expires_in_days": 5, "expires_at": "2026-04-01T09:00:00Z"}, "either"),
    ],
)
def test_an_expiry_outside_the_policy_answers_422_naming_the_maximum(http, admin, fields, phrase):
    assert phrase in is_problem(create(http, admin, **fields), 422)["detail"]


def test_machine_tokens_may_live_forever_and_default_to_no_expiry(http, admin):
    agent = create(http, admin, name="agent", kind="siem_agent").json()
    assert agent["expires_at"] is None
    forever = create(http, admin, name="collector", kind="log_collector", expires_at=None)
    assert forever.status_code == 201 and forever.json()["expires_at"] is None


def test_a_token_works_until_its_expiry_and_answers_401_saying_so_from_then_on(http, admin, clock):
    token = create(http, admin, expires_in_days=1).json()
    alerts = "/t/acme/api/v1/alerts/"
    clock.advance(days=1, seconds=-1)
    assert http.get(alerts, headers=token_auth(token["secret"])).status_code == 200
    clock.advance(seconds=1)  # exactly at the expiry: expired
    response = http.get(alerts, headers=token_auth(token["secret"]))
    problem = is_problem(response, 401)
    assert problem["detail"] == (
        f"This token expired on {token['expires_at']}; generate a new one or ask its owner."
    )
    assert response.headers["www-authenticate"] == 'Token error="invalid_token"'
    assert token["secret"] not in response.text


def test_an_expired_token_is_listed_as_expired_and_the_status_filter_finds_it(http, admin, clock):
    short = create(http, admin, name="short", expires_in_days=1).json()
    create(http, admin, name="long", expires_in_days=60)
    clock.advance(days=2)
    items = {item["name"]: item for item in listed(http, admin)["items"]}
    assert items["short"]["status"] == "expired" and items["long"]["status"] == "generated"
    only = listed(http, admin, status="expired")["items"]
    assert [item["id"] for item in only] == [short["id"]]
    columns = listed(http, admin, status="expired", format="columns")["columns"]
    assert columns["id"] == [short["id"]] and columns["status"] == ["expired"]


def test_thirty_days_after_expiry_the_token_leaves_the_list_and_a_delta_reports_it(http, admin, clock):
    short = create(http, admin, name="short", expires_in_days=1).json()
    kept = create(http, admin, name="kept", expires_in_days=90).json()
    clock.advance(days=2)
    first = listed(http, admin)
    assert {i["id"] for i in first["items"]} == {short["id"], kept["id"]}
    clock.set(parse_utc(short["expires_at"]) + timedelta(days=30, seconds=-1))
    assert short["id"] in {i["id"] for i in listed(http, admin)["items"]}  # still inside the tail
    clock.advance(seconds=1)
    assert {i["id"] for i in listed(http, admin)["items"]} == {kept["id"]}
    # No write touched the token; the delta since the first listing still says it went away.
    delta = listed(http, admin, changed_since=first["cursor"])
    assert delta["removed"] == [short["id"]] and delta["items"] == []
    # ... once: the next delta has nothing more to say.
    assert listed(http, admin, changed_since=delta["cursor"])["removed"] == []


def test_a_delta_from_an_older_cursor_without_its_moment_still_reports_aged_out_tokens(http, admin, clock):
    short = create(http, admin, name="short", expires_in_days=1).json()
    cursor = listed(http, admin)["cursor"]
    old_form = cursor.rsplit(".", 1)[0]  # c1.<seq>.a, as a service before expiry answered
    clock.advance(days=40)
    assert listed(http, admin, changed_since=old_form)["removed"] == [short["id"]]


def test_a_revoked_expired_token_is_reported_removed_as_any_revoked_one(http, admin, clock):
    short = create(http, admin, name="short", expires_in_days=1).json()
    cursor = listed(http, admin)["cursor"]
    clock.advance(days=2)
    assert http.delete(f"{TOKENS}/{short['id']}", headers=bearer(admin)).status_code == 204
    assert listed(http, admin, changed_since=cursor)["removed"] == [short["id"]]
    assert listed(http, admin, status="expired")["items"] == []


def test_introspection_answers_exp_and_an_expired_token_is_inactive(http, admin, clock):
    token = create(http, admin, expires_in_days=3).json()
    agent = create(http, admin, name="agent", kind="siem_agent").json()
    url = "/t/acme/api/v1/introspect"
    body = http.post(url, headers=bearer(admin), data={"token": token["secret"]}).json()
    assert body["active"] is True
    assert body["exp"] == int(parse_utc(token["expires_at"]).timestamp())
    assert "exp" not in http.post(url, headers=bearer(admin), data={"token": agent["secret"]}).json()
    clock.advance(days=3)
    assert http.post(url, headers=bearer(admin), data={"token": token["secret"]}).json() == {"active": False}


def test_the_single_read_and_the_audit_carry_the_expiry(server, http, admin, clock):
    token = create(http, admin, expires_in_days=7).json()
    again = http.get(f"{TOKENS}/{token['id']}", headers=bearer(admin)).json()
    assert again["expires_at"] == token["expires_at"] == format_utc(clock() + timedelta(days=7))
    generated = [e for e in server.store.audit.events("acme") if e.action == "token.generate"]
    assert f"expires_at={token['expires_at']}" in generated[0].detail
