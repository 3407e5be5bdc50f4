"""Keyring backends for tests: in memory, locked, plain-text look-alike. Never chosen by keyring itself."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A working keyring that keeps entries in a dict."""

    @properties.classproperty
    def priority(cls) -> float:
        # Not viable for keyring's own auto-detection: tests pass instances explicitly.
        raise RuntimeError("test backend; pass it to SessionStore explicitly")

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise PasswordDeleteError("not found") from None


class LockedKeyring(MemoryKeyring):
    """A keyring whose every call fails as a locked Secret Service collection does."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's file-based plain-text keyring (same module and class name)."""


PlaintextKeyring.__module__ = "keyrings.alt.file"
