"""Authorization matrix: each role × each endpoint × own / another user's / another tenant's token.

Every cell is written out. The viewer is a user of tenant `acme` with the role under test;
"other" tokens belong to olga (security operator, acme); "other tenant" tokens to gina (global
admin, globex). Token-unlocked calls use the target token on acme's tenant URL.
"""

from __future__ import annotations

import httpx
import pytest

from desktop_app.core.roles import Role, max_privileges
from tests.live_server import live_server

from .helpers import bearer, generate, token_auth

GA, SA, SO, SR = Role.GLOBAL_ADMIN, Role.SECURITY_ADMIN, Role.SECURITY_OPERATOR, Role.SECURITY_READER
OWN, OTHER, OTHER_TENANT = "own", "other", "other tenant"

#                                        own         other        other tenant
EXPECTED = {
    "GET tokens/{id}": {
        GA: {OWN: 200, OTHER: 200, OTHER_TENANT: 404},
        SA: {OWN: 200, OTHER: 200, OTHER_TENANT: 404},
        SO: {OWN: 200, OTHER: 404, OTHER_TENANT: 404},
        SR: {OWN: 200, OTHER: 404, OTHER_TENANT: 404},
    },
    "listed by GET tokens": {
        GA: {OWN: True, OTHER: True, OTHER_TENANT: False},
        SA: {OWN: True, OTHER: True, OTHER_TENANT: False},
        SO: {OWN: True, OTHER: False, OTHER_TENANT: False},
        SR: {OWN: True, OTHER: False, OTHER_TENANT: False},
    },
    "POST introspect": {
        GA: {OWN: "active", OTHER: "active", OTHER_TENANT: "inactive"},
        SA: {OWN: "active", OTHER: "active", OTHER_TENANT: "inactive"},
        SO: {OWN: "active", OTHER: "active", OTHER_TENANT: "inactive"},
        SR: {OWN: "active", OTHER: "active", OTHER_TENANT: "inactive"},
    },
    "GET alerts/ with the token": {
        GA: {OWN: 200, OTHER: 200, OTHER_TENANT: 401},
        SA: {OWN: 200, OTHER: 200, OTHER_TENANT: 401},
        SO: {OWN: 200, OTHER: 200, OTHER_TENANT: 401},
        SR: {OWN: 200, OTHER: 200, OTHER_TENANT: 401},
    },
    "POST alerts/1/close/ with the token": {  # each token carries its owner's widest privileges
        GA: {OWN: 200, OTHER: 200, OTHER_TENANT: 401},
        SA: {OWN: 200, OTHER: 200, OTHER_TENANT: 401},
        SO: {OWN: 200, OTHER: 200, OTHER_TENANT: 401},
        SR: {OWN: 403, OTHER: 200, OTHER_TENANT: 401},
    },
    "DELETE tokens/{id}": {
        GA: {OWN: 204, OTHER: 204, OTHER_TENANT: 404},
        SA: {OWN: 204, OTHER: 204, OTHER_TENANT: 404},
        SO: {OWN: 204, OTHER: 404, OTHER_TENANT: 404},
        SR: {OWN: 204, OTHER: 404, OTHER_TENANT: 404},
    },
    "POST tokens/revoke": {
        GA: {OWN: "revoked", OTHER: "revoked", OTHER_TENANT: "not_found"},
        SA: {OWN: "revoked", OTHER: "revoked", OTHER_TENANT: "not_found"},
        SO: {OWN: "revoked", OTHER: "not_found", OTHER_TENANT: "not_found"},
        SR: {OWN: "revoked", OTHER: "not_found", OTHER_TENANT: "not_found"},
    },
}

# Generating needs no target token: which privileges each role may ask for.
GENERATE_EXPECTED = {
    GA: {"read": 201, "read_write": 201},
    SA: {"read": 201, "read_write": 201},
    SO: {"read": 201, "read_write": 201},
    SR: {"read": 201, "read_write": 403},
}


@pytest.mark.parametrize("role", [GA, SA, SO, SR], ids=lambda r: r.value)
def test_authorization_matrix(server, http, role):
    viewer = server.sign_in("acme", "viewer", role)
    olga = server.sign_in("acme", "olga", SO)
    gina = server.sign_in("globex", "gina", GA)
    owners = {OWN: ("acme", viewer, role), OTHER: ("acme", olga, SO), OTHER_TENANT: ("globex", gina, GA)}
    tokens = {
        target: {
            use: generate(
                http, tenant, session, name=f"{use} token", privileges=max_privileges(owner_role).value
            )
            for use in ("main", "delete", "bulk")
        }
        for target, (tenant, session, owner_role) in owners.items()
    }
    auth = bearer(viewer)
    api = "/t/acme/api/v1"
    listed = {t["id"] for t in http.get(f"{api}/tokens", headers=auth).json()["items"]}

    def cell(endpoint: str, target: str):
        main = tokens[target]["main"]
        if endpoint == "GET tokens/{id}":
            return http.get(f"{api}/tokens/{main['id']}", headers=auth).status_code
        if endpoint == "listed by GET tokens":
            return main["id"] in listed
        if endpoint == "POST introspect":
            body = http.post(f"{api}/introspect", headers=auth, data={"token": main["secret"]}).json()
            return "active" if body["active"] else "inactive"
        if endpoint == "GET alerts/ with the token":
            return http.get(f"{api}/alerts/", headers=token_auth(main["secret"])).status_code
        if endpoint == "POST alerts/1/close/ with the token":
            return http.post(f"{api}/alerts/1/close/", headers=token_auth(main["secret"])).status_code
        if endpoint == "DELETE tokens/{id}":
            return http.delete(f"{api}/tokens/{tokens[target]['delete']['id']}", headers=auth).status_code
        if endpoint == "POST tokens/revoke":
            token_id = tokens[target]["bulk"]["id"]
            body = http.post(f"{api}/tokens/revoke", headers=auth, json={"ids": [token_id]}).json()
            return (
                "revoked"
                if body["revoked"] == [token_id]
                else "not_found"
                if body["not_found"] == [token_id]
                else body
            )
        raise AssertionError(endpoint)

    actual = {
        endpoint: {target: cell(endpoint, target) for target in (OWN, OTHER, OTHER_TENANT)}
        for endpoint in EXPECTED
    }
    assert actual == {endpoint: by_role[role] for endpoint, by_role in EXPECTED.items()}

    generated = {
        privileges: http.post(
            f"{api}/tokens", headers=auth, json={"name": f"new {privileges}", "privileges": privileges}
        ).status_code
        for privileges in ("read", "read_write")
    }
    assert generated == GENERATE_EXPECTED[role]


@pytest.mark.parametrize("role", [GA, SA, SO, SR], ids=lambda r: r.value)
def test_every_session_endpoint_refuses_a_missing_or_foreign_session(db_url, clock, role):
    with (
        live_server(db_url, clock=clock, token_failures=1000) as server,
        httpx.Client(base_url=server.url) as http,
    ):
        _refuses_missing_or_foreign_session(server, http, role)


def _refuses_missing_or_foreign_session(server, http, role):
    server.sign_in("acme", "viewer", role)
    foreign = server.sign_in("globex", "viewer", role)
    endpoints = [
        ("GET", "/session"),
        ("DELETE", "/session"),
        ("GET", "/tokens"),
        ("POST", "/tokens"),
        ("GET", "/tokens/abc"),
        ("DELETE", "/tokens/abc"),
        ("POST", "/tokens/revoke"),
        ("POST", "/introspect"),
    ]
    for headers in ({}, bearer(foreign), bearer("tds_not-a-real-session-token-at-all")):
        statuses = {
            (m, p): http.request(
                m, f"/t/acme/api/v1{p}", headers=headers, json={"name": "x", "privileges": "read", "ids": []}
            ).status_code
            for m, p in endpoints
        }
        assert statuses == dict.fromkeys(endpoints, 401)
