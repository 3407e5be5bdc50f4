"""A signed-in client with the issue-13 calls (client/hygiene.py) for the console tests."""

from __future__ import annotations

from desktop_app.client.api import TokenServiceClient


def hygiene_client_for(server, username: str, tenant: str = "acme", role=None):
    """A signed-in TokenServiceClient (and its session) for `username` on the live service."""
    from desktop_app.core.roles import Role

    token = server.sign_in(tenant, username, role or Role.GLOBAL_ADMIN)
    client = TokenServiceClient(server.url, tenant, session_token=token)
    return client, client.whoami()
