"""SessionStore with test keyring backends: stored per (URL, tenant, user); in memory only when unsafe."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import pytest
from keyring.backends import fail
from keyring.backends.chainer import ChainerBackend

from desktop_app.session.keyring_store import (
    KEYRING_FAILED,
    NO_KEYRING,
    PLAINTEXT_KEYRING,
    SessionStore,
    backend_problem,
)

from .keyrings import LockedKeyring, MemoryKeyring, PlaintextKeyring

URL = "http://127.0.0.1:8765"
TOKEN = "session-9f8e7d6c5b4a39281706f5e4d3c2b1a0"


def _files_containing(root: Path, needle: str) -> list[Path]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and needle.encode() in path.read_bytes():
            hits.append(path)
    return hits


def test_working_keyring_saves_loads_and_deletes() -> None:
    backend = MemoryKeyring()
    store = SessionStore(backend=backend)
    assert store.persistent and store.warning is None
    store.save(URL, "local", "alice", TOKEN)
    assert list(backend.entries.values()) == [TOKEN]
    assert [service for service, _ in backend.entries] == ["token-desk"]
    assert SessionStore(backend=backend).load(URL, "local", "alice") == TOKEN  # a later run
    store.delete(URL, "local", "alice")
    assert backend.entries == {}
    assert store.load(URL, "local", "alice") is None


def test_entries_are_keyed_by_url_tenant_and_username() -> None:
    store = SessionStore(backend=MemoryKeyring())
    store.save(URL, "local", "alice", TOKEN)
    assert store.load(URL, "local", "bob") is None
    assert store.load(URL, "other", "alice") is None
    assert store.load("http://127.0.0.1:8766", "local", "alice") is None
    assert store.load(URL + "/", "local", "alice") == TOKEN


def test_deleting_a_missing_entry_is_fine() -> None:
    store = SessionStore(backend=MemoryKeyring())
    store.delete(URL, "local", "nobody")
    assert store.persistent


def test_fail_backend_keeps_the_session_in_memory_only(
    _private_user_dirs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = "session-" + secrets.token_hex(24)  # made here, so no source file contains it
    monkeypatch.chdir(tmp_path)
    store = SessionStore(backend=fail.Keyring())
    assert not store.persistent
    assert store.warning == NO_KEYRING
    store.save(URL, "local", "alice", token)
    assert store.load(URL, "local", "alice") == token
    assert SessionStore(backend=fail.Keyring()).load(URL, "local", "alice") is None  # next run
    assert _files_containing(_private_user_dirs, token) == []
    assert _files_containing(tmp_path, token) == []


def test_plaintext_backend_is_never_written() -> None:
    backend = PlaintextKeyring()
    store = SessionStore(backend=backend)
    assert not store.persistent
    assert store.warning == PLAINTEXT_KEYRING
    store.save(URL, "local", "alice", TOKEN)
    assert backend.entries == {}
    assert store.load(URL, "local", "alice") == TOKEN


class _Chain(ChainerBackend):
    def __init__(self, *chained: object) -> None:
        super().__init__()
        self._chained = list(chained)

    @property  # type: ignore[override]
    def backends(self) -> list:
        return self._chained


def test_chainer_is_judged_by_the_backend_it_writes_to() -> None:
    assert backend_problem(_Chain(PlaintextKeyring(), MemoryKeyring())) == PLAINTEXT_KEYRING
    assert backend_problem(_Chain()) == NO_KEYRING
    assert backend_problem(_Chain(MemoryKeyring(), PlaintextKeyring())) is None


def test_locked_keyring_degrades_to_memory_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    store = SessionStore(backend=LockedKeyring())
    assert store.persistent  # looks fine until used
    with caplog.at_level(logging.DEBUG):
        store.save(URL, "local", "alice", TOKEN)
    assert not store.persistent
    assert store.warning == KEYRING_FAILED
    assert store.load(URL, "local", "alice") == TOKEN
    assert TOKEN not in caplog.text
    assert "KeyringLocked" in caplog.text


def test_keyring_that_fails_on_read_degrades_on_load() -> None:
    store = SessionStore(backend=LockedKeyring())
    assert store.load(URL, "local", "alice") is None
    assert not store.persistent and store.warning == KEYRING_FAILED


def test_default_backend_in_this_sandbox_is_reported_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    store = SessionStore()
    assert not store.persistent and store.warning == NO_KEYRING


class _DecliningKeyring(MemoryKeyring):
    """A safe keyring that declines a write the way keyring's chainer skips over (NotImplementedError)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NotImplementedError


def test_a_chain_never_hands_the_session_on_to_a_plaintext_backend_behind_the_safe_one() -> None:
    # keyring's chainer tries the next backend when one raises NotImplementedError: the store must
    # write to the backend it was judged by, never to a plain-text file further down the chain.
    plaintext = PlaintextKeyring()
    store = SessionStore(backend=_Chain(_DecliningKeyring(), plaintext))
    store.save(URL, "local", "alice", TOKEN)
    assert plaintext.entries == {}
    assert not store.persistent and store.warning == KEYRING_FAILED
    assert store.load(URL, "local", "alice") == TOKEN
