"""Sign in, who am I, sign out; expiry, deprovisioning, rate limiting of failed sign-ins."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from desktop_app.core.tokens import parse_utc

from .helpers import bearer, is_problem

PASSWORD = "correct horse battery"


@pytest.fixture
def alice(server):
    server.store.ensure_tenant("acme")
    server.store.ensure_user("acme", "alice", "security_operator", password=PASSWORD)


def sign_in(http, username="alice", password=PASSWORD, tenant="acme"):
    return http.post(f"/t/{tenant}/api/v1/session", json={"username": username, "password": password})


def test_sign_in_answers_201_with_session_user_tenant_and_expiry(server, http, alice, clock):
    response = sign_in(http)
    assert response.status_code == 201
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert set(body) == {"session_token", "expires_at", "user", "tenant", "tenant_api_url"}
    assert body["user"] == {"username": "alice", "role": "security_operator"}
    assert body["tenant"] == "acme" and body["tenant_api_url"] == f"{server.url}/t/acme"
    assert parse_utc(body["expires_at"]) > clock()


def test_whoami_has_the_same_shape_without_the_token(http, alice):
    session = sign_in(http).json()
    who = http.get("/t/acme/api/v1/session", headers=bearer(session["session_token"]))
    assert who.status_code == 200
    assert who.json() == {k: v for k, v in session.items() if k != "session_token"}


def test_sign_out_ends_the_session(http, alice):
    token = sign_in(http).json()["session_token"]
    assert http.delete("/t/acme/api/v1/session", headers=bearer(token)).status_code == 204
    body = is_problem(http.get("/t/acme/api/v1/session", headers=bearer(token)), 401)
    assert body["type"].endswith("/session-expired")


@pytest.mark.parametrize(("username", "password"), [("alice", "wrong"), ("nobody", PASSWORD), ("alice", "")])
def test_wrong_credentials_answer_401_with_the_same_sentence(http, alice, username, password):
    body = is_problem(sign_in(http, username, password), 401)
    assert body["detail"] == "Wrong username or password."


def test_failed_sign_in_is_audited_without_the_password(server, http, alice):
    sign_in(http, "alice", "hunter2-wrong")
    (event,) = [e for e in server.store.audit.events("acme") if e.action == "session.sign_in"]
    assert event.outcome == "denied" and event.actor == "alice" and event.client_addr == "127.0.0.1"
    assert "hunter2" not in repr(event)


def test_unknown_tenant_answers_like_a_wrong_password(http, alice):
    # tenant names cannot be enumerated through sign-in
    assert is_problem(sign_in(http, tenant="nosuch"), 401)["detail"] == "Wrong username or password."


def test_missing_fields_answer_422(http, alice):
    response = http.post("/t/acme/api/v1/session", json={"username": "alice"})
    assert "password" in is_problem(response, 422)["detail"]


def test_session_expires(server, http, alice, clock):
    token = sign_in(http).json()["session_token"]
    clock.advance(timedelta(hours=12) - timedelta(seconds=1))
    assert http.get("/t/acme/api/v1/session", headers=bearer(token)).status_code == 200
    clock.advance(seconds=1)
    response = http.get("/t/acme/api/v1/session", headers=bearer(token))
    assert is_problem(response, 401)["title"] == "Session expired"
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_session_of_one_tenant_is_401_on_another(server, http, alice):
    server.store.ensure_tenant("globex")
    token = sign_in(http).json()["session_token"]
    is_problem(http.get("/t/globex/api/v1/session", headers=bearer(token)), 401)
    is_problem(http.get("/t/globex/api/v1/tokens", headers=bearer(token)), 401)


def test_deprovisioning_ends_sessions_and_blocks_sign_in(server, http, alice):
    token = sign_in(http).json()["session_token"]
    server.store.deprovision("acme", "alice")
    is_problem(http.get("/t/acme/api/v1/session", headers=bearer(token)), 401)
    is_problem(sign_in(http), 401)


def test_password_less_user_cannot_sign_in_with_any_password(server, http):
    server.sign_in("acme", "os-user")  # created without a password (embedded mode)
    assert is_problem(sign_in(http, "os-user", ""), 401)
    assert is_problem(sign_in(http, "os-user", "anything"), 401)


def test_repeated_failed_sign_ins_get_429_without_locking_out_others(db_url, clock):
    from tests.live_server import live_server

    with live_server(db_url, clock=clock, sign_in_failures=2) as srv:
        srv.store.ensure_tenant("acme")
        srv.store.ensure_user("acme", "alice", "security_reader", password=PASSWORD)
        other = httpx.Client(base_url=srv.url, transport=httpx.HTTPTransport(local_address="127.0.0.2"))
        with httpx.Client(base_url=srv.url) as http, other:
            assert sign_in(http, password="bad").status_code == 401
            assert sign_in(http, password="bad").status_code == 401
            limited = sign_in(http)  # even the right password waits: this client is guessing
            assert is_problem(limited, 429)["detail"].startswith("Too many failed sign-ins")
            assert 1 <= int(limited.headers["retry-after"]) <= 60
            # another user elsewhere is not locked out (alice's own name is: it is being guessed)
            srv.store.ensure_user("acme", "bob", "security_reader", password=PASSWORD)
            assert sign_in(other, "bob").status_code == 201
            clock.advance(seconds=60)
            assert sign_in(http).status_code == 201


def test_a_secret_in_the_username_or_the_tenant_is_neither_audited_nor_echoed(server, http, alice):
    from desktop_app.core.secrets import new_secret
    from desktop_app.core.tokens import TokenKind

    secret = new_secret(TokenKind.API)
    # pasted after some text, so a cut at 64 characters would leave a piece of it
    sign_in(http, "x" * 20 + " " + secret, "wrong")
    (event,) = [e for e in server.store.audit.events("acme") if e.action == "session.sign_in"]
    assert secret[:12] not in repr(event) and "tdk_" not in repr(event)
    session_token = server.sign_in("acme", "bob")
    for tenant in (secret, session_token):
        response = http.get(f"/t/{tenant}/api/v1/session", headers=bearer(session_token))
        assert response.status_code == 404 and tenant[:12] not in response.text
