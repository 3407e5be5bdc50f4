"""Passwords and sessions of the store: sign in, open a session, find its principal, end it.

`TokenStore` inherits these methods (`StoreSessions` is its mixin); they use the store's
database, clock, digest key, password hasher and audit log.
"""

from __future__ import annotations

import secrets
import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING, Any

from argon2.exceptions import InvalidHashError, VerificationError

from desktop_app.core.roles import Role

from .accounts import Principal, UserInfo, check_password, plain_text
from .errors import InvalidInput, SignInFailed

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from datetime import timedelta

    from argon2 import PasswordHasher
    from playhouse.pool import PooledDatabase

    from .audit import AuditLog
    from .models import Models

SESSION_PREFIX = "tds_"


class StoreSessions:
    """The password and session half of `TokenStore` (a mixin: every method's `self` is the store)."""

    if TYPE_CHECKING:  # what these methods use of the store (defined in store.py)
        db: PooledDatabase
        models: Models
        audit: AuditLog
        session_ttl: timedelta
        _hasher: PasswordHasher
        _dummy_hash: str | None

        def writing(self) -> AbstractContextManager[None]: ...
        def now(self) -> datetime: ...
        def digest(self, secret: str) -> str: ...
        def tenant_id(self, slug: str) -> int | None: ...
        def tenant_slug(self, tenant_id: int) -> str: ...
        def get_user(self, slug: str, username: str) -> UserInfo: ...
        def _get_user_row(self, tenant_id: int, username: str) -> Any: ...
        def _user_info(self, row: Any, slug: str) -> UserInfo: ...

    def _hash_password(self, password: str) -> str:
        return self._hasher.hash(check_password(password))

    def _verify_password(self, password_hash: str | None, password: str) -> bool:
        if password_hash is None:
            # Same work as a real check, so timing does not tell which usernames exist.
            if self._dummy_hash is None:
                self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
            password_hash, ok = self._dummy_hash, False
        else:
            ok = True
        try:
            self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        return ok

    def sign_in(
        self, slug: str, username: str, password: str, *, client_addr: str | None = None
    ) -> tuple[str, datetime, UserInfo]:
        """Check the password and open a session; raise SignInFailed (same for every cause).

        Audited: a success in the session's own transaction; a failure in a known tenant with the
        username only when it names an existing user (a password typed into the username field
        must not be kept).
        """
        tenant_id = self.tenant_id(slug)
        row = None
        name = unicodedata.normalize("NFC", username).strip() if isinstance(username, str) else ""
        if tenant_id is not None and plain_text(name):
            with self.db.connection_context():
                row = self._get_user_row(tenant_id, name)
        password_ok = self._verify_password(row.password_hash if row else None, password or "")
        if row is None or not password_ok or row.deprovisioned:
            if tenant_id is not None:
                self.audit.record(
                    "session.sign_in",
                    tenant_id=tenant_id,
                    actor=row.username if row else None,
                    outcome="denied",
                    client_addr=client_addr,
                    detail=None if row else "unknown user",
                )
            raise SignInFailed("Wrong username or password.")
        user = self._user_info(row, slug)
        audit = {"tenant_id": user.tenant_id, "actor": user.username, "client_addr": client_addr}
        token, expires_at = self._open_session(user.id, audit=audit)
        return token, expires_at, user

    def create_session(self, slug: str, username: str) -> tuple[str, datetime]:
        """A session for an existing, provisioned user without a password (embedded mode, tests)."""
        user = self.get_user(slug, username)
        if user.deprovisioned:
            raise InvalidInput(f"User “{username}” is deprovisioned and cannot sign in.")
        # Every sign-in is audited, this one too (the embedded tenant signs its user in this way).
        return self._open_session(
            user.id,
            audit={
                "tenant_id": user.tenant_id,
                "actor": user.username,
                "detail": "session opened without a password",
            },
        )

    def _open_session(self, user_id: int, *, audit: dict[str, Any]) -> tuple[str, datetime]:
        token = SESSION_PREFIX + secrets.token_urlsafe(32)
        now = self.now()
        expires_at = now + self.session_ttl
        m = self.models
        with self.writing():
            m.Session.create(digest=self.digest(token), user=user_id, created_at=now, expires_at=expires_at)
            # Expired sessions are of no use to anyone; clear them while here.
            m.Session.delete().where(m.Session.expires_at <= now).execute()
            self.audit.record("session.sign_in", **audit)
        return token, expires_at

    def session_principal(self, session_token: str) -> Principal | None:
        """The live session's user, or None (unknown, expired, deprovisioned)."""
        if (
            not isinstance(session_token, str)
            or not session_token.startswith(SESSION_PREFIX)
            or len(session_token) > 100
        ):
            return None
        m = self.models
        with self.db.connection_context():
            row = (
                m.Session.select(
                    m.Session.id,
                    m.Session.expires_at,
                    m.User.id,
                    m.User.tenant,
                    m.User.username,
                    m.User.role,
                    m.User.deprovisioned,
                )
                .join(m.User)
                .where(m.Session.digest == self.digest(session_token))
                .tuples()
                .first()
            )
        if row is None:
            return None
        session_id, expires_at, user_id, tenant_id, username, role, deprovisioned = row
        expires_at = (
            expires_at if isinstance(expires_at, datetime) else m.Session.expires_at.python_value(expires_at)
        )
        if deprovisioned or expires_at <= self.now():
            return None
        return Principal(
            user_id, tenant_id, self.tenant_slug(tenant_id), username, Role(role), session_id, expires_at
        )

    def end_session(self, session_token: str) -> None:
        m = self.models
        with self.writing():
            m.Session.delete().where(m.Session.digest == self.digest(session_token)).execute()
