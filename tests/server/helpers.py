"""Small helpers for the API tests: headers and a token generated over HTTP."""

from __future__ import annotations

import httpx


def bearer(session_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {session_token}"}


def token_auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Token {secret}"}


def generate(
    http: httpx.Client,
    tenant: str,
    session_token: str,
    name: str = "script",
    privileges: str = "read",
    kind: str = "api",
) -> dict:
    """Generate a token over HTTP; assert 201; return the response body (with `secret`)."""
    response = http.post(
        f"/t/{tenant}/api/v1/tokens",
        headers=bearer(session_token),
        json={"name": name, "privileges": privileges, "kind": kind},
    )
    assert response.status_code == 201, response.text
    return response.json()


def is_problem(response: httpx.Response, status: int) -> dict:
    """Assert an RFC 9457 problem with this status; return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body
