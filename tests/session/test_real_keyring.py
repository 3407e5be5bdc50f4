"""One round trip through the real Secret Service on the session bus (CI: gnome-keyring)."""

from __future__ import annotations

import gc
import os
import secrets
import warnings

import pytest

from desktop_app.session.keyring_store import SessionStore

pytestmark = pytest.mark.real_keyring


@pytest.fixture
def secret_service():
    if os.environ.get("DESKTOP_APP_TEST_REAL_KEYRING") != "1":
        pytest.skip(
            "set DESKTOP_APP_TEST_REAL_KEYRING=1 and run under dbus-run-session with an unlocked "
            "gnome-keyring-daemon (as .ci/run does) to test the real Secret Service"
        )
    from keyring.backends import SecretService

    yield SecretService.Keyring()
    # keyring's Secret Service backend leaves each D-Bus connection to the garbage collector;
    # collect them here so their ResourceWarning is not raised inside some later test.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def test_session_round_trip_through_secret_service(secret_service) -> None:
    store = SessionStore(service_name="token-desk-test", backend=secret_service)
    assert store.persistent, store.warning
    url, tenant, user = "http://127.0.0.1:8765", "local", f"ci-{secrets.token_hex(4)}"
    token = secrets.token_urlsafe(32)
    try:
        store.save(url, tenant, user, token)
        assert store.persistent, store.warning
        # A fresh store (a later run) reads it back from the keyring, not from memory.
        assert (
            SessionStore(service_name="token-desk-test", backend=secret_service).load(url, tenant, user)
            == token
        )
    finally:
        store.delete(url, tenant, user)
    assert (
        SessionStore(service_name="token-desk-test", backend=secret_service).load(url, tenant, user) is None
    )
