"""The user-facing error type: its message is a sentence a person can act on."""

from __future__ import annotations


class UserFacingError(Exception):
    """An error whose str() is shown to the user as is. Never put a secret in it."""


class Cancelled(Exception):
    """The user cancelled; the error channel stays silent."""
