"""The generate wizard's Qt-free steps: name checks, privileges per role, review, the call's outcome."""

from __future__ import annotations

import gc
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from desktop_app.core.errors import Cancelled, UserFacingError
from desktop_app.core.generate_flow import UNEXPECTED_FAILURE, GenerateFlow, Step
from desktop_app.core.roles import Privileges, Role
from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import NAME_MAX_LENGTH, TokenInfo, TokenKind

NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)


@dataclass
class Generated:
    token: TokenInfo
    secret: str
    tenant_api_url: str


def token_named(name: str) -> TokenInfo:
    return TokenInfo("t1", name, TokenKind.API, "alice", False, Privileges.READ, NOW, None)


def flow(role=Role.GLOBAL_ADMIN, names=("ci deploy",)):
    return GenerateFlow(role, lambda: list(names), TokenKind.API)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "Give the token a name"),
        ("   ", "Give the token a name"),
        ("x" * (NAME_MAX_LENGTH + 1), "at most 64"),
        ("bad\x07name", "control or invisible"),
        ("CI Deploy", "already have a live token"),
        ("  ci deploy ", "already have a live token"),
    ],
)
def test_name_problems_are_sentences(raw, fragment):
    check = flow().check_name(raw)
    assert not check.ok
    assert check.name is None
    assert fragment in check.problem


def test_good_name_is_trimmed():
    check = flow().check_name("  nightly export ")
    assert check.ok and check.name == "nightly export"


def test_set_name_rereads_live_names():
    names = ["a"]
    f = GenerateFlow(Role.SECURITY_OPERATOR, lambda: list(names))
    assert f.check_name("b").ok
    names.append("B")  # another window generated "B" meanwhile
    assert not f.set_name("b").ok
    assert f.name is None
    assert f.set_name("c").ok and f.name == "c"


def test_full_admin_and_operator_get_both_privileges_reader_only_read():
    for role in (Role.GLOBAL_ADMIN, Role.SECURITY_ADMIN, Role.SECURITY_OPERATOR):
        f = flow(role)
        assert [c.privileges for c in f.offered_privileges] == [Privileges.READ, Privileges.READ_WRITE]
        assert f.privileges_note is None
    reader = flow(Role.SECURITY_READER)
    assert [c.privileges for c in reader.offered_privileges] == [Privileges.READ]
    assert "can only issue tokens with read privileges" in reader.privileges_note
    with pytest.raises(ValueError, match="read privileges"):
        reader.choose_privileges(Privileges.READ_WRITE)
    assert reader.privileges is Privileges.READ


def test_default_is_the_narrowest_privilege():
    assert flow().privileges is Privileges.READ


def test_review_then_generate_success_moves_secret_into_handoff():
    f = flow()
    assert f.step is Step.NAME
    f.set_name("nightly export")
    f.choose_privileges(Privileges.READ_WRITE)
    assert f.review().lines() == [
        ("Name", "nightly export"),
        ("Privileges", "Read + write"),
        ("Kind", "API token"),
    ]
    assert f.begin_generate() == ("nightly export", Privileges.READ_WRITE)
    assert f.generating
    with pytest.raises(RuntimeError):
        f.begin_generate()
    secret = new_secret(TokenKind.API)
    token = token_named("nightly export")
    info = f.generate_succeeded(Generated(token, secret, "https://t.example/t/acme"))
    assert info is token
    assert f.step is Step.SECRET
    assert f.handoff.secret == secret
    assert secret not in repr(f.handoff)
    holder = weakref.ref(f.handoff)
    f.forget_secret()
    gc.collect()
    assert holder() is None
    assert f.handoff is None


@pytest.mark.parametrize(
    ("error", "message", "unexpected"),
    [
        (UserFacingError("You already have a live token named “x”."), "You already have", False),
        (Cancelled(), None, False),
        (KeyError("boom"), UNEXPECTED_FAILURE, True),
    ],
)
def test_generate_failure_goes_back_to_review(error, message, unexpected):
    f = flow()
    f.set_name("x2")
    f.begin_generate()
    failure = f.generate_failed(error)
    assert failure.unexpected is unexpected
    if message is None:
        assert failure.message is None
    else:
        assert message in failure.message
    assert not f.generating
    assert f.step is Step.REVIEW
    assert f.begin_generate() == ("x2", Privileges.READ)  # retry allowed


def test_review_needs_a_name():
    with pytest.raises(ValueError):
        flow().review()
