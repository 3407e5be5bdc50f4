"""Errors of the service's storage layer; str() is a sentence a person can act on, never a secret."""

from __future__ import annotations

from desktop_app.core.errors import UserFacingError


class StoreError(UserFacingError):
    """Base of the store's refusals (the CLI prints it on one line, the API maps it to a status)."""


class InvalidInput(StoreError):
    """The input breaks a rule (bad slug, role, username, token name...)."""


class NotFound(StoreError):
    """No such tenant, user or token (or it is not visible to the caller)."""


class AlreadyExists(StoreError):
    """A tenant or user with that name already exists."""


class Forbidden(StoreError):
    """The caller's role does not allow this."""


class SignInFailed(StoreError):
    """Wrong username or password (deliberately not saying which)."""
