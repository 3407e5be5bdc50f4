"""The cache's tables (peewee models bound to one SQLite file) and its schema version.

Rows are token *metadata* only; there is no column a secret could go in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import peewee

from desktop_app.core.token_fields import ROW_FIELDS, TOKEN_FIELDS, FieldType, TokenField

from .layout import SCHEMA_VERSION

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "CacheModels", "MigrationRefused"]


def _add_missing_fields(database: peewee.Database) -> None:
    """1 → 2: add the token fields the table lacks (each with its default) and forget the cursor.

    The rows stay (an offline start still shows them); without a cursor the next sync is a full one,
    which brings the new fields' values (an incremental one would skip tokens that did not change).
    A missing field without a default cannot be filled in: the step refuses, and the cache is rebuilt.
    """
    db: Any = database  # peewee's stubs leave execute_sql untyped
    present = {row[1] for row in db.execute_sql("PRAGMA table_info(tokens)").fetchall()}
    for field in TOKEN_FIELDS:
        if field.name in present:
            continue
        if field.required:
            raise MigrationRefused(field.name)
        db.execute_sql(f"ALTER TABLE tokens ADD COLUMN {field.name} {_column_sql(field)}")
    db.execute_sql("DELETE FROM meta WHERE key = 'cursor'")


class MigrationRefused(Exception):
    """A step cannot bring this file forward (the cache is then emptied and refilled by a full sync)."""


def _column_sql(field: TokenField) -> str:
    """An added column's type and default (ALTER TABLE needs a default for NOT NULL)."""
    if field.type is FieldType.TIME:
        kind = "REAL"
    elif field.type is FieldType.FLAG:
        kind = "INTEGER"
    else:
        kind = "TEXT"
    if field.default is None:
        return kind
    default = field.default
    if isinstance(default, str):
        literal = "'" + default.replace("'", "''") + "'"
    else:
        literal = str(int(default) if isinstance(default, bool) else default)
    return f"{kind} NOT NULL DEFAULT {literal}"


# Ordered steps that bring a cache from version N to N+1, run inside one transaction.
# A cache older than any known step is simply emptied and refilled by the next full sync.
MIGRATIONS: dict[int, Callable[[peewee.Database], None]] = {1: _add_missing_fields}


class CacheModels:
    """The two tables, as model classes bound to one database (each cache has its own)."""

    def __init__(self, database: peewee.SqliteDatabase) -> None:
        class Base(peewee.Model):
            class Meta:
                database = None

        class Token(Base):
            class Meta:
                table_name = "tokens"

        for field in TOKEN_FIELDS:
            Token._meta.add_field(field.name, _column(field))

        class Meta(Base):
            key = peewee.TextField(primary_key=True)
            value = peewee.TextField(null=True)

            class Meta:
                table_name = "meta"

        database.bind([Token, Meta], bind_refs=False, bind_backrefs=False)
        self.database = database
        self.Token = Token
        self.Meta = Meta
        self.token_fields = [getattr(Token, name) for name in ROW_FIELDS]
        # Reads: SQLite already returns str/float/None, so only the boolean column needs peewee's
        # per-value conversion (about 25% faster at 100,000 rows than converting every column).
        self.read_fields = [
            field if isinstance(field, peewee.BooleanField) else field.coerce(False)
            for field in self.token_fields
        ]
        # Bulk writes: peewee builds the one-row upsert once; sqlite3's executemany runs it per
        # chunk. (insert_many renders every value through peewee: ~8x slower at 10,000 rows.)
        self.upsert_sql, _ = Token.insert(dict.fromkeys(self.token_fields)).on_conflict_replace().sql()

    def create(self) -> None:
        """Create both tables (the tokens table's columns are core.token_fields')."""
        self.database.create_tables([self.Token, self.Meta])


def _column(field: TokenField) -> peewee.Field:
    """The cache's column for one token field: times as float POSIX seconds (UTC)."""
    if field.name == "id":
        return peewee.TextField(primary_key=True)
    if field.type is FieldType.FLAG:
        # The stubs type `null` as a Literal (a nullable field's values include None): one call each.
        return peewee.BooleanField(null=True) if field.nullable else peewee.BooleanField(null=False)
    if field.type is FieldType.TIME:
        return peewee.FloatField(null=True) if field.nullable else peewee.FloatField(null=False)
    # The table is read per kind (one table section each).
    index = field.type is FieldType.KIND
    return peewee.TextField(null=True, index=index) if field.nullable else peewee.TextField(index=index)
