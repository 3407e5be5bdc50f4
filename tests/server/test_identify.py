"""`POST /t/{tenant}/api/v1/tokens/identify`: a full admin pastes a secret and learns whose token it
is (SPEC rule 16); others get 403; unknown, revoked or another tenant's secrets 404; the secret is
never echoed; each look-up is audited without it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind
from desktop_app.server.models import to_micros

from .helpers import bearer, generate, is_problem

IDENTIFY = "/t/acme/api/v1/tokens/identify"


def test_a_full_admin_sees_the_token_of_a_pasted_secret_and_the_look_up_is_audited(server, http):
    admin = server.sign_in("acme", "root", "security_admin")
    owner = server.sign_in("acme", "olga", "security_operator")
    created = generate(http, "acme", owner, name="siem forwarder", kind="siem_agent")

    response = http.post(IDENTIFY, headers=bearer(admin), json={"secret": created["secret"]})

    assert response.status_code == 200, response.text
    body = response.json()
    assert {k: body[k] for k in ("id", "name", "owner", "kind", "status", "privileges")} == {
        "id": created["id"],
        "name": "siem forwarder",
        "owner": "olga",
        "kind": "siem_agent",
        "status": "generated",
        "privileges": "read",
    }
    assert "expires_at" in body and body["matched_old_secret"] is False
    assert created["secret"] not in response.text and response.headers["cache-control"] == "no-store"
    (event,) = [e for e in server.store.audit.events("acme") if e.action == "token.identify"]
    assert event.actor == "root" and event.outcome == "ok" and event.client_addr == "127.0.0.1"
    assert event.target == f"token {created['id']} “siem forwarder” of olga"


def test_the_route_is_not_taken_for_a_token_id(server, http):
    admin = server.sign_in("acme", "root")
    assert is_problem(http.get(IDENTIFY, headers=bearer(admin)), 404)["title"] == "Token not found"
    assert (
        http.post(IDENTIFY, headers=bearer(admin), json={"secret": new_secret(TokenKind.API)}).status_code
        == 404
    )


@pytest.mark.parametrize("role", ["security_operator", "security_reader"])
def test_anyone_but_a_full_admin_gets_403_even_for_their_own_token(server, http, role):
    session = server.sign_in("acme", "olga", role)
    created = generate(http, "acme", session)
    body = is_problem(http.post(IDENTIFY, headers=bearer(session), json={"secret": created["secret"]}), 403)
    assert "admin" in body["detail"]
    assert not [e for e in server.store.audit.events("acme") if e.action == "token.identify"]


def test_unknown_revoked_and_other_tenant_secrets_answer_404_and_are_audited_as_not_found(server, http):
    admin = server.sign_in("acme", "root")
    other = server.sign_in("globex", "gina")
    revoked = generate(http, "acme", admin, name="old")
    http.delete(f"/t/acme/api/v1/tokens/{revoked['id']}", headers=bearer(admin))
    foreign = generate(http, "globex", other, name="theirs")
    for secret in (new_secret(TokenKind.API), revoked["secret"], foreign["secret"]):
        response = http.post(IDENTIFY, headers=bearer(admin), json={"secret": secret})
        assert is_problem(response, 404) and secret not in response.text
    misses = [e for e in server.store.audit.events("acme") if e.action == "token.identify"]
    assert [(e.outcome, e.target) for e in misses] == [("not_found", None)] * 3


def test_a_malformed_secret_answers_422_without_echoing_it(server, http):
    admin = server.sign_in("acme", "root")
    secret = new_secret(TokenKind.API)
    for pasted, phrase in ((secret[:-1], "truncated"), (secret[:-1] + "!", "extra characters")):
        response = http.post(IDENTIFY, headers=bearer(admin), json={"secret": pasted})
        assert phrase in is_problem(response, 422)["detail"] and pasted[8:20] not in response.text
    assert is_problem(http.post(IDENTIFY, headers=bearer(admin), json={"secret": 12}), 422)
    assert is_problem(http.post(IDENTIFY, headers=bearer(admin), json={}), 422)
    assert is_problem(http.post(IDENTIFY, json={"secret": secret}), 401)


def test_an_old_secret_in_its_grace_period_identifies_its_token(server, http, clock):
    admin = server.sign_in("acme", "root")
    created = generate(http, "acme", admin, name="rotated")
    old = new_secret(TokenKind.API)
    store = server.store
    with store.db.connection_context():  # as a rotation leaves it (rotation is another part's work)
        store.models.Token.update(
            old_digest=store.digest(old), old_secret_valid_until=to_micros(clock() + timedelta(hours=2))
        ).where(store.models.Token.id == created["id"]).execute()
    found = http.post(IDENTIFY, headers=bearer(admin), json={"secret": old})
    assert found.json()["id"] == created["id"] and found.json()["matched_old_secret"] is True
    clock.advance(hours=3)
    assert is_problem(http.post(IDENTIFY, headers=bearer(admin), json={"secret": old}), 404)
