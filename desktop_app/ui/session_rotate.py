"""How the session controller rotates a token and ends a grace period (SPEC rule 12).

The rotate dialog runs `rotate_call(c)` in the action lane itself (the new secret goes to the dialog
only, as a new token's goes to the generate wizard) and hands the answered token back to
`apply_rotated`. `end_grace(c, token_id)` runs in the action lane too. Either way the answered token's
row replaces the table's at once and a sync follows. Texts keep the "SessionController" context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core.token_fields import row_from_token
from ..core.tokens import TokenInfo
from .errors import ErrorKind, classify
from .protocols import RotatedToken
from .translate import translate

if TYPE_CHECKING:
    from .session_controller import SessionController

# (token id, grace hours) → the rotated token with its new secret; blocking (run it in a lane)
RotateCall = Callable[[str, int], RotatedToken]


def rotate_call(c: SessionController) -> RotateCall | None:
    """The blocking call the rotate dialog runs (None when not signed in)."""
    client = c.client
    if client is None or c.session is None:
        return None
    return lambda token_id, grace_hours: client.rotate(token_id, grace_hours)


def apply_rotated(c: SessionController, token: TokenInfo) -> None:
    """The dialog rotated `token`: its row (new expiry, grace period) shows now, and a sync follows."""
    c.tokens_changed.emit([row_from_token(token)], [])
    c.message.emit(translate("SessionController", "Rotated “{name}”.").format(name=token.name), 8000)
    c.sync_now()


def end_grace(c: SessionController, token_id: str) -> None:
    """Stop the rotation's old secret of `token_id` now (nothing when not signed in)."""
    client = c.client
    if client is None or c.session is None:
        return

    def done(token: TokenInfo) -> None:
        c.tokens_changed.emit([row_from_token(token)], [])
        c.message.emit(
            translate("SessionController", "The old secret of “{name}” no longer works.").format(
                name=token.name
            ),
            8000,
        )
        c.sync_now()

    def failed(error: BaseException) -> None:
        c.message.emit("", 0)
        if classify(error) is ErrorKind.SESSION_EXPIRED:
            c.handle_failure(error)
            return
        c.error_channel.report(error)

    c.message.emit(translate("SessionController", "Ending the grace period…"), 0)
    c.runner.run(lambda: client.end_grace(token_id), done, failed)


__all__ = ["RotateCall", "apply_rotated", "end_grace", "rotate_call"]
