"""Rotation with a grace period over HTTP (SQLite file and PostgreSQL): both secrets work during the
grace period, the old one stops at its end, at end-grace, at once with no grace, and when the token is
rotated again; who may rotate; the audit; the old secret's last use."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.core.secrets import parse_secret
from desktop_app.core.tokens import TokenKind, parse_utc
from tests.seed_tokens import seed_tokens

from .helpers import bearer, generate, is_problem, token_auth


@pytest.fixture
def admin(server):
    return server.sign_in("acme", "alice", "global_admin")


def rotate(http, session, token_id, grace_hours=None, tenant="acme"):
    body = {} if grace_hours is None else {"grace_hours": grace_hours}
    return http.post(f"/t/{tenant}/api/v1/tokens/{token_id}/rotate", headers=bearer(session), json=body)


def rotated(http, session, token_id, grace_hours=None) -> dict:
    response = rotate(http, session, token_id, grace_hours)
    assert response.status_code == 201, response.text
    return response.json()


def end_grace(http, session, token_id):
    return http.post(f"/t/acme/api/v1/tokens/{token_id}/end-grace", headers=bearer(session))


def works(http, secret, tenant="acme") -> bool:
    """A real call to the protected API with `secret`: True on 200, False on 401 (anything else fails)."""
    response = http.get(f"/t/{tenant}/api/v1/alerts/", headers=token_auth(secret))
    assert response.status_code in (200, 401), response.text
    return response.status_code == 200


def listed(http, session, token_id) -> dict:
    items = http.get("/t/acme/api/v1/tokens", headers=bearer(session)).json()["items"]
    return next(item for item in items if item["id"] == token_id)


def test_rotate_answers_like_the_create_answer_with_a_new_secret(server, http, admin, clock):
    token = generate(http, "acme", admin, name="nightly", privileges="read_write")
    clock.advance(hours=6)
    response = rotate(http, admin, token["id"], 2)
    assert response.status_code == 201 and response.headers["cache-control"] == "no-store"
    body = response.json()
    assert set(body) == set(token) and body["secret"] != token["secret"]
    assert parse_secret(body["secret"]).kind is TokenKind.API and body["secret"].startswith("tdk_api_")
    for same in ("id", "name", "kind", "owner", "privileges", "created_at"):
        assert body[same] == token[same]
    assert body["tenant_api_url"] == f"{server.url}/t/acme"
    assert parse_utc(body["old_secret_valid_until"]) == (clock() + timedelta(hours=2)).replace(microsecond=0)
    # The expiry is renewed from the rotation: the API kind's default lifetime (90 days).
    assert parse_utc(body["expires_at"]) == (clock() + timedelta(days=90)).replace(microsecond=0)
    assert body["secret"] not in http.get("/t/acme/api/v1/tokens", headers=bearer(admin)).text


def test_the_renewed_expiry_follows_the_tenants_stored_policy(http, admin, clock):
    token = generate(http, "acme", admin, name="policy-bound")
    changed = http.put(
        "/t/acme/api/v1/policy",
        headers=bearer(admin),
        json={"kinds": {"api": {"default_lifetime_days": 30, "max_lifetime_days": 60}}},
    )
    assert changed.status_code == 200, changed.text
    body = rotated(http, admin, token["id"])
    assert parse_utc(body["expires_at"]) == (clock() + timedelta(days=30)).replace(microsecond=0)


def test_a_machine_token_keeps_the_same_prefix_and_no_expiry(http, admin):
    agent = generate(http, "acme", admin, name="agent", kind="siem_agent")
    body = rotated(http, admin, agent["id"])
    assert body["secret"].startswith("tdk_siem_") and body["expires_at"] is None


def test_both_secrets_work_during_the_grace_period_and_the_old_stops_at_its_end(server, http, admin, clock):
    token = generate(http, "acme", admin)
    body = rotated(http, admin, token["id"], 1)
    assert works(http, body["secret"]) and works(http, token["secret"])
    # The generic form of the API and introspection follow the same rule.
    generic = http.get("/api/v1/alerts/1/", headers=token_auth(token["secret"]))
    assert generic.status_code == 200
    clock.advance(minutes=59, seconds=59)
    assert works(http, token["secret"])
    clock.advance(seconds=1)
    assert not works(http, token["secret"])
    assert http.get("/api/v1/alerts/1/", headers=token_auth(token["secret"])).status_code == 401
    inactive = http.post("/t/acme/api/v1/introspect", headers=bearer(admin), data={"token": token["secret"]})
    assert inactive.json() == {"active": False}
    assert works(http, body["secret"])


def test_end_grace_stops_the_old_secret_at_once(server, http, admin):
    token = generate(http, "acme", admin)
    body = rotated(http, admin, token["id"], 72)
    assert works(http, token["secret"])
    response = end_grace(http, admin, token["id"])
    assert response.status_code == 200
    ended = response.json()
    assert ended["id"] == token["id"] and ended["old_secret_valid_until"] is None and "secret" not in ended
    assert not works(http, token["secret"]) and works(http, body["secret"])
    assert listed(http, admin, token["id"])["old_secret_valid_until"] is None
    # Again: nothing left to end, the same answer, nothing audited twice.
    assert end_grace(http, admin, token["id"]).status_code == 200
    assert [e.action for e in server.store.audit.events("acme")].count("token.end_grace") == 1


def test_no_grace_stops_the_old_secret_at_once(http, admin):
    token = generate(http, "acme", admin)
    body = rotated(http, admin, token["id"], 0)
    assert body["old_secret_valid_until"] is None
    assert not works(http, token["secret"]) and works(http, body["secret"])


def test_the_grace_period_defaults_to_24_hours(http, admin, clock):
    token = generate(http, "acme", admin)
    without_body = http.post(f"/t/acme/api/v1/tokens/{token['id']}/rotate", headers=bearer(admin))
    assert without_body.status_code == 201
    until = parse_utc(without_body.json()["old_secret_valid_until"])
    assert until == (clock() + timedelta(hours=24)).replace(microsecond=0)
    assert parse_utc(rotated(http, admin, token["id"])["old_secret_valid_until"]) == until


def test_rotating_again_ends_the_earlier_old_secret(http, admin):
    token = generate(http, "acme", admin)
    first = rotated(http, admin, token["id"], 24)
    second = rotated(http, admin, token["id"], 24)
    assert not works(http, token["secret"])
    assert works(http, first["secret"]) and works(http, second["secret"])


@pytest.mark.parametrize("grace", [-1, 73, "24", 1.5, True, None])
def test_a_grace_period_out_of_range_or_not_whole_hours_answers_422(http, admin, grace):
    token = generate(http, "acme", admin)
    response = http.post(
        f"/t/acme/api/v1/tokens/{token['id']}/rotate", headers=bearer(admin), json={"grace_hours": grace}
    )
    assert "0 to 72" in is_problem(response, 422)["detail"]
    assert works(http, token["secret"])


def test_whoever_may_revoke_may_rotate_others_get_404(server, http, admin):
    olga = server.sign_in("acme", "olga", "security_operator")
    rita = server.sign_in("acme", "rita", "security_reader")
    own = generate(http, "acme", olga)
    assert rotate(http, olga, own["id"], 1).status_code == 201  # the owner
    is_problem(rotate(http, rita, own["id"], 1), 404)  # another user: not theirs to see
    is_problem(end_grace(http, rita, own["id"]), 404)
    assert rotate(http, admin, own["id"], 1).status_code == 201  # a full admin
    assert end_grace(http, admin, own["id"]).status_code == 200
    readers = generate(http, "acme", rita)
    assert rotate(http, rita, readers["id"], 1).status_code == 201  # any role rotates its own
    is_problem(rotate(http, olga, "no-such-token", 1), 404)
    other_tenant = server.sign_in("other", "oscar", "global_admin")
    is_problem(rotate(http, other_tenant, own["id"], 1, tenant="other"), 404)
    assert http.post(f"/t/acme/api/v1/tokens/{own['id']}/rotate", json={}).status_code == 401


def test_a_revoked_token_cannot_be_rotated(http, admin):
    token = generate(http, "acme", admin)
    assert http.delete(f"/t/acme/api/v1/tokens/{token['id']}", headers=bearer(admin)).status_code == 204
    is_problem(rotate(http, admin, token["id"], 1), 404)
    is_problem(end_grace(http, admin, token["id"]), 404)


def test_revoking_during_the_grace_period_stops_both_secrets(http, admin):
    token = generate(http, "acme", admin)
    body = rotated(http, admin, token["id"], 24)
    assert http.delete(f"/t/acme/api/v1/tokens/{token['id']}", headers=bearer(admin)).status_code == 204
    assert not works(http, token["secret"]) and not works(http, body["secret"])


def test_rotation_and_end_grace_are_audited_without_secrets(server, http, admin):
    token = generate(http, "acme", admin, name="audited")
    body = rotated(http, admin, token["id"], 5)
    end_grace(http, admin, token["id"])
    events = server.store.audit.events("acme")
    by_action = {e.action: e for e in events}
    rotation = by_action["token.rotate"]
    assert rotation.actor == "alice" and rotation.detail == "grace_hours=5"
    assert token["id"] in rotation.target and "audited" in rotation.target
    assert rotation.client_addr == "127.0.0.1"
    assert token["id"] in by_action["token.end_grace"].target
    text = repr(events)
    assert token["secret"] not in text and body["secret"] not in text


def test_the_old_secrets_last_use_is_recorded_apart_and_throttled(server, http, admin, clock):
    token = generate(http, "acme", admin)
    body = rotated(http, admin, token["id"], 24)
    assert listed(http, admin, token["id"])["old_secret_last_used_at"] is None
    clock.advance(minutes=5)
    used_at = clock().replace(microsecond=0)
    assert works(http, token["secret"])
    item = listed(http, admin, token["id"])
    assert parse_utc(item["old_secret_last_used_at"]) == used_at
    assert item["last_used_at"] is None  # the new secret was not used yet
    clock.advance(seconds=30)  # within the minute: not written again
    assert works(http, token["secret"])
    assert parse_utc(listed(http, admin, token["id"])["old_secret_last_used_at"]) == used_at
    clock.advance(minutes=1)
    assert works(http, token["secret"]) and works(http, body["secret"])
    item = listed(http, admin, token["id"])
    assert parse_utc(item["old_secret_last_used_at"]) == clock().replace(microsecond=0)
    assert parse_utc(item["last_used_at"]) == clock().replace(microsecond=0)


def test_a_sync_cursor_picks_up_the_rotation_and_the_end_of_grace(http, admin):
    token = generate(http, "acme", admin)
    cursor = http.get("/t/acme/api/v1/tokens", headers=bearer(admin)).json()["cursor"]
    rotated(http, admin, token["id"], 3)
    delta = http.get("/t/acme/api/v1/tokens", params={"changed_since": cursor}, headers=bearer(admin)).json()
    assert [t["id"] for t in delta["items"]] == [token["id"]]
    assert delta["items"][0]["old_secret_valid_until"] is not None
    end_grace(http, admin, token["id"])
    again = http.get(
        "/t/acme/api/v1/tokens", params={"changed_since": delta["cursor"]}, headers=bearer(admin)
    ).json()
    assert [t["id"] for t in again["items"]] == [token["id"]]
    assert again["items"][0]["old_secret_valid_until"] is None


def test_the_token_check_stays_one_indexed_lookup(server):
    """Both digests are found through their unique indexes, never by scanning the table."""
    store = server.store
    seed_tokens(store, "acme", 3000)
    sql = store.tokens._verify_sql
    with store.db.connection_context():
        if store.is_postgres:
            store.db.execute_sql("ANALYZE token")
            rows = store.db.execute_sql("EXPLAIN " + sql, ("a" * 64, "b" * 64))
        else:
            rows = store.db.execute_sql("EXPLAIN QUERY PLAN " + sql, ("a" * 64, "b" * 64))
        plan = " ".join(str(row[-1]) for row in rows)
    assert "token_digest" in plan and "token_old_digest" in plan, plan
    assert "Seq Scan on token" not in plan and "SCAN t " not in plan + " ", plan
