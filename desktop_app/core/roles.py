"""Roles, privileges, and who may issue, see and revoke which tokens (SPEC.md: Privileges, Visibility, Revoke)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    GLOBAL_ADMIN = "global_admin"
    SECURITY_ADMIN = "security_admin"
    SECURITY_OPERATOR = "security_operator"
    SECURITY_READER = "security_reader"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Privileges(StrEnum):
    READ = "read"
    READ_WRITE = "read_write"

    @property
    def label(self) -> str:
        return "Read" if self is Privileges.READ else "Read + write"

    def includes(self, other: Privileges) -> bool:
        """True when these privileges cover `other` (read_write covers read)."""
        return _RANK[self] >= _RANK[other]


_RANK = {Privileges.READ: 1, Privileges.READ_WRITE: 2}

FULL_ADMIN_ROLES = frozenset({Role.GLOBAL_ADMIN, Role.SECURITY_ADMIN})

_MAX_PRIVILEGES = {
    Role.GLOBAL_ADMIN: Privileges.READ_WRITE,
    Role.SECURITY_ADMIN: Privileges.READ_WRITE,
    Role.SECURITY_OPERATOR: Privileges.READ_WRITE,
    Role.SECURITY_READER: Privileges.READ,
}


def is_full_admin(role: Role) -> bool:
    """Full admins see and may revoke every API token of the tenant."""
    return Role(role) in FULL_ADMIN_ROLES


def max_privileges(role: Role) -> Privileges:
    return _MAX_PRIVILEGES[Role(role)]


def allowed_privileges(role: Role) -> tuple[Privileges, ...]:
    """The privileges a user with `role` may put on a new token, narrowest first."""
    top = max_privileges(role)
    return tuple(p for p in Privileges if top.includes(p))


def can_issue(role: Role, privileges: Privileges) -> bool:
    """A token may be narrowed at generation but never widened beyond its issuer's role."""
    return max_privileges(role).includes(Privileges(privileges))


def why_not_allowed(role: Role, privileges: Privileges) -> str | None:
    """A sentence a person can act on when `role` may not issue `privileges`, else None."""
    if can_issue(role, privileges):
        return None
    return (
        f"A {Role(role).label.lower()} can only issue tokens with "
        f"{max_privileges(role).label.lower()} privileges; ask a global or security admin "
        f"for a token that can alter data."
    )


def effective_privileges(
    token_privileges: Privileges, owner_role: Role, owner_deprovisioned: bool
) -> Privileges | None:
    """What a token may do right now: its own privileges capped by its owner's *current* role.

    None means the token may do nothing (its owner is deprovisioned).
    """
    if owner_deprovisioned:
        return None
    token_privileges = Privileges(token_privileges)
    cap = max_privileges(owner_role)
    return token_privileges if cap.includes(token_privileges) else cap
