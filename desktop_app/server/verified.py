"""A live token found from its secret (the token check's one query), with what its owner is *now*.

`VERIFY_COLUMNS` / `VERIFY_FROM` / `verify_where` are the live-token lookup by digest (the current
secret, or a rotation's old one during its grace period); `verified_from_row` reads one answer.
Other queries extend the lookup (see alerts.py) to answer in one round trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop_app.core.roles import Privileges, Role, effective_privileges
from desktop_app.core.tokens import TokenKind

from .hot_reads import Row
from .models import from_micros


@dataclass(frozen=True, slots=True)
class VerifiedToken:
    """A live token found from its secret, with what its owner is *now*."""

    id: str
    tenant_id: int
    kind: TokenKind
    privileges: Privileges
    owner: str
    owner_role: Role
    owner_deprovisioned: bool
    created_at: datetime
    last_used_at: datetime | None
    # Found by the old secret of a rotation (SPEC rule 12): it works only while the grace period runs.
    old_secret: bool = False
    old_secret_valid_until: datetime | None = None
    old_secret_last_used_at: datetime | None = None
    expires_at: datetime | None = None  # None: never; read with the row, so the check costs nothing more

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at

    def effective_privileges(self) -> Privileges | None:
        return effective_privileges(self.privileges, self.owner_role, self.owner_deprovisioned)

    def works_at(self, now: datetime) -> bool:
        """False for an old secret whose grace period has run out (it answers as an unknown one)."""
        until = self.old_secret_valid_until
        return not self.old_secret or (until is not None and now < until)


# The live-token lookup by digest; other queries extend it (see alerts.py) to answer in one round trip.
VERIFY_COLUMNS = (
    "t.id, t.tenant_id, t.kind, t.privileges, t.created_at, t.last_used_at, "
    "u.username, u.role, u.deprovisioned, t.old_digest, t.old_secret_valid_until, t.old_secret_last_used_at, "
    "t.expires_at"
)
VERIFY_COLUMN_COUNT = 13
VERIFY_FROM = "token t JOIN app_user u ON u.id = t.owner_id"


def verify_where(p: str) -> str:
    """A live token by its secret's digest (give it twice): the current secret, or a rotation's old one.
    Two unique indexes, one probe each (SQLite: OR by union; PostgreSQL: BitmapOr)."""
    return f"(t.digest = {p} OR t.old_digest = {p}) AND t.revoked_at IS NULL"


def verified_from_row(row: Row, digest: str) -> VerifiedToken:
    """The VERIFY_COLUMNS of a row found with `digest` (which says whether the old secret matched)."""
    tid, tenant_id, kind, privileges, created_at, last_used_at, owner, role, deprovisioned = row[:9]
    old_digest, old_valid_until, old_last_used, expires = row[9:13]
    return VerifiedToken(
        tid,
        tenant_id,
        TokenKind(kind),
        Privileges(privileges),
        owner,
        Role(role),
        bool(deprovisioned),
        from_micros(created_at),
        from_micros(last_used_at),
        old_digest is not None and old_digest == digest,
        from_micros(old_valid_until),
        from_micros(old_last_used),
        from_micros(expires),
    )
