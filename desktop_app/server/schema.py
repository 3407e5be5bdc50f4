"""Create the schema on a fresh database and upgrade an older one, one numbered step at a time.

The version lives in the `schema_version` table. Several replicas may start at once: the
upgrade runs under a PostgreSQL advisory lock (or SQLite's write lock), so only one applies it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from peewee import Database, PostgresqlDatabase

from .audit import token_id_of
from .models import Models

SCHEMA_VERSION = 4
_ADVISORY_LOCK_KEY = 0x7D3C_5E11  # arbitrary, stable: "token desk schema"


def _execute_sql(db: Database, sql: str, params: tuple[object, ...] | None = None) -> Any:
    """`db.execute_sql` (peewee's stubs leave it unannotated); returns the DB-API cursor."""
    return db.execute_sql(sql, params)  # type: ignore[no-untyped-call]


class SchemaError(RuntimeError):
    """The database cannot be used by this version of the service; the message says why."""


def _v2_change_sequence(db: Database, models: Models) -> None:
    """v2: a change sequence on tokens, behind the list's `changed_since` cursors."""
    _execute_sql(db, "ALTER TABLE token ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0")
    db.create_tables([models.ChangeCounter], safe=True)
    _execute_sql(db, "UPDATE token SET change_seq = 1")
    models.ChangeCounter.insert(id=1, value=1).on_conflict_ignore().execute()


def _v3_lifecycle(db: Database, models: Models) -> None:
    """v3: expiry, description and rotation columns on tokens (SPEC rules 11-14); the policy and usage
    tables follow from `create_tables`. Tokens from before keep no expiry (NULL: never expires)."""
    for column in (
        "expires_at BIGINT NULL",
        "description TEXT NOT NULL DEFAULT ''",
        "old_digest VARCHAR(64) NULL",
        "old_secret_valid_until BIGINT NULL",
        "old_secret_last_used_at BIGINT NULL",
    ):
        _execute_sql(db, f"ALTER TABLE token ADD COLUMN {column}")
    _execute_sql(db, "CREATE UNIQUE INDEX IF NOT EXISTS token_old_digest ON token (old_digest)")


def _v4_audit_token(db: Database, models: Models) -> None:
    """v4: the token an audit event is about, filled in for the events already written (their
    target or actor names it); its indexes follow from `create_tables`."""
    _execute_sql(db, "ALTER TABLE audit_event ADD COLUMN token_id VARCHAR(32) NULL")
    last = 0
    while True:
        rows = _execute_sql(
            db,
            f"SELECT id, target, actor FROM audit_event WHERE id > {db.param} "
            f"AND (target LIKE {db.param} OR actor LIKE {db.param}) ORDER BY id LIMIT 5000",
            (last, "token %", "token %"),
        ).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        found = [(tid, row_id) for row_id, target, actor in rows if (tid := token_id_of(target, actor))]
        if found:
            update = f"UPDATE audit_event SET token_id = {db.param} WHERE id = {db.param}"
            db.cursor().executemany(update, found)  # type: ignore[no-untyped-call]


# version reached → step that reaches it from the version before
UPGRADES: dict[int, Callable[[Database, Models], None]] = {
    2: _v2_change_sequence,
    3: _v3_lifecycle,
    4: _v4_audit_token,
}


def _locked(db: Database) -> AbstractContextManager[object]:
    if isinstance(db, PostgresqlDatabase):
        tx = db.atomic()

        class _Lock:
            def __enter__(self) -> None:
                tx.__enter__()
                _execute_sql(db, "SELECT pg_advisory_xact_lock(%s)", (_ADVISORY_LOCK_KEY,))

            def __exit__(self, *exc: Any) -> None:
                tx.__exit__(*exc)

        return _Lock()
    return db.atomic("IMMEDIATE")


def current_version(db: Database) -> int | None:
    """The stored schema version, or None for an empty database."""
    tables = set(db.get_tables())
    if "schema_version" not in tables:
        return 1 if "token" in tables else None
    row = _execute_sql(db, "SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] if row and row[0] is not None else 1


def ensure_schema(db: Database, models: Models) -> int:
    """Create or upgrade the schema to SCHEMA_VERSION; return the version found before (0 = fresh)."""
    with db.connection_context(), _locked(db):
        found = current_version(db)
        if found is None:
            db.create_tables(models.all(), safe=True)
            models.SchemaVersion.insert(version=SCHEMA_VERSION).execute()
            models.ChangeCounter.insert(id=1, value=0).on_conflict_ignore().execute()
            return 0
        if found > SCHEMA_VERSION:
            raise SchemaError(
                f"The database has schema version {found}, newer than this service "
                f"understands ({SCHEMA_VERSION}); upgrade the service."
            )
        for version in range(found + 1, SCHEMA_VERSION + 1):
            UPGRADES[version](db, models)
        # New tables and indexes of the current models (all created with IF NOT EXISTS).
        db.create_tables(models.all(), safe=True)
        if found < SCHEMA_VERSION:
            models.SchemaVersion.delete().execute()
            models.SchemaVersion.insert(version=SCHEMA_VERSION).execute()
        return found
