"""The local token cache: one SQLite file per (service URL, tenant, user), never a secret.

Reads return plain tuples in `ROW_FIELDS` order (or, per kind, `TokenColumns`); a sync is written in
one transaction with bulk inserts, so a sync cut off halfway leaves the previous rows and cursor in
place. A damaged, unreadable or too-new file is moved aside and rebuilt empty, with `.notice` telling
the user.

Start-up path: `open(path, check=False)` then `columns(kind)` run plain sqlite3 on one connection
(no peewee import, no `PRAGMA quick_check`): the app paints from them, then calls `check()` off the
GUI thread. Peewee (the tables' models, used for schema changes and writes) is imported and bound to
the same connection the first time it is needed.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from desktop_app import paths
from desktop_app.core.errors import UserFacingError
from desktop_app.core.token_fields import ROW_FIELDS, Row, rows_from_stored

from .columns import (
    SNAPSHOT_TABLE,
    TokenColumns,
)
from .errors import database_errors as _database_errors
from .errors import operational_errors as _operational_errors
from .files import move_aside, remove_database_files
from .layout import SCHEMA_VERSION
from .snapshot_store import SnapshotStore

log = logging.getLogger(__name__)

CHUNK_ROWS = 500  # 500 rows × 8 columns stays far below SQLite's bound-variable limit
T = TypeVar("T")

# The same as .schema (which imports peewee); kept here so opening and reading a cache do not.
_SELECT_ROWS = f"SELECT {', '.join(ROW_FIELDS)} FROM tokens"

__all__ = ["CacheWriteFailed", "TokenCache", "TokenColumns", "default_cache_dir"]


def default_cache_dir() -> Path:
    """The user's cache folder for Token Desk (e.g. ~/.cache/token-desk)."""
    return paths.cache_dir()


class CacheWriteFailed(UserFacingError):
    """A sync could not be saved; the previous cache content is still there."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"Could not save the token list in the local cache {path} (is the disk full?). "
            "The previous copy is kept; the next refresh tries again."
        )


class _Unusable(Exception):
    """The file cannot serve as a cache; the message says why, for the notice."""


def _chunked(values: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(values)
    while batch := list(islice(iterator, size)):
        yield batch


def _bool_rows(cursor: sqlite3.Cursor) -> list[Row]:
    """The rows in row form (core.token_fields): SQLite gives booleans as 0/1, they become bools.

    SQLite keeps any type in any column: a row that does not fit (a tampered or damaged file) would
    crash the table later, so it is damage here (`_read` moves the file aside and starts afresh).
    """
    try:
        return rows_from_stored(cursor)
    except (TypeError, ValueError):
        raise sqlite3.DatabaseError("a cached token row does not fit the schema") from None


class TokenCache(SnapshotStore):
    """Token metadata, the sync cursor and the last good sync time of one (service, tenant, user)."""

    def __init__(self, path: Path, connection: sqlite3.Connection, notice: str | None = None) -> None:
        self.path = path
        self.notice = notice
        self._connection = connection
        self._peewee_db: Any = None  # peewee.SqliteDatabase on the same connection, made on first use
        self._models_: Any = None
        self._lock = threading.RLock()
        self._checked = False

    # -- opening -------------------------------------------------------------------------------

    @staticmethod
    def path_for(cache_dir: Path | str, service_url: str, tenant: str, username: str) -> Path:
        """The cache file of this (service URL, tenant, user): a hash, so no name leaks into it."""
        key = "\n".join((service_url.rstrip("/").lower(), tenant, username))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return Path(cache_dir) / f"tokens-{digest}.sqlite3"

    @classmethod
    def open(cls, path: Path | str, *, check: bool = True) -> TokenCache:
        """Open (or create) the cache at `path`; never raises for a bad file.

        `check=False` skips SQLite's integrity check (`PRAGMA quick_check`, ~60 ms at 100,000 tokens)
        so a window can paint first; call `check()` afterwards (off the GUI thread): a damaged file is
        then moved aside and rebuilt just the same, with `.notice` set.
        """
        path = Path(path)
        try:
            return cls._open_checked(path, check=check)
        except (_Unusable, OSError) + _database_errors() as problem:
            reason = str(problem) if isinstance(problem, _Unusable) else "damaged or unreadable"
            log.warning("cache %s unusable (%s); moving it aside", path, type(problem).__name__)
        return cls._replace_file(path, reason)

    @classmethod
    def _replace_file(cls, path: Path, reason: str) -> TokenCache:
        """Move the bad file aside and start an empty cache there (in memory if that fails too)."""
        try:
            aside = move_aside(path)
            cache = cls._open_checked(path, check=True)
        except (_Unusable, OSError) + _database_errors():
            log.warning("cache %s cannot be rebuilt; keeping it in memory", path, exc_info=True)
            return cls._in_memory(path)
        cache.notice = (
            f"The local copy of the token list was {reason}, so it was moved aside as "
            f"{aside.name} and will be rebuilt from the token service."
        )
        return cache

    @classmethod
    def _open_checked(cls, path: Path, *, check: bool) -> TokenCache:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = cls._connect(str(path))
        try:
            connection.execute("PRAGMA journal_mode=wal")
            if check:
                _quick_check(connection)
            cache = cls(path, connection)
            cache._checked = check
            cache._prepare_schema()
        except BaseException:
            connection.close()
            raise
        return cache

    @classmethod
    def _in_memory(cls, path: Path) -> TokenCache:
        cache = cls(path, cls._connect(":memory:"))
        cache._checked = True
        cache._prepare_schema()
        cache.notice = (
            f"The local copy of the token list could not be stored in {path.parent}; "
            "this run keeps it in memory only."
        )
        return cache

    @staticmethod
    def _connect(name: str) -> sqlite3.Connection:
        # One connection shared by the GUI and worker threads, serialised by the cache's lock.
        # Autocommit (isolation_level=None) as peewee opens it: transactions are explicit.
        connection = sqlite3.connect(name, timeout=5.0, isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA synchronous=normal")
            connection.execute("PRAGMA busy_timeout=5000")
        except BaseException:
            connection.close()
            raise
        return connection

    def _prepare_schema(self) -> None:
        tables = {
            name for (name,) in self._connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if "meta" not in tables or "tokens" not in tables:
            db, models = self._db, self._models
            with db.atomic():
                db.drop_tables([models.Token], safe=True)
                self._connection.execute(f"DROP TABLE IF EXISTS {SNAPSHOT_TABLE}")
                models.create()
                self._set_meta("schema_version", str(SCHEMA_VERSION))
            return
        try:
            version = int(self._get_meta("schema_version") or "0")
        except ValueError:
            raise _Unusable("damaged") from None
        if version > SCHEMA_VERSION:
            raise _Unusable("written by a newer version of Token Desk")
        if version < SCHEMA_VERSION:
            self._upgrade(version)
        elif self._table_fields() != ROW_FIELDS:
            # Written with another token field list (core.token_fields changed): only a cache, so
            # start empty (the cursor goes too: the next sync is a full one).
            self._rebuild_tables()

    def _upgrade(self, version: int) -> None:
        from .schema import MIGRATIONS, MigrationRefused  # noqa: PLC0415 - peewee only when needed

        db = self._db
        with db.atomic():
            try:
                with db.atomic():  # a savepoint: a refused step leaves nothing half-done
                    while version < SCHEMA_VERSION and version in MIGRATIONS:
                        MIGRATIONS[version](db)
                        version += 1
            except MigrationRefused:
                log.info("cache %s: cannot migrate from version %d; rebuilding it", self.path, version)
            if version < SCHEMA_VERSION or self._table_fields() != ROW_FIELDS:
                # Too old (or too odd) to migrate: it is only a cache, so start empty; the next sync
                # refills it from the service.
                self._rebuild_tables()
            # The snapshot's format follows the rows' fields: it is rewritten by the next sync.
            self._connection.execute(f"DROP TABLE IF EXISTS {SNAPSHOT_TABLE}")
            self._set_meta("schema_version", str(SCHEMA_VERSION))

    def _table_fields(self) -> tuple[str, ...]:
        return tuple(row[1] for row in self._connection.execute("PRAGMA table_info(tokens)"))

    def _rebuild_tables(self) -> None:
        """Drop and recreate every table, empty (meta too: no cursor, so the next sync is full)."""
        db, models = self._db, self._models
        with db.atomic():
            db.drop_tables([models.Token, models.Meta], safe=True)
            self._connection.execute(f"DROP TABLE IF EXISTS {SNAPSHOT_TABLE}")
            models.create()
            self._set_meta("schema_version", str(SCHEMA_VERSION))

    # -- peewee, when needed ---------------------------------------------------------------------

    @property
    def _db(self) -> Any:
        """A peewee SqliteDatabase over this cache's own connection (peewee is imported here)."""
        if self._peewee_db is None:
            self._peewee_db = _peewee_database(self._connection)
        return self._peewee_db

    @property
    def _models(self) -> Any:
        if self._models_ is None:
            from .schema import CacheModels  # noqa: PLC0415

            self._models_ = CacheModels(self._db)
        return self._models_

    # -- checking --------------------------------------------------------------------------------

    @property
    def checked(self) -> bool:
        """True once SQLite's integrity check has passed on this file (at open or by `check()`)."""
        return self._checked

    def check(self) -> str | None:
        """SQLite's integrity check, if `open(check=False)` skipped it; safe from a worker thread.

        A damaged file is moved aside and the cache continues empty: returns the notice for the user
        (also in `.notice`), else None.
        """
        with self._lock:
            if self._checked:
                return None
            try:
                _quick_check(self._connection)
            except (_Unusable,) + _database_errors():
                self._rebuild_after_damage()
                return self.notice
            self._checked = True
            return None

    # -- reading -------------------------------------------------------------------------------

    def rows(self, kind: str | None = None) -> list[Row]:
        """Cached tokens (of one kind, or all) as tuples in ROW_FIELDS order, oldest first."""
        return self._read(lambda: self._select_rows(kind), [])

    def _select_rows(self, kind: str | None) -> list[Row]:
        if kind is None:
            cursor = self._connection.execute(f"{_SELECT_ROWS} ORDER BY created_at, id")
        else:
            cursor = self._connection.execute(
                f"{_SELECT_ROWS} WHERE kind = ? ORDER BY created_at, id", (str(kind),)
            )
        return _bool_rows(cursor)

    def columns(self, kind: str) -> TokenColumns:
        """The cached tokens of one kind, column by column, oldest first (a table model adopts them).

        From the snapshot when it matches the last sync (a few blob reads), else from the rows.
        """
        kind = str(kind)

        def read() -> TokenColumns:
            snapshot = self._read_snapshot(kind)
            return snapshot if snapshot is not None else TokenColumns.from_rows(kind, self._select_rows(kind))

        return self._read(read, None) or TokenColumns.empty(kind)

    def rows_by_id(self, ids: Iterable[str]) -> dict[str, Row]:
        """The cached rows among `ids`, by id."""

        def read() -> dict[str, Row]:
            found: dict[str, Row] = {}
            for batch in _chunked(list(ids), CHUNK_ROWS):
                sql = f"{_SELECT_ROWS} WHERE id IN ({', '.join('?' * len(batch))})"
                found.update((row[0], row) for row in _bool_rows(self._connection.execute(sql, batch)))
            return found

        return self._read(read, {})

    @property
    def cursor(self) -> str | None:
        """The service's cursor of the last good sync, or None before the first one."""
        return self._read(lambda: self._get_meta("cursor"), None)

    @property
    def last_sync_at(self) -> datetime | None:
        """When the last good sync finished (aware UTC), or None."""
        value = self._read(lambda: self._get_meta("last_sync_at"), None)
        if value is None:
            return None
        try:
            return datetime.fromtimestamp(float(value), tz=UTC)
        except (ValueError, OverflowError, OSError):
            return None

    # -- writing -------------------------------------------------------------------------------

    def store_sync(
        self,
        rows: Iterable[Row],
        removed: Iterable[str],
        cursor: str,
        synced_at: datetime,
        *,
        replace: bool,
    ) -> None:
        """Write one sync in one transaction: all of it, or (on any error) none of it.

        `replace` empties the table first (a full sync) and writes the columnar snapshot too;
        otherwise `rows` are upserted and `removed` ids deleted (the snapshot then no longer matches
        and is read from the rows until `refresh_snapshot()`; a sync that changed nothing keeps it).
        Rows are in ROW_FIELDS order with POSIX-second times.
        """
        with self._lock:
            db = self._db
            Token = self._models.Token
            upsert_sql = self._models.upsert_sql
            try:
                with db.atomic():
                    old_marks = self._sync_marks()
                    if replace:
                        Token.delete().execute()
                    removed_any = False
                    for batch in _chunked(removed, CHUNK_ROWS):
                        Token.delete().where(Token.id.in_(batch)).execute()
                        removed_any = True
                    db_cursor = self._connection.cursor()
                    written: list[Row] = []
                    for chunk in _chunked(rows, CHUNK_ROWS):
                        db_cursor.executemany(upsert_sql, chunk)
                        written.extend(chunk)
                    synced = repr(synced_at.timestamp())
                    self._set_meta("cursor", cursor)
                    self._set_meta("last_sync_at", synced)
                    if replace:
                        self._write_snapshot(written, cursor, synced)
                    elif not written and not removed_any:
                        self._carry_snapshot(old_marks, (cursor, synced))
            except _database_errors():
                log.warning("could not write cache %s", self.path, exc_info=True)
                raise CacheWriteFailed(self.path) from None

    def remove_tokens(self, ids: Iterable[str]) -> bool:
        """Drop revoked tokens at once, without waiting for the next sync (which may not come before
        an offline start). The sync marks stay; the snapshot, which still lists them, is dropped.
        Returns True if a row went; raises CacheWriteFailed (nothing changed) on a write error."""
        with self._lock:
            connection = self._connection
            try:
                with self._db.atomic():
                    removed = 0
                    for batch in _chunked(list(ids), CHUNK_ROWS):
                        removed += connection.execute(
                            f"DELETE FROM tokens WHERE id IN ({', '.join('?' * len(batch))})", batch
                        ).rowcount
                    if removed and self._has_snapshot_table():
                        connection.execute(f"DELETE FROM {SNAPSHOT_TABLE}")
            except _database_errors():
                log.warning("could not write cache %s", self.path, exc_info=True)
                raise CacheWriteFailed(self.path) from None
            return removed > 0

    # -- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._peewee_db is not None:
                self._peewee_db.close()
            self._connection.close()

    def delete(self) -> None:
        """Sign-out: close and remove the file (and its WAL and shared-memory files)."""
        self.close()
        remove_database_files(self.path)

    def __enter__(self) -> TokenCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------------------

    def _read(self, read: Callable[[], T], empty: T) -> T:
        with self._lock:
            try:
                return read()
            except _operational_errors():
                log.warning("could not read cache %s", self.path, exc_info=True)
                return empty
            except _database_errors():
                self._rebuild_after_damage()
                return empty

    def _rebuild_after_damage(self) -> None:
        """The file turned out damaged while open: move it aside and continue with an empty one."""
        log.warning("cache %s damaged while open; rebuilding", self.path)
        self.close()
        fresh = TokenCache._replace_file(self.path, "damaged")
        self._connection, self._peewee_db, self._models_ = fresh._connection, fresh._peewee_db, fresh._models_
        self._checked, self.notice = fresh._checked, fresh.notice

    def _get_meta(self, key: str) -> str | None:
        row = self._connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self._connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def _quick_check(connection: sqlite3.Connection) -> None:
    if connection.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
        raise _Unusable("damaged")


def _peewee_database(connection: sqlite3.Connection) -> Any:
    """A peewee SqliteDatabase whose one connection is `connection` (opened without peewee)."""
    import peewee  # noqa: PLC0415 - ~0.1 s of imports, kept off the start-up path

    class SharedConnectionDatabase(peewee.SqliteDatabase):
        def _connect(self) -> sqlite3.Connection:
            return connection  # pragmas were set when it was opened; no peewee functions are used

    database = SharedConnectionDatabase(":shared:", thread_safe=False, autoconnect=False)
    database.connect()
    return database
