"""The rotate dialog's steps without Qt (SPEC rule 12): the grace period, the rotate call's outcome, and
the new secret held in one `SecretHandOff` (as the generate wizard holds a new token's) until the
dialog closes."""

from __future__ import annotations

from .errors import Cancelled, UserFacingError
from .generate_flow import Failure, GeneratedResult, SecretHandOff
from .tokens import TokenInfo

MIN_GRACE_HOURS = 0
MAX_GRACE_HOURS = 72
DEFAULT_GRACE_HOURS = 24

UNEXPECTED_FAILURE = (
    "The token could not be rotated because of an unexpected error; its secret is unchanged. "
    "The details were written to the log; try again, and report it if it keeps happening."
)


class RotateFlow:
    """State of one run of the rotate dialog for the token `token_id` (named `name`)."""

    def __init__(self, token_id: str, name: str, grace_hours: int = DEFAULT_GRACE_HOURS) -> None:
        self.token_id = token_id
        self.name = name
        self.grace_hours = DEFAULT_GRACE_HOURS
        self.set_grace_hours(grace_hours)
        self.rotating = False
        self.handoff: SecretHandOff | None = None
        self.error: str | None = None

    def set_grace_hours(self, hours: int) -> None:
        whole = isinstance(hours, int) and not isinstance(hours, bool)
        if not whole or not MIN_GRACE_HOURS <= hours <= MAX_GRACE_HOURS:
            raise ValueError(f"the grace period is {MIN_GRACE_HOURS} to {MAX_GRACE_HOURS} whole hours")
        self.grace_hours = hours

    def begin_rotate(self) -> tuple[str, int]:
        """The arguments of the rotate call; the flow is busy until it succeeds or fails."""
        if self.rotating:
            raise RuntimeError("already rotating")
        if self.handoff is not None:
            raise RuntimeError("already rotated")
        self.rotating = True
        self.error = None
        return self.token_id, self.grace_hours

    def rotate_failed(self, error: BaseException) -> Failure:
        self.rotating = False
        if isinstance(error, Cancelled):
            failure = Failure(None, unexpected=False)
        elif isinstance(error, UserFacingError):
            failure = Failure(str(error), unexpected=False)
        else:
            failure = Failure(UNEXPECTED_FAILURE, unexpected=True)
        self.error = failure.message
        return failure

    def rotate_succeeded(self, result: GeneratedResult) -> TokenInfo:
        """Move the new secret into the hand-off holder; the caller drops `result` afterwards."""
        self.rotating = False
        self.error = None
        self.handoff = SecretHandOff(result.token, result.secret, result.tenant_api_url)
        return result.token

    def forget_secret(self) -> None:
        if self.handoff is not None:
            self.handoff.forget()
        self.handoff = None
