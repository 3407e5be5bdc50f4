"""The admin session token in the OS keyring; in memory for this run only when no safe keyring works.

Never written to a file: a failing or plain-text keyring backend, a locked keyring or any
error from it turns the store non-persistent (`.persistent = False`) with `.warning` saying so.
"""

from __future__ import annotations

import logging
import threading

import keyring
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from keyring.errors import PasswordDeleteError

from desktop_app.paths import APP_NAME

log = logging.getLogger(__name__)

SERVICE_NAME = APP_NAME  # the keyring entry's service name

NO_KEYRING = (
    "No secure keyring is available on this computer, so your sign-in is kept in memory for "
    "this run only and you will need to sign in again next time."
)
PLAINTEXT_KEYRING = (
    "The only keyring available would store your sign-in in a plain file, so it is kept in "
    "memory for this run only. Install or unlock a system keyring (such as GNOME Keyring or "
    "KWallet) to stay signed in."
)
KEYRING_FAILED = (
    "The system keyring is locked or did not answer, so your sign-in is kept in memory for "
    "this run only. Unlock the keyring and sign in again to stay signed in."
)

# Backends that keep secrets readable on disk (or nowhere): never used for the session.
_UNSAFE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def backend_problem(backend: KeyringBackend) -> str | None:
    """Why `backend` must not hold the session (a sentence for the user), or None if it is fine."""
    if isinstance(backend, ChainerBackend):
        # A chainer writes to its first backend that accepts, so the first one decides.
        chained = list(backend.backends)
        return backend_problem(chained[0]) if chained else NO_KEYRING
    module = type(backend).__module__
    name = type(backend).__name__.lower()
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return NO_KEYRING
    if module.startswith(_UNSAFE_MODULES) or "plaintext" in name or "unencrypted" in name:
        return PLAINTEXT_KEYRING
    return None


def _judged_backend(backend: KeyringBackend) -> KeyringBackend:
    """The backend `backend_problem` judged: a chainer's first. Used alone, because a chainer hands a
    write the first backend declines (NotImplementedError) on to the next, which may be a plain file."""
    while isinstance(backend, ChainerBackend):
        backend = list(backend.backends)[0]
    return backend


def entry_name(server_url: str, tenant: str, username: str) -> str:
    """The keyring 'username' of one session: readable in a keyring manager, unique per triple."""
    return f"{username}@{tenant} on {server_url.rstrip('/')}"


class SessionStore:
    """save / load / delete the session token of (server URL, tenant, username)."""

    def __init__(self, service_name: str = SERVICE_NAME, backend: KeyringBackend | None = None) -> None:
        self.service_name = service_name
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()
        self.warning: str | None = None
        self._backend: KeyringBackend | None = None
        try:
            candidate = backend if backend is not None else keyring.get_keyring()
        except Exception as error:
            self._degrade(KEYRING_FAILED, error)
            return
        problem = backend_problem(candidate)
        if problem is not None:
            self._degrade(problem)
        else:
            self._backend = _judged_backend(candidate)

    @property
    def persistent(self) -> bool:
        """True when sessions survive a restart (a working, safe keyring holds them)."""
        return self._backend is not None

    def save(self, server_url: str, tenant: str, username: str, session_token: str) -> None:
        key = entry_name(server_url, tenant, username)
        with self._lock:
            if self._backend is not None:
                try:
                    self._backend.set_password(self.service_name, key, session_token)
                    return
                except Exception as error:
                    self._degrade(KEYRING_FAILED, error)
            self._memory[key] = session_token

    def load(self, server_url: str, tenant: str, username: str) -> str | None:
        key = entry_name(server_url, tenant, username)
        with self._lock:
            if self._backend is not None:
                try:
                    return self._backend.get_password(self.service_name, key)
                except Exception as error:
                    self._degrade(KEYRING_FAILED, error)
            return self._memory.get(key)

    def delete(self, server_url: str, tenant: str, username: str) -> None:
        key = entry_name(server_url, tenant, username)
        with self._lock:
            self._memory.pop(key, None)
            if self._backend is not None:
                try:
                    self._backend.delete_password(self.service_name, key)
                except PasswordDeleteError:
                    pass  # nothing stored: already signed out
                except Exception as error:
                    self._degrade(KEYRING_FAILED, error)

    def _degrade(self, warning: str, error: BaseException | None = None) -> None:
        if error is not None:
            # The type only: a backend's message could echo what it was handed.
            log.warning("keyring unavailable (%s); keeping the session in memory", type(error).__name__)
        self._backend = None
        self.warning = warning
