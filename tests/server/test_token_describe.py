"""A token's description over HTTP (SPEC rule 14): at generation and with PATCH by whoever may revoke."""

from __future__ import annotations

import pytest

from .helpers import bearer, generate, is_problem

TOKENS = "/t/acme/api/v1/tokens"


@pytest.fixture
def admin(server):
    return server.sign_in("acme", "alice", "global_admin")


def patch(http, session, token_id, text):
    return http.patch(f"{TOKENS}/{token_id}", headers=bearer(session), json={"description": text})


def test_a_description_given_at_generation_is_trimmed_and_in_every_representation(http, admin):
    body = {"name": "export", "privileges": "read", "description": "  Nightly export to the SIEM  "}
    created = http.post(TOKENS, headers=bearer(admin), json=body).json()
    assert created["description"] == "Nightly export to the SIEM"
    assert http.get(f"{TOKENS}/{created['id']}", headers=bearer(admin)).json()["description"] == (
        "Nightly export to the SIEM"
    )
    items = http.get(TOKENS, headers=bearer(admin)).json()["items"]
    assert items[0]["description"] == "Nightly export to the SIEM"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [("x" * 501, "at most 500"), ("line\nbreak", "control or invisible"), ("\u3164", "blank")],
)
def test_descriptions_follow_the_name_rules_except_the_length(http, admin, text, phrase):
    body = {"name": "n", "privileges": "read", "description": text}
    assert phrase in is_problem(http.post(TOKENS, headers=bearer(admin), json=body), 422)["detail"]
    token = generate(http, "acme", admin, name="ok")
    assert phrase in is_problem(patch(http, admin, token["id"], text), 422)["detail"]


def test_500_characters_are_fine_and_a_secret_shaped_text_is_refused_without_echo(http, admin):
    token = generate(http, "acme", admin)
    assert patch(http, admin, token["id"], "é" * 500).json()["description"] == "é" * 500
    response = patch(http, admin, token["id"], f"use {token['secret']}")
    assert "looks like a token secret" in is_problem(response, 422)["detail"]
    assert token["secret"] not in response.text


def test_the_owner_and_a_full_admin_may_change_it_others_see_404(server, http, admin):
    olga = server.sign_in("acme", "olga", "security_operator")
    sam = server.sign_in("acme", "sam", "security_admin")
    rita = server.sign_in("acme", "rita", "security_reader")
    token = generate(http, "acme", olga)
    assert patch(http, olga, token["id"], "mine").json()["description"] == "mine"
    assert patch(http, sam, token["id"], "checked").json()["description"] == "checked"
    is_problem(patch(http, rita, token["id"], "not mine"), 404)
    is_problem(patch(http, olga, "no-such-token", "x"), 404)
    assert http.get(f"{TOKENS}/{token['id']}", headers=bearer(olga)).json()["description"] == "checked"


def test_a_revoked_token_cannot_be_described(http, admin):
    token = generate(http, "acme", admin)
    http.delete(f"{TOKENS}/{token['id']}", headers=bearer(admin))
    is_problem(patch(http, admin, token["id"], "late"), 404)


def test_a_change_is_audited_and_a_delta_sync_carries_it(server, http, admin):
    token = generate(http, "acme", admin)
    cursor = http.get(TOKENS, headers=bearer(admin)).json()["cursor"]
    patch(http, admin, token["id"], "the new words")
    delta = http.get(TOKENS, headers=bearer(admin), params={"changed_since": cursor}).json()
    assert [(i["id"], i["description"]) for i in delta["items"]] == [(token["id"], "the new words")]
    events = [e for e in server.store.audit.events("acme") if e.action == "token.describe"]
    assert len(events) == 1 and token["id"] in events[0].target and events[0].actor == "alice"
    assert "the new words" not in (events[0].detail or "")


def test_clearing_the_description(http, admin):
    token = generate(http, "acme", admin)
    patch(http, admin, token["id"], "something")
    assert patch(http, admin, token["id"], "").json()["description"] == ""
