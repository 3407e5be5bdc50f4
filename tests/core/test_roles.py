"""Roles: who may issue which privileges, and what a token may do under its owner's current role."""

from __future__ import annotations

import pytest

from desktop_app.core.roles import (
    Privileges,
    Role,
    allowed_privileges,
    can_issue,
    effective_privileges,
    is_full_admin,
    why_not_allowed,
)

R, RW = Privileges.READ, Privileges.READ_WRITE


@pytest.mark.parametrize(
    ("role", "full_admin", "allowed"),
    [
        (Role.GLOBAL_ADMIN, True, (R, RW)),
        (Role.SECURITY_ADMIN, True, (R, RW)),
        (Role.SECURITY_OPERATOR, False, (R, RW)),
        (Role.SECURITY_READER, False, (R,)),
    ],
)
def test_role_table(role, full_admin, allowed):
    assert is_full_admin(role) is full_admin
    assert allowed_privileges(role) == allowed
    for privileges in Privileges:
        assert can_issue(role, privileges) is (privileges in allowed)
        assert (why_not_allowed(role, privileges) is None) is (privileges in allowed)


def test_reader_refusal_is_a_sentence_naming_the_way_out():
    message = why_not_allowed(Role.SECURITY_READER, RW)
    assert "read" in message and "admin" in message and message.endswith(".")


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("token_privileges", list(Privileges))
def test_effective_privileges_never_exceed_token_or_current_role(role, token_privileges):
    effective = effective_privileges(token_privileges, role, owner_deprovisioned=False)
    assert token_privileges.includes(effective)
    assert effective in allowed_privileges(role)
    assert effective_privileges(token_privileges, role, owner_deprovisioned=True) is None


def test_write_token_of_an_owner_demoted_to_reader_can_only_read():
    assert effective_privileges(RW, Role.SECURITY_READER, False) is R
