"""A live token service for the data-side tests: tenant "acme", an admin with a password, a reader."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from argon2 import PasswordHasher

from desktop_app.client.api import TokenServiceClient
from desktop_app.core.roles import Role
from desktop_app.server.store import TokenStore
from tests.live_server import LiveServer, MovableClock, live_server

TENANT = "acme"
ADMIN = "alice"
READER = "rita"
PASSWORD = "correct horse battery staple"
SIGN_IN_FAILURES = 3
SESSION_TTL_SECONDS = 3600


@contextmanager
def acme_service(db_url: str, clock: MovableClock) -> Iterator[LiveServer]:
    """A real uvicorn on 127.0.0.1 serving tenant acme: alice (global admin, password), rita (reader)."""
    store = TokenStore.open(
        db_url,
        clock=clock,
        session_ttl=timedelta(seconds=SESSION_TTL_SECONDS),
        password_hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),  # fast, for tests
    )
    with live_server(db_url, store=store, sign_in_failures=SIGN_IN_FAILURES) as srv:
        srv.store.ensure_tenant(TENANT)
        srv.store.ensure_user(TENANT, ADMIN, Role.GLOBAL_ADMIN, password=PASSWORD)
        srv.store.ensure_user(TENANT, READER, Role.SECURITY_READER)
        yield srv


@contextmanager
def client_for(srv: LiveServer, username: str = ADMIN, **options) -> Iterator[TokenServiceClient]:
    """A client already holding a session of `username` (made in-process, no password)."""
    token = srv.store.create_session(TENANT, username)[0]
    with TokenServiceClient(srv.url, TENANT, session_token=token, **options) as client:
        yield client
