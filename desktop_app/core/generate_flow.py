"""The generate wizard's steps without Qt: name, privileges, review, the generate call's outcome.

The Qt pages only render this and collect input (the shape of Electrum's `wizard.py`), so every
decision here is testable without a QApplication. The secret lives in one `SecretHandOff` object
from the moment the service answers until the wizard closes; `forget_secret()` drops it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol

from .errors import Cancelled, UserFacingError
from .roles import Privileges, Role, allowed_privileges, why_not_allowed
from .tokens import (
    TokenInfo,
    TokenKind,
    TokenNameError,
    name_key,
    normalize_token_name,
    validate_new_token_name,
)


class GeneratedResult(Protocol):
    """What the generate call returns (client.api.GeneratedToken has this shape)."""

    # Read-only: the client's GeneratedToken is a frozen dataclass.
    @property
    def token(self) -> TokenInfo: ...
    @property
    def secret(self) -> str: ...
    @property
    def tenant_api_url(self) -> str: ...


class Step(IntEnum):
    NAME = 0
    PRIVILEGES = 1
    REVIEW = 2
    SECRET = 3


_PRIVILEGE_DESCRIPTIONS = {
    Privileges.READ: "Can read the tenant's data (for example list alerts); cannot change anything.",
    Privileges.READ_WRITE: "Can read and alter the tenant's data (for example close alerts).",
}

# As a value on its own ("Kind: Log collector token"): core.tokens' noun, capitalised.
KIND_NOUNS = {kind: kind.noun[:1].upper() + kind.noun[1:] for kind in TokenKind}

UNEXPECTED_FAILURE = (
    "The token could not be generated because of an unexpected error. "
    "The details were written to the log; try again, and report it if it keeps happening."
)


@dataclass(frozen=True, slots=True)
class NameCheck:
    """The outcome of checking a name as typed: the normalised name, or a sentence saying what to fix."""

    name: str | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True, slots=True)
class PrivilegeChoice:
    privileges: Privileges
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Review:
    name: str
    privileges: Privileges
    kind: TokenKind

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs for the review page."""
        return [
            ("Name", self.name),
            ("Privileges", self.privileges.label),
            ("Kind", KIND_NOUNS[self.kind]),
        ]


@dataclass(frozen=True, slots=True)
class Failure:
    """What the page shows after a failed generate call; `unexpected` → also report it (log + once)."""

    message: str | None  # None: cancelled, say nothing
    unexpected: bool


class SecretHandOff:
    """The only Python object that holds the secret, from the service's answer until the wizard closes."""

    __slots__ = ("token", "secret", "tenant_api_url", "__weakref__")

    def __init__(self, token: TokenInfo, secret: str, tenant_api_url: str) -> None:
        self.token = token
        self.secret: str | None = secret
        self.tenant_api_url = tenant_api_url

    def forget(self) -> None:
        self.secret = None

    def __repr__(self) -> str:  # never the secret
        state = "held" if self.secret is not None else "forgotten"
        return f"SecretHandOff(token={self.token.name!r}, secret=<{state}>)"


class GenerateFlow:
    """State of one run of the generate wizard."""

    def __init__(
        self,
        role: Role,
        live_names: Callable[[], Iterable[str]],
        kind: TokenKind = TokenKind.API,
    ) -> None:
        self.role = Role(role)
        self.kind = TokenKind(kind)
        self._live_names = live_names
        self._taken: dict[str, str] = {}
        self.refresh_live_names()
        self.name: str | None = None
        self.privileges: Privileges = allowed_privileges(self.role)[0]  # narrowest by default
        self.generating = False
        self.handoff: SecretHandOff | None = None
        self.error: str | None = None

    # -- name ---------------------------------------------------------------------------
    def refresh_live_names(self) -> None:
        """Snapshot the owner's live names (a dict lookup per keystroke, not a scan)."""
        self._taken = {name_key(name): name for name in self._live_names()}

    def check_name(self, raw: str) -> NameCheck:
        try:
            name = normalize_token_name(raw)
            clash = self._taken.get(name_key(name))
            name = validate_new_token_name(name, [clash] if clash is not None else [])
        except TokenNameError as error:
            return NameCheck(None, str(error))
        return NameCheck(name, None)

    def set_name(self, raw: str) -> NameCheck:
        """Accept the name (on Next) against a fresh snapshot of live names."""
        self.refresh_live_names()
        check = self.check_name(raw)
        self.name = check.name
        return check

    # -- privileges ---------------------------------------------------------------------
    @property
    def offered_privileges(self) -> tuple[PrivilegeChoice, ...]:
        return tuple(
            PrivilegeChoice(p, p.label, _PRIVILEGE_DESCRIPTIONS[p]) for p in allowed_privileges(self.role)
        )

    @property
    def privileges_note(self) -> str | None:
        """Why some privileges are not offered (a reader cannot issue read + write), or None."""
        for privileges in Privileges:
            reason = why_not_allowed(self.role, privileges)
            if reason is not None:
                return reason
        return None

    def choose_privileges(self, privileges: Privileges) -> None:
        privileges = Privileges(privileges)
        reason = why_not_allowed(self.role, privileges)
        if reason is not None:
            raise ValueError(reason)
        self.privileges = privileges

    # -- review and the generate call -----------------------------------------------------
    def review(self) -> Review:
        if self.name is None:
            raise ValueError("name the token first")
        return Review(self.name, self.privileges, self.kind)

    @property
    def step(self) -> Step:
        if self.handoff is not None:
            return Step.SECRET
        if self.name is None:
            return Step.NAME
        return Step.REVIEW

    def begin_generate(self) -> tuple[str, Privileges]:
        """The arguments of the generate call; the flow is busy until it succeeds or fails."""
        if self.generating:
            raise RuntimeError("already generating")
        if self.handoff is not None:
            raise RuntimeError("already generated")
        review = self.review()
        self.generating = True
        self.error = None
        return review.name, review.privileges

    def generate_failed(self, error: BaseException) -> Failure:
        self.generating = False
        if isinstance(error, Cancelled):
            failure = Failure(None, unexpected=False)
        elif isinstance(error, UserFacingError):
            failure = Failure(str(error), unexpected=False)
        else:
            failure = Failure(UNEXPECTED_FAILURE, unexpected=True)
        self.error = failure.message
        return failure

    def generate_succeeded(self, result: GeneratedResult) -> TokenInfo:
        """Move the secret into the hand-off holder; the caller drops `result` afterwards."""
        self.generating = False
        self.error = None
        self.handoff = SecretHandOff(result.token, result.secret, result.tenant_api_url)
        return result.token

    def forget_secret(self) -> None:
        if self.handoff is not None:
            self.handoff.forget()
        self.handoff = None
