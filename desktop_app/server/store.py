"""TokenStore: the service's data behind one db_url — tenants, users, sessions, and (via
`.tokens`, `.alerts`, `.audit`) tokens, the alerts tokens unlock, and the audit log.

Usable in-process without HTTP (the desktop app's embedded tenant, the CLI, tests):

    store = TokenStore.open("sqlite:////path/tokens.db")   # creates/upgrades the schema
    store.ensure_tenant("local")
    store.ensure_user("local", "alice", Role.GLOBAL_ADMIN)  # no password: cannot sign in by password
    session_token, expires_at = store.create_session("local", "alice")
    store.close()
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from peewee import IntegrityError, InterfaceError, OperationalError, PostgresqlDatabase
from playhouse.pool import PooledDatabase

from desktop_app.core.roles import Role
from desktop_app.core.secrets import secret_digest

# The account types and checks live in accounts.py, sign-in and sessions in sessions.py; re-exported
# here so `from .store import ...` keeps working for every caller.
from .accounts import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    SLUG_PATTERN,
    USERNAME_MAX_LENGTH,
    Principal,
    TenantInfo,
    UserInfo,
    check_password,
    parse_role,
    validate_slug,
    validate_username,
)
from .alerts import AlertRepository
from .audit import AuditLog
from .db import open_database
from .errors import AlreadyExists, NotFound
from .hot_reads import AsyncPostgresReads, Row
from .models import bind_models
from .policy_store import PolicyStore
from .schema import ensure_schema
from .sessions import SESSION_PREFIX, StoreSessions

__all__ = [
    "DEFAULT_SESSION_TTL",
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "SESSION_PREFIX",
    "SLUG_PATTERN",
    "USERNAME_MAX_LENGTH",
    "Clock",
    "Principal",
    "TenantInfo",
    "TokenStore",
    "UserInfo",
    "check_password",
    "parse_role",
    "utc_now",
    "validate_slug",
    "validate_username",
]

Clock = Callable[[], datetime]
DEFAULT_SESSION_TTL = timedelta(hours=12)


def utc_now() -> datetime:
    return datetime.now(UTC)


class TokenStore(StoreSessions):
    """All service data behind one database. Thread-safe: each call takes a pooled connection."""

    def __init__(
        self,
        db: PooledDatabase,
        *,
        clock: Clock | None = None,
        digest_key: bytes | None = None,
        password_hasher: PasswordHasher | None = None,
        session_ttl: timedelta = DEFAULT_SESSION_TTL,
    ) -> None:
        self.db = db
        self.models = bind_models(db)
        self.is_postgres = isinstance(db, PostgresqlDatabase)
        self.clock: Clock = clock or utc_now
        self.digest_key = digest_key
        self.session_ttl = session_ttl
        self._hasher = password_hasher or PasswordHasher()  # argon2id
        self._dummy_hash: str | None = None
        self._tenant_ids: dict[str, int] = {}
        self._tenant_slugs: dict[int, str] = {}
        self._lock = threading.Lock()
        self.schema_found = ensure_schema(db, self.models)
        self._async_reads = AsyncPostgresReads(db.database) if self.is_postgres else None
        from .token_repo import TokenRepository  # noqa: PLC0415 (cycle: the repo uses the store)

        self.tokens = TokenRepository(self)
        self.alerts = AlertRepository(self)
        self.audit = AuditLog(self)
        from .usage import UsageRecorder  # noqa: PLC0415 (cycle, as above)

        # Usage evidence (rule 13); None: not recorded (create_app(record_usage=False), a benchmark's floor).
        self.usage: UsageRecorder | None = UsageRecorder(self)
        self.policies = PolicyStore(self)

    @classmethod
    def open(cls, db_url: str, **options: Any) -> TokenStore:
        """Open (and create or upgrade) the database at `db_url`.

        `db_url`: `sqlite:////abs/path.db`, a file path, or `postgresql://user@host:port/db`.
        Options: clock, digest_key, password_hasher, session_ttl, max_connections.
        """
        max_connections = options.pop("max_connections", 32)
        db = open_database(db_url, max_connections=max_connections)
        try:
            return cls(db, **options)
        except BaseException:
            db.close_all()
            raise

    def close(self) -> None:
        """Write the usage still in memory, then close this thread's connection and every pooled one."""
        if self.usage is not None:
            self.usage.flush()
        if not self.db.is_closed():
            self.db.close()
        self.db.close_all()

    def now(self) -> datetime:
        return self.clock()

    def ping(self) -> None:
        """One round trip to the database; raises when it does not answer."""
        with self.db.connection_context():
            self.db.execute_sql("SELECT 1").fetchone()

    # --- transactions -------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A write transaction (SQLite: BEGIN IMMEDIATE, so writers queue instead of failing)."""
        with self.db.connection_context():
            with self.db.atomic() if self.is_postgres else self.db.atomic("IMMEDIATE"):
                yield

    def hot_query(self, sql: str, params: Row) -> Any:  # a DB-API cursor (peewee's, untyped)
        """Run one read on a connection this thread keeps open (the event loop's hot path).

        Only call from the event loop thread: worker threads use `connection_context()` so
        they hand their connection back to the pool. A dropped connection is replaced once.
        """
        db = self.db
        if db.is_closed():
            db.connect()
        try:
            return db.execute_sql(sql, params)
        except (OperationalError, InterfaceError):
            if db.in_transaction():
                raise
            db.close()
            db.connect()
            return db.execute_sql(sql, params)

    async def hot_fetchall(self, sql: str, params: Row) -> list[Row]:
        """On the event loop: one read without a thread hop (see hot_reads.py)."""
        if self._async_reads is not None:
            return await self._async_reads.fetchall(sql, params)
        rows: list[Row] = self.hot_query(sql, params).fetchall()
        return rows

    async def aclose(self) -> None:
        """On the event loop at shutdown: close the async read connections, then the pool."""
        if self._async_reads is not None:
            await self._async_reads.close()
        self.close()

    def next_change_seq(self) -> int:
        """Inside `writing()`: the next number of the change sequence (row-locked until commit)."""
        cursor = self.db.execute_sql(
            "UPDATE change_counter SET value = value + 1 WHERE id = 1 RETURNING value"
        )
        value: int = cursor.fetchone()[0]
        return value

    def current_change_seq(self) -> int:
        value: int = self.db.execute_sql("SELECT value FROM change_counter WHERE id = 1").fetchone()[0]
        return value

    def digest(self, secret: str) -> str:
        return secret_digest(secret, self.digest_key)

    # --- tenants ------------------------------------------------------------------------

    def _seed_tenant(self, slug: str) -> TenantInfo:
        m = self.models
        tenant = m.Tenant.create(slug=slug, created_at=self.now())
        self.alerts.seed(tenant.id)
        return TenantInfo(tenant.id, slug)

    def add_tenant(self, slug: str, *, actor: str | None = None) -> TenantInfo:
        slug = validate_slug(slug)
        try:
            with self.writing():
                if self.models.Tenant.get_or_none(self.models.Tenant.slug == slug):
                    raise AlreadyExists(f"Tenant “{slug}” already exists.")
                tenant = self._seed_tenant(slug)
                self.audit.record("tenant.add", tenant_id=tenant.id, actor=actor, target=slug)
        except IntegrityError:
            raise AlreadyExists(f"Tenant “{slug}” already exists.") from None
        return tenant

    def ensure_tenant(self, slug: str) -> TenantInfo:
        """The tenant `slug`, created (with a few seeded alerts) if missing."""
        slug = validate_slug(slug)
        found = self.tenant_id(slug)
        if found is not None:
            return TenantInfo(found, slug)
        try:
            return self.add_tenant(slug)
        except AlreadyExists:  # created meanwhile by another process
            return TenantInfo(self.require_tenant_id(slug), slug)

    def tenant_id(self, slug: str) -> int | None:
        """The tenant's id (cached: tenants are never renamed or deleted), or None."""
        found = self._tenant_ids.get(slug)
        if found is not None:
            return found
        if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
            return None
        with self.db.connection_context():
            row = self.models.Tenant.get_or_none(self.models.Tenant.slug == slug)
        if row is None:
            return None
        with self._lock:
            self._tenant_ids[slug] = row.id
            self._tenant_slugs[row.id] = slug
        row_id: int = row.id
        return row_id

    def require_tenant_id(self, slug: str) -> int:
        found = self.tenant_id(slug)
        if found is None:
            raise NotFound(f"There is no tenant “{slug}”; create it with `tenant add {slug}`.")
        return found

    def tenant_slug(self, tenant_id: int) -> str:
        found = self._tenant_slugs.get(tenant_id)
        if found is not None:
            return found
        with self.db.connection_context():
            slug: str = self.models.Tenant.get_by_id(tenant_id).slug
        with self._lock:
            self._tenant_ids[slug] = tenant_id
            self._tenant_slugs[tenant_id] = slug
        return slug

    def tenants(self) -> list[str]:
        with self.db.connection_context():
            return [t.slug for t in self.models.Tenant.select().order_by(self.models.Tenant.slug)]

    # --- users --------------------------------------------------------------------------

    def _user_info(self, row: Any, slug: str) -> UserInfo:  # row: a User model instance
        return UserInfo(row.id, row.tenant_id, slug, row.username, Role(row.role), bool(row.deprovisioned))

    def _get_user_row(self, tenant_id: int, username: str) -> Any:  # a User model instance or None
        m = self.models
        return m.User.get_or_none((m.User.tenant == tenant_id) & (m.User.username == username))

    def get_user(self, slug: str, username: str) -> UserInfo:
        tenant_id = self.require_tenant_id(validate_slug(slug))
        username = validate_username(username)
        with self.db.connection_context():
            row = self._get_user_row(tenant_id, username)
        if row is None:
            raise NotFound(f"Tenant “{slug}” has no user “{username}”.")
        return self._user_info(row, slug)

    def add_user(
        self,
        slug: str,
        username: str,
        role: Role | str,
        password: str | None = None,
        *,
        actor: str | None = None,
    ) -> UserInfo:
        """Create a user; without a password they can only get a session from `create_session`."""
        tenant_id = self.require_tenant_id(validate_slug(slug))
        username = validate_username(username)
        role = parse_role(role)
        password_hash = self._hash_password(password) if password is not None else None
        try:
            with self.writing():
                if self._get_user_row(tenant_id, username) is not None:
                    raise AlreadyExists(f"Tenant “{slug}” already has a user “{username}”.")
                row = self.models.User.create(
                    tenant=tenant_id,
                    username=username,
                    role=role.value,
                    password_hash=password_hash,
                    created_at=self.now(),
                )
                self.audit.record(
                    "user.add", tenant_id=tenant_id, actor=actor, target=username, detail=f"role={role.value}"
                )
        except IntegrityError:
            raise AlreadyExists(f"Tenant “{slug}” already has a user “{username}”.") from None
        return self._user_info(row, slug)

    def ensure_user(
        self, slug: str, username: str, role: Role | str, password: str | None = None
    ) -> UserInfo:
        """The user, created if missing; an existing one gets `role` (and `password` when given).

        A deprovisioned user stays deprovisioned.
        """
        self.ensure_tenant(slug)
        try:
            return self.add_user(slug, username, role, password)
        except AlreadyExists:
            pass
        user = self.get_user(slug, username)
        if user.role != parse_role(role):
            user = self.set_role(slug, username, role)
        if password is not None:
            self.set_password(slug, username, password)
        return user

    def set_password(self, slug: str, username: str, password: str, *, actor: str | None = None) -> None:
        user = self.get_user(slug, username)
        password_hash = self._hash_password(password)
        with self.writing():
            self.models.User.update(password_hash=password_hash).where(
                self.models.User.id == user.id
            ).execute()
            self.audit.record("user.set_password", tenant_id=user.tenant_id, actor=actor, target=username)

    def set_role(self, slug: str, username: str, role: Role | str, *, actor: str | None = None) -> UserInfo:
        """Change a user's role; their tokens are re-checked against it at every use."""
        role = parse_role(role)
        user = self.get_user(slug, username)
        m = self.models
        with self.writing():
            m.User.update(role=role.value).where(m.User.id == user.id).execute()
            seq = self.next_change_seq()
            m.Token.update(change_seq=seq).where(m.Token.owner == user.id).execute()
            self.audit.record(
                "user.set_role",
                tenant_id=user.tenant_id,
                actor=actor,
                target=username,
                detail=f"{user.role.value} -> {role.value}",
            )
        return UserInfo(user.id, user.tenant_id, user.tenant, user.username, role, user.deprovisioned)

    def deprovision(self, slug: str, username: str, *, actor: str | None = None) -> UserInfo:
        """Mark the user deprovisioned: sessions end, tokens are kept but every use answers 403."""
        user = self.get_user(slug, username)
        m = self.models
        with self.writing():
            m.User.update(deprovisioned=True).where(m.User.id == user.id).execute()
            m.Session.delete().where(m.Session.user == user.id).execute()
            seq = self.next_change_seq()
            m.Token.update(change_seq=seq).where(m.Token.owner == user.id).execute()
            self.audit.record("user.deprovision", tenant_id=user.tenant_id, actor=actor, target=username)
        return UserInfo(user.id, user.tenant_id, user.tenant, user.username, user.role, True)

    def users(self, slug: str) -> list[UserInfo]:
        tenant_id = self.require_tenant_id(validate_slug(slug))
        m = self.models
        with self.db.connection_context():
            rows = list(m.User.select().where(m.User.tenant == tenant_id).order_by(m.User.username))
        return [self._user_info(r, slug) for r in rows]
