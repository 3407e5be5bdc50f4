"""The local token cache: one SQLite file per (service URL, tenant, user), never a secret.

Reads return plain tuples in `ROW_FIELDS` order; a sync is written in one transaction with
bulk inserts, so a sync cut off halfway leaves the previous rows and cursor in place. A damaged,
unreadable or too-new file is moved aside and rebuilt empty, with `.notice` telling the user.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

import peewee
import platformdirs

from desktop_app.core.errors import UserFacingError

from .files import move_aside, remove_database_files
from .schema import MIGRATIONS, ROW_FIELDS, SCHEMA_VERSION, CacheModels

log = logging.getLogger(__name__)

CHUNK_ROWS = 500  # 500 rows × 8 columns stays far below SQLite's bound-variable limit
APP_NAME = "token-desk"
T = TypeVar("T")

__all__ = ["ROW_FIELDS", "CacheWriteFailed", "TokenCache", "default_cache_dir"]


def default_cache_dir() -> Path:
    """The user's cache folder for Token Desk (e.g. ~/.cache/token-desk)."""
    return platformdirs.user_cache_path(APP_NAME)


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


class TokenCache:
    """Token metadata, the sync cursor and the last good sync time of one (service, tenant, user)."""

    def __init__(self, path: Path, database: peewee.SqliteDatabase, notice: str | None = None) -> None:
        self.path = path
        self.notice = notice
        self._db = database
        self._models = CacheModels(database)
        self._lock = threading.RLock()

    # -- opening -------------------------------------------------------------------------------

    @staticmethod
    def path_for(cache_dir: Path | str, service_url: str, tenant: str, username: str) -> Path:
        """The cache file of this (service URL, tenant, user): a hash, so no name leaks into it."""
        key = "\n".join((service_url.rstrip("/").lower(), tenant, username))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return Path(cache_dir) / f"tokens-{digest}.sqlite3"

    @classmethod
    def open(cls, path: Path | str) -> TokenCache:
        """Open (or create) the cache at `path`; never raises for a bad file."""
        path = Path(path)
        try:
            return cls._open_checked(path)
        except (_Unusable, peewee.DatabaseError, OSError) as problem:
            reason = str(problem) if isinstance(problem, _Unusable) else "damaged or unreadable"
            log.warning("cache %s unusable (%s); moving it aside", path, type(problem).__name__)
        return cls._replace_file(path, reason)

    @classmethod
    def _replace_file(cls, path: Path, reason: str) -> TokenCache:
        """Move the bad file aside and start an empty cache there (in memory if that fails too)."""
        try:
            aside = move_aside(path)
            cache = cls._open_checked(path)
        except (_Unusable, peewee.DatabaseError, OSError):
            log.warning("cache %s cannot be rebuilt; keeping it in memory", path, exc_info=True)
            return cls._in_memory(path)
        cache.notice = (
            f"The local copy of the token list was {reason}, so it was moved aside as "
            f"{aside.name} and will be rebuilt from the token service."
        )
        return cache

    @classmethod
    def _open_checked(cls, path: Path) -> TokenCache:
        path.parent.mkdir(parents=True, exist_ok=True)
        database = cls._database(str(path))
        try:
            database.connect()
            database.execute_sql("PRAGMA journal_mode=wal")
            if database.execute_sql("PRAGMA quick_check").fetchall() != [("ok",)]:
                raise _Unusable("damaged")
            cache = cls(path, database)
            cache._prepare_schema()
        except BaseException:
            database.close()
            raise
        return cache

    @classmethod
    def _in_memory(cls, path: Path) -> TokenCache:
        database = cls._database(":memory:")
        database.connect()
        cache = cls(path, database)
        cache._prepare_schema()
        cache.notice = (
            f"The local copy of the token list could not be stored in {path.parent}; "
            "this run keeps it in memory only."
        )
        return cache

    @staticmethod
    def _database(name: str) -> peewee.SqliteDatabase:
        # One connection shared by the GUI and worker threads, serialised by the cache's lock.
        return peewee.SqliteDatabase(
            name,
            thread_safe=False,
            check_same_thread=False,
            autoconnect=False,
            pragmas={"synchronous": "normal", "busy_timeout": 5000},
        )

    def _prepare_schema(self) -> None:
        tables = set(self._db.get_tables())
        if "meta" not in tables:
            with self._db.atomic():
                self._db.drop_tables([self._models.Token], safe=True)
                self._models.create()
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

    def _upgrade(self, version: int) -> None:
        with self._db.atomic():
            while version < SCHEMA_VERSION and version in MIGRATIONS:
                MIGRATIONS[version](self._db)  # type: ignore[operator]
                version += 1
            if version < SCHEMA_VERSION:
                # Too old to migrate: it is only a cache, so start empty; the next sync refills it.
                self._db.drop_tables([self._models.Token, self._models.Meta], safe=True)
                self._models.create()
            self._set_meta("schema_version", str(SCHEMA_VERSION))

    # -- reading -------------------------------------------------------------------------------

    def rows(self, kind: str | None = None) -> list[tuple]:
        """Cached tokens (of one kind, or all) as tuples in ROW_FIELDS order, oldest first."""
        Token = self._models.Token
        query = Token.select(*self._models.read_fields).order_by(Token.created_at, Token.id)
        if kind is not None:
            query = query.where(Token.kind == str(kind))
        return self._read(lambda: list(query.tuples()), [])

    def rows_by_id(self, ids: Iterable[str]) -> dict[str, tuple]:
        """The cached rows among `ids`, by id."""
        Token = self._models.Token

        def read() -> dict[str, tuple]:
            found: dict[str, tuple] = {}
            for batch in peewee.chunked(list(ids), CHUNK_ROWS):
                query = Token.select(*self._models.read_fields).where(Token.id.in_(batch))
                found.update((row[0], row) for row in query.tuples())
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
            return datetime.fromtimestamp(float(value), tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            return None

    # -- writing -------------------------------------------------------------------------------

    def store_sync(
        self,
        rows: Iterable[tuple],
        removed: Iterable[str],
        cursor: str,
        synced_at: datetime,
        *,
        replace: bool,
    ) -> None:
        """Write one sync in one transaction: all of it, or (on any error) none of it.

        `replace` empties the table first (a full sync); otherwise `rows` are upserted and
        `removed` ids deleted. Rows are in ROW_FIELDS order with POSIX-second times.
        """
        Token = self._models.Token
        with self._lock:
            try:
                with self._db.atomic():
                    if replace:
                        Token.delete().execute()
                    for batch in peewee.chunked(removed, CHUNK_ROWS):
                        Token.delete().where(Token.id.in_(batch)).execute()
                    db_cursor = self._db.cursor()
                    for batch in peewee.chunked(rows, CHUNK_ROWS):
                        db_cursor.executemany(self._models.upsert_sql, batch)
                    self._set_meta("cursor", cursor)
                    self._set_meta("last_sync_at", repr(synced_at.timestamp()))
            except peewee.DatabaseError:
                log.warning("could not write cache %s", self.path, exc_info=True)
                raise CacheWriteFailed(self.path) from None

    # -- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._db.close()

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
            except peewee.OperationalError:
                log.warning("could not read cache %s", self.path, exc_info=True)
                return empty
            except peewee.DatabaseError:
                self._rebuild_after_damage()
                return empty

    def _rebuild_after_damage(self) -> None:
        """The file turned out damaged while open: move it aside and continue with an empty one."""
        log.warning("cache %s damaged while open; rebuilding", self.path)
        self._db.close()
        fresh = TokenCache._replace_file(self.path, "damaged")
        self._db, self._models, self.notice = fresh._db, fresh._models, fresh.notice

    def _get_meta(self, key: str) -> str | None:
        Meta = self._models.Meta
        row = Meta.select(Meta.value).where(Meta.key == key).tuples().first()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        Meta = self._models.Meta
        Meta.insert(key=key, value=value).on_conflict_replace().execute()
