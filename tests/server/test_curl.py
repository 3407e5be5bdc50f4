"""The README walk-through with the real `curl` binary: sign in, generate, call alerts/, Active, revoke, 401."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

CURL = shutil.which("curl")
pytestmark = pytest.mark.skipif(CURL is None, reason="the curl binary is not installed")


def curl(*args: str) -> tuple[int, str]:
    """Run curl; return (HTTP status, body)."""
    done = subprocess.run(
        [CURL, "-sS", "-w", "\n%{http_code}", *args], capture_output=True, text=True, timeout=30, check=True
    )
    body, _, status = done.stdout.rpartition("\n")
    return int(status), body


def test_curl_walkthrough(server):
    server.store.ensure_tenant("acme")
    server.store.ensure_user("acme", "alice", "security_operator", password="s3cret passphrase")
    api = f"{server.url}/t/acme/api/v1"

    status, body = curl(
        "-X",
        "POST",
        f"{api}/session",
        "-H",
        "Content-Type: application/json",
        "-d",
        json.dumps({"username": "alice", "password": "s3cret passphrase"}),
    )
    assert status == 201
    session = json.loads(body)["session_token"]

    status, body = curl(
        "-X",
        "POST",
        f"{api}/tokens",
        "-H",
        f"Authorization: Bearer {session}",
        "-H",
        "Content-Type: application/json",
        "-d",
        '{"name": "curl script", "privileges": "read"}',
    )
    assert status == 201
    token = json.loads(body)
    secret, tenant_url = token["secret"], token["tenant_api_url"]

    status, body = curl(f"{tenant_url}/api/v1/alerts/", "-H", f"Authorization: Token {secret}")
    assert status == 200 and json.loads(body)["items"]

    status, body = curl(f"{api}/tokens/{token['id']}", "-H", f"Authorization: Bearer {session}")
    assert status == 200 and json.loads(body)["status"] == "active"

    status, _ = curl("-X", "DELETE", f"{api}/tokens/{token['id']}", "-H", f"Authorization: Bearer {session}")
    assert status == 204

    status, body = curl(f"{tenant_url}/api/v1/alerts/", "-H", f"Authorization: Token {secret}")
    assert status == 401 and json.loads(body)["title"] == "Invalid token"
