"""Fill a live service's store with many tokens quickly (in-process, through the store's own API)."""

from __future__ import annotations

from desktop_app.core.roles import Role
from desktop_app.core.tokens import TokenKind
from desktop_app.server.store import TokenStore

KINDS = (TokenKind.API, TokenKind.SIEM_AGENT, TokenKind.LOG_COLLECTOR)


def generate_many(store: TokenStore, tenant: str, count: int, *, owners: int, prefix: str) -> dict[str, str]:
    """`count` tokens of all kinds spread over `owners` operators; returns {token id: secret}."""
    principals = []
    for n in range(owners):
        username = f"{prefix}-owner-{n}"
        store.ensure_user(tenant, username, Role.SECURITY_OPERATOR)
        principals.append(store.session_principal(store.create_session(tenant, username)[0]))
    secrets = {}
    for i in range(count):
        info, secret = store.tokens.generate(
            principals[i % owners], f"{prefix} token {i}", "read", KINDS[i % len(KINDS)]
        )
        secrets[info.id] = secret
    return secrets
