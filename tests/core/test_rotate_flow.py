"""The rotate dialog's decisions without Qt: the grace period's range, one call at a time, the outcome's
triage, and the new secret held in one SecretHandOff until it is forgotten."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop_app.core.errors import Cancelled, UserFacingError
from desktop_app.core.generate_flow import SecretHandOff
from desktop_app.core.roles import Privileges
from desktop_app.core.rotate_flow import UNEXPECTED_FAILURE, RotateFlow
from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenInfo, TokenKind

NOW = datetime(2026, 11, 28, tzinfo=UTC)


class Answer:
    def __init__(self) -> None:
        self.token = TokenInfo("t1", "nightly", TokenKind.API, "alice", False, Privileges.READ, NOW, None)
        self.secret = new_secret(TokenKind.API)
        self.tenant_api_url = "https://tokens.example/t/acme"


@pytest.mark.parametrize("hours", [-1, 73, 1.5, True, "24"])
def test_the_grace_period_is_0_to_72_whole_hours(hours):
    flow = RotateFlow("t1", "nightly")
    assert flow.grace_hours == 24
    with pytest.raises(ValueError):
        flow.set_grace_hours(hours)
    for ok in (0, 1, 72):
        flow.set_grace_hours(ok)
        assert flow.grace_hours == ok


def test_one_call_at_a_time_and_the_secret_held_once():
    flow = RotateFlow("t1", "nightly", 3)
    assert flow.begin_rotate() == ("t1", 3)
    with pytest.raises(RuntimeError):
        flow.begin_rotate()
    answer = Answer()
    assert flow.rotate_succeeded(answer) is answer.token
    assert isinstance(flow.handoff, SecretHandOff) and flow.handoff.secret == answer.secret
    assert answer.secret not in repr(flow.handoff)
    with pytest.raises(RuntimeError):
        flow.begin_rotate()  # rotated: a second rotation is a new dialog
    handoff = flow.handoff
    flow.forget_secret()
    assert flow.handoff is None and handoff.secret is None


def test_failures_are_triaged():
    flow = RotateFlow("t1", "nightly")
    flow.begin_rotate()
    assert flow.rotate_failed(Cancelled()).message is None
    flow.begin_rotate()
    failure = flow.rotate_failed(UserFacingError("There is no such token."))
    assert (failure.message, failure.unexpected) == ("There is no such token.", False)
    assert flow.error == failure.message
    flow.begin_rotate()
    failure = flow.rotate_failed(RuntimeError("boom"))
    assert failure.message == UNEXPECTED_FAILURE and failure.unexpected and not flow.rotating
