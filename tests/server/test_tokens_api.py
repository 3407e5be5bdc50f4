"""Generate, list, get and revoke tokens over HTTP (SQLite file and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from desktop_app.core.tokens import parse_utc

from .helpers import bearer, generate, is_problem, token_auth


@pytest.fixture
def admin(server):
    return server.sign_in("acme", "alice", "global_admin")


def test_generate_returns_the_secret_once_with_no_store_and_the_tenant_url(server, http, admin, clock):
    response = http.post(
        "/t/acme/api/v1/tokens",
        headers=bearer(admin),
        json={"name": "  nightly export  ", "privileges": "read_write"},
    )
    assert response.status_code == 201
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert set(body) == {
        "id",
        "name",
        "kind",
        "owner",
        "owner_deprovisioned",
        "privileges",
        "status",
        "created_at",
        "last_used_at",
        "expires_at",
        "description",
        "old_secret_valid_until",
        "old_secret_last_used_at",
        "secret",
        "tenant_api_url",
    }
    assert body["name"] == "nightly export" and body["kind"] == "api" and body["owner"] == "alice"
    assert body["privileges"] == "read_write" and body["status"] == "generated"
    assert body["secret"].startswith("tdk_api_")
    assert body["tenant_api_url"] == f"{server.url}/t/acme"
    assert parse_utc(body["created_at"]) == clock().replace(microsecond=0)
    again = http.get(f"/t/acme/api/v1/tokens/{body['id']}", headers=bearer(admin))
    assert again.status_code == 200 and "secret" not in again.json()
    listed = http.get("/t/acme/api/v1/tokens", headers=bearer(admin)).text
    assert '"secret"' not in listed and body["secret"] not in listed


def test_public_url_is_used_for_the_tenant_api_url(db_url, clock):
    from tests.live_server import live_server

    with live_server(db_url, public_url="https://tokens.example.test/", clock=clock) as srv:
        import httpx

        session = srv.sign_in("acme", "alice")
        with httpx.Client(base_url=srv.url) as http:
            body = generate(http, "acme", session)
            who = http.get("/t/acme/api/v1/session", headers=bearer(session)).json()
    assert body["tenant_api_url"] == "https://tokens.example.test/t/acme"
    assert who["tenant_api_url"] == "https://tokens.example.test/t/acme"


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("", "Give the token a name"),
        ("   ", "Give the token a name"),
        ("x" * 65, "at most 64"),
        (None, "Give the token a name"),
        ("tab\there", "control or invisible"),
    ],
)
def test_bad_names_answer_422_with_a_sentence(http, admin, name, phrase):
    response = http.post(
        "/t/acme/api/v1/tokens", headers=bearer(admin), json={"name": name, "privileges": "read"}
    )
    assert phrase in is_problem(response, 422)["detail"]


def test_name_already_used_by_a_live_token_answers_422_until_it_is_revoked(http, admin):
    first = generate(http, "acme", admin, name="Deploy")
    response = http.post(
        "/t/acme/api/v1/tokens", headers=bearer(admin), json={"name": "deploy", "privileges": "read"}
    )
    assert "already have a live token" in is_problem(response, 422)["detail"]
    assert http.delete(f"/t/acme/api/v1/tokens/{first['id']}", headers=bearer(admin)).status_code == 204
    assert generate(http, "acme", admin, name="deploy")["name"] == "deploy"


def test_another_owner_may_use_the_same_name(server, http, admin):
    bob = server.sign_in("acme", "bob", "security_operator")
    generate(http, "acme", admin, name="shared name")
    assert generate(http, "acme", bob, name="shared name")["owner"] == "bob"


def test_a_name_that_looks_like_a_secret_is_refused_without_echoing_it(http, admin):
    secret = generate(http, "acme", admin)["secret"]
    response = http.post(
        "/t/acme/api/v1/tokens", headers=bearer(admin), json={"name": secret, "privileges": "read"}
    )
    is_problem(response, 422)
    assert secret not in response.text


@pytest.mark.parametrize(
    "body",
    [{"name": "x", "privileges": "admin"}, {"name": "x"}, {"name": "x", "privileges": "read", "kind": "ssh"}],
)
def test_bad_privileges_or_kind_answer_422(http, admin, body):
    detail = is_problem(http.post("/t/acme/api/v1/tokens", headers=bearer(admin), json=body), 422)["detail"]
    assert "read" in detail or "kind" in detail


def test_invalid_json_answers_422_problem(http, admin):
    response = http.post(
        "/t/acme/api/v1/tokens",
        headers={**bearer(admin), "Content-Type": "application/json"},
        content=b"{not json",
    )
    assert "JSON" in is_problem(response, 422)["detail"]


def test_reader_asking_for_read_write_gets_403_and_can_get_read(server, http):
    reader = server.sign_in("acme", "rita", "security_reader")
    response = http.post(
        "/t/acme/api/v1/tokens", headers=bearer(reader), json={"name": "w", "privileges": "read_write"}
    )
    assert "read" in is_problem(response, 403)["detail"]
    assert generate(http, "acme", reader, privileges="read")["privileges"] == "read"


def test_list_shows_full_admins_everything_and_others_their_own(server, http, admin):
    operator = server.sign_in("acme", "olga", "security_operator")
    sec_admin = server.sign_in("acme", "sam", "security_admin")
    mine = generate(http, "acme", admin, name="admin's")
    theirs = generate(http, "acme", operator, name="olga's")

    def ids(session):
        response = http.get("/t/acme/api/v1/tokens", headers=bearer(session))
        assert response.status_code == 200
        return {t["id"] for t in response.json()["items"]}

    assert ids(admin) == ids(sec_admin) == {mine["id"], theirs["id"]}
    assert ids(operator) == {theirs["id"]}


def test_list_item_shape(http, admin):
    generate(http, "acme", admin)
    body = http.get("/t/acme/api/v1/tokens", headers=bearer(admin)).json()
    assert set(body) == {"items", "removed", "cursor"} and body["removed"] == []
    (item,) = body["items"]
    assert set(item) == {
        "id",
        "name",
        "kind",
        "owner",
        "owner_deprovisioned",
        "privileges",
        "status",
        "created_at",
        "last_used_at",
        "expires_at",
        "description",
        "old_secret_valid_until",
        "old_secret_last_used_at",
    }


def test_list_filters_by_status_kind_and_search(server, http, admin, clock):
    used = generate(http, "acme", admin, name="used yesterday")
    old = generate(http, "acme", admin, name="used long ago")
    fresh = generate(http, "acme", admin, name="never used")
    agent = generate(http, "acme", admin, name="siem box", kind="siem_agent")
    assert agent["secret"].startswith("tdk_siem_")
    http.get("/t/acme/api/v1/alerts/", headers=token_auth(old["secret"]))
    clock.advance(days=6)
    http.get("/t/acme/api/v1/alerts/", headers=token_auth(used["secret"]))
    clock.advance(days=1)  # `old` was used exactly 7 days ago now: inactive
    admin = server.sign_in("acme", "alice")  # a new session: the first one expired meanwhile

    def names(query):
        response = http.get(f"/t/acme/api/v1/tokens?{query}", headers=bearer(admin))
        assert response.status_code == 200, response.text
        return {t["name"]: t["status"] for t in response.json()["items"]}

    assert names("") == {"used yesterday": "active", "used long ago": "inactive", "never used": "generated"}
    assert names("status=active") == {"used yesterday": "active"}
    assert names("status=inactive,generated") == {"used long ago": "inactive", "never used": "generated"}
    assert names("kind=siem_agent") == {"siem box": "generated"}
    assert set(names("kind=api,siem_agent")) == {"used yesterday", "used long ago", "never used", "siem box"}
    assert names("search=USED%20Y") == {"used yesterday": "active"}
    assert set(names("search=alice")) == {"used yesterday", "used long ago", "never used"}
    assert fresh["id"] not in set(names("status=active"))


@pytest.mark.parametrize("query", ["status=sleeping", "kind=ssh", "changed_since=garbage"])
def test_list_with_bad_parameters_answers_422(http, admin, query):
    is_problem(http.get(f"/t/acme/api/v1/tokens?{query}", headers=bearer(admin)), 422)


def test_changed_since_returns_only_changes_and_revocations_as_tombstones(server, http, admin, clock):
    keep = generate(http, "acme", admin, name="keep")
    gone = generate(http, "acme", admin, name="gone")
    first = http.get("/t/acme/api/v1/tokens", headers=bearer(admin)).json()
    assert {t["id"] for t in first["items"]} == {keep["id"], gone["id"]}

    nothing = http.get(
        "/t/acme/api/v1/tokens", params={"changed_since": first["cursor"]}, headers=bearer(admin)
    ).json()
    assert nothing["items"] == [] and nothing["removed"] == []

    added = generate(http, "acme", admin, name="added")
    http.get("/t/acme/api/v1/alerts/", headers=token_auth(keep["secret"]))
    assert http.delete(f"/t/acme/api/v1/tokens/{gone['id']}", headers=bearer(admin)).status_code == 204
    delta = http.get(
        "/t/acme/api/v1/tokens", params={"changed_since": nothing["cursor"]}, headers=bearer(admin)
    ).json()
    assert {t["id"] for t in delta["items"]} == {added["id"], keep["id"]}
    assert [t["last_used_at"] for t in delta["items"] if t["id"] == keep["id"]] != [None]
    assert delta["removed"] == [gone["id"]]

    after = http.get(
        "/t/acme/api/v1/tokens", params={"changed_since": delta["cursor"]}, headers=bearer(admin)
    ).json()
    assert after["items"] == [] and after["removed"] == []


def test_changed_since_reports_an_owner_deprovisioned(server, http, admin):
    bob = server.sign_in("acme", "bob", "security_operator")
    token = generate(http, "acme", bob)
    cursor = http.get("/t/acme/api/v1/tokens", headers=bearer(admin)).json()["cursor"]
    server.store.deprovision("acme", "bob")
    delta = http.get("/t/acme/api/v1/tokens", params={"changed_since": cursor}, headers=bearer(admin)).json()
    assert [(t["id"], t["owner_deprovisioned"]) for t in delta["items"]] == [(token["id"], True)]


def test_cursor_of_a_full_admin_is_refused_after_a_demotion(server, http, admin):
    cursor = http.get("/t/acme/api/v1/tokens", headers=bearer(admin)).json()["cursor"]
    server.store.set_role("acme", "alice", "security_operator")
    response = http.get("/t/acme/api/v1/tokens", params={"changed_since": cursor}, headers=bearer(admin))
    assert "without changed_since" in is_problem(response, 422)["detail"]


def test_get_and_revoke_one_token_is_idempotent_and_then_404(http, admin):
    token = generate(http, "acme", admin)
    url = f"/t/acme/api/v1/tokens/{token['id']}"
    got = http.get(url, headers=bearer(admin))
    assert got.status_code == 200 and got.json()["id"] == token["id"]
    assert http.delete(url, headers=bearer(admin)).status_code == 204
    assert http.delete(url, headers=bearer(admin)).status_code == 204
    is_problem(http.get(url, headers=bearer(admin)), 404)
    assert http.get("/t/acme/api/v1/tokens", headers=bearer(admin)).json()["items"] == []
    is_problem(http.delete("/t/acme/api/v1/tokens/nosuchtoken", headers=bearer(admin)), 404)


def test_bulk_revoke_reports_revoked_and_not_found(server, http, admin):
    bob = server.sign_in("acme", "bob", "security_operator")
    a, b = generate(http, "acme", bob, name="a"), generate(http, "acme", bob, name="b")
    mine = generate(http, "acme", admin, name="mine")
    # bob (not a full admin) cannot reach alice's token: it is "not found" for him
    response = http.post(
        "/t/acme/api/v1/tokens/revoke", headers=bearer(bob), json={"ids": [a["id"], mine["id"], "missing"]}
    )
    assert response.status_code == 200
    assert response.json() == {"revoked": [a["id"]], "not_found": [mine["id"], "missing"]}
    server.store.deprovision("acme", "bob")
    response = http.post(
        "/t/acme/api/v1/tokens/revoke", headers=bearer(admin), json={"ids": [a["id"], b["id"]]}
    )
    assert response.json() == {"revoked": [a["id"], b["id"]], "not_found": []}
    remaining = [t["id"] for t in http.get("/t/acme/api/v1/tokens", headers=bearer(admin)).json()["items"]]
    assert remaining == [mine["id"]]


def test_bulk_revoke_validates_its_body(http, admin):
    is_problem(http.post("/t/acme/api/v1/tokens/revoke", headers=bearer(admin), json={"ids": "abc"}), 422)
    is_problem(
        http.post(
            "/t/acme/api/v1/tokens/revoke",
            headers=bearer(admin),
            json={"ids": [f"id{i}" for i in range(1001)]},
        ),
        422,
    )


def test_revocation_is_audited_with_who_and_from_where(server, http, admin):
    token = generate(http, "acme", admin, name="audited")
    http.delete(f"/t/acme/api/v1/tokens/{token['id']}", headers=bearer(admin))
    events = {e.action: e for e in server.store.audit.events("acme")}
    assert events["token.generate"].actor == "alice" and token["id"] in events["token.generate"].target
    assert events["token.revoke"].actor == "alice" and events["token.revoke"].client_addr == "127.0.0.1"


def test_status_turns_inactive_as_time_passes_without_any_write(server, http, admin, clock):
    token = generate(http, "acme", admin)
    http.get("/t/acme/api/v1/alerts/", headers=token_auth(token["secret"]))
    url = f"/t/acme/api/v1/tokens/{token['id']}"
    clock.advance(timedelta(days=7) - timedelta(seconds=1))
    admin = server.sign_in("acme", "alice")  # the first session expired meanwhile
    assert http.get(url, headers=bearer(admin)).json()["status"] == "active"
    clock.advance(seconds=1)
    assert http.get(url, headers=bearer(admin)).json()["status"] == "inactive"


@pytest.mark.parametrize("param", ["status", "kind", "format"])
def test_a_secret_pasted_into_a_list_parameter_is_not_echoed(http, admin, param):
    secret = generate(http, "acme", admin, name="pasted")["secret"]
    response = http.get("/t/acme/api/v1/tokens", headers=bearer(admin), params={param: secret})
    detail = is_problem(response, 422)["detail"]
    assert secret[:12] not in response.text and "tdk_" not in detail


def test_a_user_holds_at_most_the_configured_number_of_live_tokens(db_url, clock):
    from tests.live_server import live_server

    with (
        live_server(db_url, clock=clock, max_live_tokens_per_user=3) as srv,
        httpx.Client(base_url=srv.url) as http,
    ):
        session = srv.sign_in("acme", "alice")
        made = [generate(http, "acme", session, name=f"t{i}") for i in range(3)]
        over = http.post(
            "/t/acme/api/v1/tokens", headers=bearer(session), json={"name": "t3", "privileges": "read"}
        )
        assert "3 live tokens" in is_problem(over, 422)["detail"]
        assert (
            http.delete(f"/t/acme/api/v1/tokens/{made[0]['id']}", headers=bearer(session)).status_code == 204
        )
        generate(http, "acme", session, name="t3")  # a revoked token frees its place
