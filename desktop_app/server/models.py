"""The service's tables as peewee models, built per database so several stores can live in one process."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, overload

from peewee import (
    SQL,
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    Database,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_micros(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("naive datetime; pass an aware UTC time")
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


@overload
def from_micros(value: int) -> datetime: ...
@overload
def from_micros(value: None) -> None: ...
def from_micros(value: int | None) -> datetime | None:
    if value is None:
        return None
    seconds, micros = divmod(int(value), 1_000_000)
    return datetime.fromtimestamp(seconds, UTC).replace(microsecond=micros)


def iso_from_micros(value: int) -> str:
    """`core.tokens.format_utc(from_micros(value))`, several times faster (big token lists)."""
    t = time.gmtime(value // 1_000_000)
    return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}Z"


class UtcTimeField(BigIntegerField):
    """An aware UTC datetime stored as integer microseconds since the epoch (same on SQLite and PostgreSQL)."""

    def db_value(self, value: object) -> object:
        if isinstance(value, datetime):
            return to_micros(value)
        return value

    def python_value(self, value: int | None) -> datetime | None:
        return from_micros(value)


# A model class made in `bind_models`: its fields are peewee descriptors added at class creation,
# which peewee's stubs cannot describe, so attribute access on it is untyped (the peewee boundary).
ModelClass = Any


@dataclass(frozen=True)
class Models:
    """The model classes bound to one database."""

    Tenant: ModelClass
    User: ModelClass
    Session: ModelClass
    Token: ModelClass
    Alert: ModelClass
    AuditEvent: ModelClass
    ChangeCounter: ModelClass
    SchemaVersion: ModelClass
    TenantPolicy: ModelClass
    TokenAddress: ModelClass
    TokenDailyUse: ModelClass

    def all(self) -> list[ModelClass]:
        return [
            self.SchemaVersion,
            self.ChangeCounter,
            self.Tenant,
            self.User,
            self.Session,
            self.Token,
            self.Alert,
            self.AuditEvent,
            self.TenantPolicy,
            self.TokenAddress,
            self.TokenDailyUse,
        ]


def bind_models(db: Database) -> Models:
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class SchemaVersion(Base):
        version = IntegerField()

    class ChangeCounter(Base):
        """One row: the sequence behind `changed_since` cursors (row-locked, so commit order = number order)."""

        id = IntegerField(primary_key=True)
        value = BigIntegerField(default=0)

    class Tenant(Base):
        id = AutoField()
        slug = CharField(max_length=63, unique=True)
        created_at = UtcTimeField()

    class User(Base):
        id = AutoField()
        tenant = ForeignKeyField(Tenant, backref="users", on_delete="CASCADE")
        username = CharField(max_length=64)
        role = CharField(max_length=32)
        password_hash = TextField(null=True)
        deprovisioned = BooleanField(default=False)
        created_at = UtcTimeField()

        class Meta:
            table_name = "app_user"
            indexes = ((("tenant", "username"), True),)

    class Session(Base):
        id = AutoField()
        digest = CharField(max_length=64, unique=True)
        user = ForeignKeyField(User, backref="sessions", on_delete="CASCADE")
        created_at = UtcTimeField()
        expires_at = UtcTimeField()

        class Meta:
            table_name = "user_session"

    class Token(Base):
        id = CharField(max_length=32, primary_key=True)
        tenant = ForeignKeyField(Tenant, backref="tokens", on_delete="CASCADE")
        owner = ForeignKeyField(User, backref="tokens", on_delete="CASCADE")
        kind = CharField(max_length=16)
        name = CharField(max_length=64)
        name_key = CharField(max_length=256)
        privileges = CharField(max_length=16)
        digest = CharField(max_length=64, unique=True)
        created_at = UtcTimeField()
        last_used_at = UtcTimeField(null=True)
        revoked_at = UtcTimeField(null=True)
        change_seq = BigIntegerField(default=0)
        # v3 (SPEC rules 11-14): expiry (NULL: never), description, and the rotation's old secret
        # (its digest, until when it works, its last use) during a grace period.
        expires_at = UtcTimeField(null=True)
        description = TextField(default="", constraints=[SQL("DEFAULT ''")])  # also for raw INSERTs
        old_digest = CharField(max_length=64, null=True, unique=True)
        old_secret_valid_until = UtcTimeField(null=True)
        old_secret_last_used_at = UtcTimeField(null=True)

        class Meta:
            indexes = ((("tenant", "change_seq"), False),)

    # A name is unique among the owner's *live* tokens, also under concurrent requests.
    Token.add_index(
        Token.index(Token.owner, Token.name_key, unique=True, where=Token.revoked_at.is_null(True))
    )

    class Alert(Base):
        id = AutoField()
        tenant = ForeignKeyField(Tenant, backref="alerts", on_delete="CASCADE")
        number = IntegerField()
        title = CharField(max_length=200)
        severity = CharField(max_length=16)
        status = CharField(max_length=16, default="open")
        created_at = UtcTimeField()
        closed_at = UtcTimeField(null=True)
        closed_by = CharField(max_length=64, null=True)

        class Meta:
            indexes = ((("tenant", "number"), True),)

    class TenantPolicy(Base):
        """One row per tenant: its token policy (core.policy) as a JSON document; no row = the defaults."""

        tenant = ForeignKeyField(Tenant, primary_key=True, backref="policy", on_delete="CASCADE")
        document = TextField()
        changed_at = UtcTimeField()

    class TokenAddress(Base):
        """Usage evidence: one row per distinct client address a token was used from (rule 13)."""

        id = AutoField()
        token = ForeignKeyField(Token, backref="addresses", on_delete="CASCADE")
        address = CharField(max_length=64)
        user_agent = CharField(max_length=256, default="")
        first_seen = UtcTimeField()
        last_seen = UtcTimeField()

        class Meta:
            indexes = ((("token", "address"), True), (("token", "last_seen"), False))

    class TokenDailyUse(Base):
        """Usage evidence: uses per token and UTC day ("YYYY-MM-DD") (rule 13)."""

        id = AutoField()
        token = ForeignKeyField(Token, backref="daily_uses", on_delete="CASCADE")
        day = CharField(max_length=10)
        count = BigIntegerField(default=0)

        class Meta:
            indexes = ((("token", "day"), True),)

    class AuditEvent(Base):
        id = AutoField()
        tenant = ForeignKeyField(Tenant, null=True, backref="audit_events", on_delete="CASCADE")
        at = UtcTimeField()
        actor = CharField(max_length=100, null=True)
        action = CharField(max_length=64)
        target = CharField(max_length=200, null=True)
        outcome = CharField(max_length=16)
        client_addr = CharField(max_length=64, null=True)
        detail = TextField(null=True)
        # v4: the token an event is about (its target, or the actor of a token's own use), so the audit
        # log filters by token and a token owner's notices join to the token through an index.
        token_id = CharField(max_length=32, null=True)

        class Meta:
            indexes = (
                (("tenant", "at"), False),
                # keyset pages newest first: (at, id) within the tenant, also filtered by token
                (("tenant", "at", "id"), False),
                (("tenant", "token_id", "at", "id"), False),
                # filtered by action (the audit API; an owner's notices look for token.revoke) or actor
                (("tenant", "action", "at", "id"), False),
                (("tenant", "actor", "at", "id"), False),
            )

    return Models(
        Tenant=Tenant,
        User=User,
        Session=Session,
        Token=Token,
        Alert=Alert,
        AuditEvent=AuditEvent,
        ChangeCounter=ChangeCounter,
        SchemaVersion=SchemaVersion,
        TenantPolicy=TenantPolicy,
        TokenAddress=TokenAddress,
        TokenDailyUse=TokenDailyUse,
    )
