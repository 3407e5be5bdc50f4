"""The end-to-end story over real HTTP: sign in, generate, call alerts/, turn Active, revoke, get 401."""

from __future__ import annotations

import httpx


def test_sign_in_generate_use_revoke_then_401(server, clock):
    store = server.store
    store.ensure_tenant("acme")
    store.ensure_user("acme", "alice", "global_admin", password="correct horse")
    api = server.tenant_url("acme")
    with httpx.Client(timeout=10) as http:
        signed = http.post(f"{api}/session", json={"username": "alice", "password": "correct horse"})
        assert signed.status_code == 201, signed.text
        session = signed.json()
        assert session["user"] == {"username": "alice", "role": "global_admin"}
        assert session["tenant"] == "acme"
        assert session["tenant_api_url"] == f"{server.url}/t/acme"
        auth = {"Authorization": f"Bearer {session['session_token']}"}

        created = http.post(
            f"{api}/tokens", json={"name": "nightly export", "privileges": "read"}, headers=auth
        )
        assert created.status_code == 201, created.text
        assert created.headers["cache-control"] == "no-store"
        token = created.json()
        assert token["status"] == "generated" and token["last_used_at"] is None
        secret = token["secret"]

        alerts = http.get(
            f"{token['tenant_api_url']}/api/v1/alerts/", headers={"Authorization": f"Token {secret}"}
        )
        assert alerts.status_code == 200, alerts.text
        assert len(alerts.json()["items"]) >= 3

        listed = http.get(f"{api}/tokens", headers=auth).json()
        (row,) = [t for t in listed["items"] if t["id"] == token["id"]]
        assert row["status"] == "active"
        assert "secret" not in row

        assert http.delete(f"{api}/tokens/{token['id']}", headers=auth).status_code == 204
        after = http.get(f"{api}/alerts/", headers={"Authorization": f"Token {secret}"})
        assert after.status_code == 401
        assert after.headers["www-authenticate"] == 'Token error="invalid_token"'
        assert after.headers["content-type"] == "application/problem+json"
