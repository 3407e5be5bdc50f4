"""TokenStore in-process: what the embedded tenant and the CLI use."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from desktop_app.core.roles import Role
from desktop_app.server.errors import AlreadyExists, InvalidInput, NotFound, SignInFailed
from desktop_app.server.store import TokenStore
from tests.live_server import TEST_PASSWORD_HASHER


@pytest.fixture
def store(db_url):
    store = TokenStore.open(db_url, password_hasher=TEST_PASSWORD_HASHER)
    yield store
    store.close()


def test_ensure_tenant_and_user_are_idempotent_and_ensure_the_role(store):
    first = store.ensure_tenant("local")
    assert store.ensure_tenant("local") == first
    user = store.ensure_user("local", "jdoe", Role.GLOBAL_ADMIN)
    assert store.ensure_user("local", "jdoe", Role.GLOBAL_ADMIN) == user
    assert store.ensure_user("local", "jdoe", Role.SECURITY_READER).role is Role.SECURITY_READER
    assert [u.username for u in store.users("local")] == ["jdoe"]


def test_ensure_user_creates_the_tenant_and_seeds_its_alerts(store):
    store.ensure_user("fresh", "jdoe", Role.GLOBAL_ADMIN)
    assert len(store.alerts.list(store.tenant_id("fresh"))) >= 3


def test_create_session_signs_in_a_password_less_user(store):
    store.ensure_user("local", "jdoe", Role.GLOBAL_ADMIN)
    token, expires_at = store.create_session("local", "jdoe")
    who = store.session_principal(token)
    assert who.username == "jdoe" and who.role is Role.GLOBAL_ADMIN and who.tenant == "local"
    assert who.expires_at == expires_at
    with pytest.raises(SignInFailed):
        store.sign_in("local", "jdoe", "")


def test_passwords_are_stored_as_argon2id_with_default_parameters_and_checked(db_url):
    store = TokenStore.open(db_url)  # the service's default argon2id parameters
    try:
        store.ensure_user("acme", "alice", Role.SECURITY_READER, password="pw one is long")
        with store.db.connection_context():
            stored = store.models.User.get(store.models.User.username == "alice").password_hash
        defaults = PasswordHasher()
        assert stored.startswith("$argon2id$") and "pw one is long" not in stored
        assert f"m={defaults.memory_cost},t={defaults.time_cost},p={defaults.parallelism}" in stored
        assert defaults.verify(stored, "pw one is long")
        token, _, user = store.sign_in("acme", "alice", "pw one is long")
        assert user.username == "alice" and store.session_principal(token) is not None
        with pytest.raises(SignInFailed, match="Wrong username or password"):
            store.sign_in("acme", "alice", "pw two is long")
    finally:
        store.close()


def test_sessions_are_stored_as_digests_only(store):
    store.ensure_user("local", "jdoe", Role.GLOBAL_ADMIN)
    token, _ = store.create_session("local", "jdoe")
    with store.db.connection_context():
        digests = [s.digest for s in store.models.Session.select()]
    assert digests == [store.digest(token)] and token not in digests[0]


def test_refusals_are_sentences(store):
    store.ensure_user("acme", "alice", Role.SECURITY_READER)
    with pytest.raises(AlreadyExists, match="already exists"):
        store.add_tenant("acme")
    with pytest.raises(AlreadyExists, match="already has a user"):
        store.add_user("acme", "alice", Role.SECURITY_READER)
    with pytest.raises(NotFound, match="no tenant"):
        store.add_user("nosuch", "bob", Role.SECURITY_READER)
    with pytest.raises(NotFound, match="has no user"):
        store.set_role("acme", "bob", Role.SECURITY_ADMIN)
    with pytest.raises(InvalidInput, match="Unknown role"):
        store.add_user("acme", "bob", "root")
    with pytest.raises(InvalidInput, match="lowercase"):
        store.add_tenant("Not A Slug")
    store.deprovision("acme", "alice")
    with pytest.raises(InvalidInput, match="deprovisioned"):
        store.create_session("acme", "alice")


def test_a_session_opened_without_a_password_is_audited_as_a_sign_in(store):
    store.ensure_user("acme", "alice", Role.GLOBAL_ADMIN)
    session_token, _expires_at = store.create_session("acme", "alice")
    (event,) = [e for e in store.audit.events("acme") if e.action == "session.sign_in"]
    assert event.actor == "alice" and event.outcome == "ok"
    assert session_token not in repr(event)
