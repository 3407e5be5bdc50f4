"""The tenant policy over HTTP (SPEC rule 15) and its store: who reads and writes it, merging, limits
per kind, the cache a second replica re-reads, the audit."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.policy import DEFAULT_POLICY, policy_json
from desktop_app.server.store import TokenStore

from .helpers import bearer, is_problem

POLICY = "/t/acme/api/v1/policy"


@pytest.fixture
def admin(server):
    return server.sign_in("acme", "alice", "global_admin")


def put(http, session, body):
    return http.put(POLICY, headers=bearer(session), json=body)


@pytest.mark.parametrize("role", ["global_admin", "security_admin", "security_operator", "security_reader"])
def test_every_signed_in_user_reads_the_policy_a_new_tenant_has_the_defaults(server, http, role):
    session = server.sign_in("acme", "someone", role)
    response = http.get(POLICY, headers=bearer(session))
    assert response.status_code == 200
    assert response.json() == policy_json(DEFAULT_POLICY)
    assert response.json()["kinds"]["api"] == {"default_lifetime_days": 90, "max_lifetime_days": 365}


def test_reading_needs_a_session(http, admin):
    is_problem(http.get(POLICY), 401)


@pytest.mark.parametrize("role", ["security_admin", "security_operator", "security_reader"])
def test_only_a_global_admin_changes_it_others_get_403(server, http, admin, role):
    session = server.sign_in("acme", "other", role)
    assert "global admin" in is_problem(put(http, session, {"warn_days": 3}), 403)["detail"]
    assert http.get(POLICY, headers=bearer(admin)).json()["warn_days"] == 7


def test_a_put_merges_fields_left_out_keep_their_value(http, admin):
    response = put(http, admin, {"kinds": {"api": {"max_lifetime_days": 90}}, "inactive_revoke_days": 60})
    assert response.status_code == 200
    body = response.json()
    assert body["kinds"]["api"] == {"default_lifetime_days": 90, "max_lifetime_days": 90}
    assert body["kinds"]["siem_agent"] == {"default_lifetime_days": None, "max_lifetime_days": None}
    assert body["warn_days"] == 7 and body["inactive_revoke_days"] == 60
    assert http.get(POLICY, headers=bearer(admin)).json() == body
    again = put(http, admin, {"warn_days": 14}).json()
    assert again["kinds"]["api"]["max_lifetime_days"] == 90 and again["inactive_revoke_days"] == 60


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ({"kinds": {"api": {"default_lifetime_days": 400}}}, "longer than the maximum (365 days)"),
        ({"kinds": {"api": {"default_lifetime_days": None}}}, "must be a number of days"),
        ({"kinds": {"ssh": {}}}, "Unknown token kind"),
        ({"warn_days": -1}, "warning lead time"),
        ({"colour": "red"}, "Unknown policy field"),
        ([1, 2], "JSON object"),
    ],
)
def test_a_bad_document_answers_422_with_the_policy_sentence(http, admin, body, phrase):
    assert phrase in is_problem(put(http, admin, body), 422)["detail"]


def test_limits_apply_per_kind_to_new_tokens_at_once(http, admin):
    put(http, admin, {"kinds": {"api": {"default_lifetime_days": 10, "max_lifetime_days": 30}}})
    put(http, admin, {"kinds": {"siem_agent": {"default_lifetime_days": 5, "max_lifetime_days": 20}}})

    def create(kind, name, **extra):
        body = {"name": name, "privileges": "read", "kind": kind, **extra}
        return http.post("/t/acme/api/v1/tokens", headers=bearer(admin), json=body)

    too_long = create("api", "a", expires_in_days=31)
    assert "at most 30 days" in is_problem(too_long, 422)["detail"]
    assert create("api", "b", expires_in_days=30).status_code == 201
    assert "at most 20 days" in is_problem(create("siem_agent", "c", expires_in_days=21), 422)["detail"]
    assert "at most 20 days" in is_problem(create("siem_agent", "d", expires_at=None), 422)["detail"]
    # The log collector's limits were left alone: still no maximum.
    assert create("log_collector", "e", expires_at=None).json()["expires_at"] is None


def test_existing_tokens_keep_their_expiry_when_the_policy_changes(http, admin):
    before = http.post(
        "/t/acme/api/v1/tokens", headers=bearer(admin), json={"name": "old", "privileges": "read"}
    ).json()
    put(http, admin, {"kinds": {"api": {"default_lifetime_days": 5, "max_lifetime_days": 10}}})
    again = http.get(f"/t/acme/api/v1/tokens/{before['id']}", headers=bearer(admin)).json()
    assert again["expires_at"] == before["expires_at"]


def test_a_change_is_audited_with_the_new_document(server, http, admin):
    put(http, admin, {"inactive_revoke_days": 45})
    events = [e for e in server.store.audit.events("acme") if e.action == "tenant.policy"]
    assert len(events) == 1 and events[0].actor == "alice" and events[0].target == "tenant acme"
    assert json.loads(events[0].detail)["inactive_revoke_days"] == 45


def test_a_second_replica_applies_a_change_after_its_refresh_time(server, http, admin):
    ticks = [1000.0]
    replica = TokenStore.open(server.db_url)
    try:
        replica.policies.ticker = lambda: ticks[0]
        tenant_id = replica.require_tenant_id("acme")
        assert replica.policies.get(tenant_id).warn_days == 7
        put(http, admin, {"warn_days": 3})
        ticks[0] += 29.0
        assert replica.policies.get(tenant_id).warn_days == 7  # cached: at most 30 s old
        ticks[0] += 1.0
        assert replica.policies.get(tenant_id).warn_days == 3
    finally:
        replica.close()
