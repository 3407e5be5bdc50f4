"""Audit hygiene: a failed sign-in names the user only when the user exists; repeated 403s from one
token are folded into one record per minute that says how many there were."""

from __future__ import annotations

import httpx

from tests.live_server import live_server

from .helpers import generate, is_problem, token_auth

PASSWORD = "correct horse battery"


def test_a_password_typed_into_the_username_field_is_not_kept(server, http):
    server.store.ensure_tenant("acme")
    server.store.ensure_user("acme", "alice", "security_reader", password=PASSWORD)
    for username, password in (("my secret passphrase", "x"), ("alice", "wrong password!")):
        http.post("/t/acme/api/v1/session", json={"username": username, "password": password})
    events = [e for e in server.store.audit.events("acme") if e.action == "session.sign_in"]
    assert [(e.actor, e.outcome) for e in events] == [("alice", "denied"), (None, "denied")]
    assert all("passphrase" not in repr(e) for e in events)


def test_repeated_403s_are_folded_into_one_record_a_minute(db_url, clock):
    with live_server(db_url, clock=clock) as srv, httpx.Client(base_url=srv.url) as http:
        session = srv.sign_in("acme", "alice")
        secret = generate(http, "acme", session, privileges="read")["secret"]
        for _ in range(50):
            is_problem(http.post("/t/acme/api/v1/alerts/1/close/", headers=token_auth(secret)), 403)
        denied = [e for e in srv.store.audit.events("acme") if e.action == "token.denied"]
        assert len(denied) == 1
        clock.advance(seconds=61)
        is_problem(http.post("/t/acme/api/v1/alerts/1/close/", headers=token_auth(secret)), 403)
        denied = [e for e in srv.store.audit.events("acme") if e.action == "token.denied"]
        assert len(denied) == 2 and "49 more" in denied[0].detail
