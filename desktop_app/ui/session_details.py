"""How the session controller loads a token's details and saves its description (the details pane).

`load_details(c, token_id)`: `client.token_details` in the action lane. Selection changes come
faster than answers: one call runs at a time and only the latest wanted token is asked next, and
an answer for a token that is no longer wanted (the selection changed meanwhile) is dropped.
The answer goes out as `c.details_loaded(details)`, a failure as `c.details_failed(token_id, text,
offline)` (the pane says it; an expired session is handled as everywhere).
`describe(c, token_id, text)`: `client.describe` in the action lane; the new fields reach the tables
(`tokens_changed`) and `c.described(info)`, a failure `c.describe_failed(token_id, text)`.
Texts keep the "SessionController" translation context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.redact import redact
from ..core.token_fields import row_from_token
from ..core.tokens import TokenInfo
from .errors import ErrorKind, classify
from .protocols import TokenDetails
from .translate import translate

if TYPE_CHECKING:
    from .session_controller import SessionController


class DetailsLoader:
    """The controller's details state: the token wanted now and whether a call is running."""

    def __init__(self) -> None:
        self.wanted: str | None = None
        self.running = False


def load_details(c: SessionController, token_id: str | None) -> None:
    """Ask for `token_id`'s details (None: none wanted any more; a running answer is then dropped)."""
    loader = c.details_loader
    loader.wanted = token_id
    if token_id is None or loader.running:
        return
    client = c.client
    if client is None or c.session is None:
        c.details_failed.emit(
            token_id, translate("SessionController", "Not signed in: usage is unavailable."), True
        )
        return
    loader.running = True

    def done(details: TokenDetails) -> None:
        _finished(c, token_id)
        if loader.wanted == token_id:
            c.details_loaded.emit(details)

    def failed(error: BaseException) -> None:
        _finished(c, token_id)
        if loader.wanted != token_id:
            return
        kind = classify(error)
        if kind is ErrorKind.SESSION_EXPIRED:
            c.handle_failure(error)
        offline = translate("SessionController", "The token service cannot be reached: usage is unavailable.")
        c.details_failed.emit(token_id, _problem_text(error, kind, offline), kind is ErrorKind.OFFLINE)

    c.runner.run(lambda: client.token_details(token_id), done, failed)


def _finished(c: SessionController, token_id: str) -> None:
    loader = c.details_loader
    loader.running = False
    if loader.wanted is not None and loader.wanted != token_id:
        load_details(c, loader.wanted)  # the selection moved on while this one ran


def describe(c: SessionController, token_id: str, text: str) -> None:
    """Save the token's description at the service."""
    client = c.client
    if client is None or c.session is None:
        c.describe_failed.emit(token_id, translate("SessionController", "Sign in to edit the description."))
        return

    def done(info: TokenInfo) -> None:
        c.tokens_changed.emit([row_from_token(info)], [])
        saved = translate("SessionController", "Saved the description of “{name}”.")
        c.message.emit(saved.format(name=info.name), 8000)
        c.described.emit(info)

    def failed(error: BaseException) -> None:
        kind = classify(error)
        if kind is ErrorKind.SESSION_EXPIRED:
            c.handle_failure(error)
        offline = translate("SessionController", "The token service cannot be reached; try again later.")
        c.describe_failed.emit(token_id, _problem_text(error, kind, offline))

    c.runner.run(lambda: client.describe(token_id, text), done, failed)


def _problem_text(error: BaseException, kind: ErrorKind, offline: str) -> str:
    if kind is ErrorKind.OFFLINE:
        return offline
    if kind is ErrorKind.SESSION_EXPIRED:
        return translate("SessionController", "The session expired; sign in again.")
    said = redact(str(error)).strip()
    return said or translate("SessionController", "The token service refused the request.")


__all__ = ["DetailsLoader", "describe", "load_details"]
