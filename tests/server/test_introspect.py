"""RFC 7662 introspection: active with scope and owner, or exactly {"active": false}."""

from __future__ import annotations

import pytest

from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind

from .helpers import bearer, generate, is_problem


@pytest.fixture
def admin(server):
    return server.sign_in("acme", "alice", "global_admin")


def introspect(http, session, secret, form=True, tenant="acme"):
    url = f"/t/{tenant}/api/v1/introspect"
    if form:
        return http.post(url, headers=bearer(session), data={"token": secret})
    return http.post(url, headers=bearer(session), json={"token": secret})


@pytest.mark.parametrize("form", [True, False], ids=["form", "json"])
def test_live_token_is_active_with_scope_and_owner(server, http, admin, form):
    olga = server.sign_in("acme", "olga", "security_operator")
    token = generate(http, "acme", olga, privileges="read_write")
    response = introspect(http, admin, token["secret"], form=form)
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["active"] is True and body["scope"] == "read write"
    assert body["username"] == body["sub"] == "olga" and body["client_id"] == token["id"]
    assert body["token_type"] == "api" and isinstance(body["iat"], int)
    assert token["secret"] not in response.text


def test_scope_follows_the_owners_current_role(server, http, admin):
    olga = server.sign_in("acme", "olga", "security_operator")
    secret = generate(http, "acme", olga, privileges="read_write")["secret"]
    server.store.set_role("acme", "olga", "security_reader")
    assert introspect(http, admin, secret).json()["scope"] == "read"


def test_inactive_answers_are_exactly_active_false(server, http, admin):
    server.store.ensure_tenant("globex")
    revoked = generate(http, "acme", admin, name="revoked")
    http.delete(f"/t/acme/api/v1/tokens/{revoked['id']}", headers=bearer(admin))
    bob = server.sign_in("acme", "bob", "security_operator")
    orphan = generate(http, "acme", bob)["secret"]
    server.store.deprovision("acme", "bob")
    other_tenant = generate(http, "globex", server.sign_in("globex", "gina"))["secret"]
    for secret in [revoked["secret"], orphan, other_tenant, new_secret(TokenKind.API), "garbage", ""]:
        response = introspect(http, admin, secret)
        assert response.status_code == 200 and response.json() == {"active": False}
    assert introspect(http, admin, None, form=False).json() == {"active": False}


def test_introspection_needs_a_session(http, admin):
    response = http.post("/t/acme/api/v1/introspect", data={"token": "x"})
    is_problem(response, 401)


def test_unknown_tokens_a_resource_server_relays_do_not_lock_it_out(db_url, clock):
    import httpx

    from tests.live_server import live_server

    with live_server(db_url, clock=clock, token_failures=3) as srv, httpx.Client(base_url=srv.url) as http:
        resource_server = srv.sign_in("acme", "alice")
        secret = generate(http, "acme", resource_server)["secret"]
        # scripts calling the resource server with bad tokens...
        for bad in [new_secret(TokenKind.API), "garbage", new_secret(TokenKind.API), "x" * 10]:
            assert introspect(http, resource_server, bad).json() == {"active": False}
        # ...must not stop it from checking the good tokens of everyone else
        response = introspect(http, resource_server, secret)
        assert response.status_code == 200 and response.json()["active"] is True
