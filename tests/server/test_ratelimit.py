"""Failure limits slow down failures only: a valid token or session is never refused because of
what its address (or anyone) did before; the sign-in limit holds under concurrent attempts."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind
from tests.live_server import live_server

from .helpers import bearer, generate, is_problem, token_auth

PASSWORD = "correct horse battery"


def test_a_valid_token_and_session_pass_however_many_failures_their_address_had(db_url, clock):
    with live_server(db_url, clock=clock, token_failures=20) as srv, httpx.Client(base_url=srv.url) as http:
        session = srv.sign_in("acme", "alice")
        secret = generate(http, "acme", session)["secret"]
        revoked = generate(http, "acme", session, name="old cron job")
        assert (
            http.delete(f"/t/acme/api/v1/tokens/{revoked['id']}", headers=bearer(session)).status_code == 204
        )
        for _ in range(20):  # no credentials at all
            http.get("/t/acme/api/v1/alerts/")
        for _ in range(25):
            http.get("/t/acme/api/v1/alerts/", headers=token_auth(new_secret(TokenKind.API)))
        for _ in range(21):  # a forgotten job retrying a revoked token
            http.get("/t/acme/api/v1/alerts/", headers=token_auth(revoked["secret"]))
        for _ in range(20):
            http.get("/t/acme/api/v1/session", headers=bearer("tds_" + "x" * 43))
        # the failures themselves are slowed down...
        assert is_problem(http.get("/t/acme/api/v1/alerts/", headers=token_auth(revoked["secret"])), 429)
        assert is_problem(http.get("/t/acme/api/v1/session", headers=bearer("tds_" + "y" * 43)), 429)
        # ...the valid credentials from the same address are not
        assert http.get("/t/acme/api/v1/alerts/", headers=token_auth(secret)).status_code == 200
        assert http.get("/api/v1/alerts/", headers=token_auth(secret)).status_code == 200
        assert http.get("/t/acme/api/v1/session", headers=bearer(session)).status_code == 200
        assert http.get("/t/acme/api/v1/tokens", headers=bearer(session)).status_code == 200


def test_sign_in_limit_verifies_at_most_the_allowed_attempts_under_40_concurrent(db_url, clock):
    with live_server(db_url, clock=clock, sign_in_failures=5, password_queue=64) as srv:
        srv.store.ensure_tenant("acme")
        srv.store.ensure_user("acme", "alice", "global_admin", password=PASSWORD)
        passwords = [f"wrong guess {i:02d}" for i in range(40)]
        passwords[20] = PASSWORD

        def attempt(password: str) -> int:
            with httpx.Client(base_url=srv.url, timeout=60) as http:
                return http.post(
                    "/t/acme/api/v1/session", json={"username": "alice", "password": password}
                ).status_code

        with ThreadPoolExecutor(40) as pool:
            codes = list(pool.map(attempt, passwords))
        assert set(codes) <= {201, 401, 429}
        assert codes.count(401) <= 5
        assert codes.count(401) + codes.count(201) <= 6  # verified: the failures, and at most one success
        denied = [
            e
            for e in srv.store.audit.events("acme")
            if e.action == "session.sign_in" and e.outcome == "denied"
        ]
        assert len(denied) == codes.count(401)


def test_failed_sign_ins_are_limited_per_address_and_per_username(db_url, clock):
    with live_server(db_url, clock=clock, sign_in_failures=2) as srv:
        srv.store.ensure_tenant("acme")
        for user in ("alice", "bob", "carol"):
            srv.store.ensure_user("acme", user, "security_reader", password=PASSWORD)
        elsewhere = httpx.Client(base_url=srv.url, transport=httpx.HTTPTransport(local_address="127.0.0.2"))
        third = httpx.Client(base_url=srv.url, transport=httpx.HTTPTransport(local_address="127.0.0.3"))

        def sign_in(http, user, password=PASSWORD):
            return http.post("/t/acme/api/v1/session", json={"username": user, "password": password})

        with httpx.Client(base_url=srv.url) as http, elsewhere, third:
            assert sign_in(http, "alice", "bad").status_code == 401
            assert sign_in(http, "alice", "bad").status_code == 401
            # alice's name is being guessed: limited from any address
            assert is_problem(sign_in(elsewhere, "alice"), 429)
            # this address is guessing: limited for any name
            assert is_problem(sign_in(http, "bob"), 429)
            # neither key is touched by bob elsewhere
            assert sign_in(elsewhere, "bob").status_code == 201
            # an unknown tenant or user answers like a wrong password, and counts
            unknown = sign_in(third, "nobody", "x")
            assert is_problem(unknown, 401)["detail"] == "Wrong username or password."
            other_tenant = third.post(
                "/t/no-such-tenant/api/v1/session", json={"username": "carol", "password": "x"}
            )
            assert is_problem(other_tenant, 401)["detail"] == "Wrong username or password."
            assert is_problem(sign_in(third, "carol"), 429)
            clock.advance(seconds=61)
            assert sign_in(http, "alice").status_code == 201
