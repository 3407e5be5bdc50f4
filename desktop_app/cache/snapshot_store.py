"""The cache's columnar snapshot: one row per kind of per-column blobs, written with each full sync.

Start-up reads it instead of the token rows (a few blob reads for 100,000 tokens). It is derived data:
dropped and rebuilt freely, current only while its (cursor, last sync) marks match the cache's.
`SnapshotStore` is a part of `TokenCache` (store.py), kept apart to keep each file to one job.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop_app.core.token_fields import Row
from desktop_app.core.tokens import TokenKind

from .columns import (
    SNAPSHOT_COLUMNS,
    SNAPSHOT_DDL,
    SNAPSHOT_FORMAT,
    SNAPSHOT_TABLE,
    SnapshotMismatch,
    TokenColumns,
)
from .errors import database_errors

log = logging.getLogger("desktop_app.cache.store")

KNOWN_KINDS = tuple(kind.value for kind in TokenKind)  # a snapshot row each
T = TypeVar("T")


class SnapshotStore:
    """The snapshot half of TokenCache; it reads and writes through the cache's one connection."""

    path: Path
    _connection: sqlite3.Connection
    _lock: threading.RLock
    _db: Any  # TokenCache's peewee database, bound to the same connection

    if TYPE_CHECKING:  # provided by TokenCache

        def _select_rows(self, kind: str | None) -> list[Row]: ...

        def _read(self, read: Callable[[], T], empty: T) -> T: ...

    def _sync_marks(self) -> tuple[str | None, str | None]:
        found = dict(
            self._connection.execute("SELECT key, value FROM meta WHERE key IN ('cursor', 'last_sync_at')")
        )
        return found.get("cursor"), found.get("last_sync_at")

    def _has_snapshot_table(self) -> bool:
        return (
            self._connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (SNAPSHOT_TABLE,)
            ).fetchone()
            is not None
        )

    def _read_snapshot(self, kind: str) -> TokenColumns | None:
        """The snapshot of `kind` if it was written for the current (cursor, last sync), else None."""
        cursor, synced = self._sync_marks()
        if cursor is None or not self._has_snapshot_table():
            return None
        marks = self._connection.execute(
            f"SELECT format, cursor, last_sync_at FROM {SNAPSHOT_TABLE} WHERE kind = ?", (kind,)
        ).fetchone()
        if marks is None or marks != (SNAPSHOT_FORMAT, cursor, synced):
            return None  # (an older format's table may lack this format's columns: not read)
        found = self._connection.execute(
            f"SELECT {', '.join(SNAPSHOT_COLUMNS)} FROM {SNAPSHOT_TABLE} WHERE kind = ?", (kind,)
        ).fetchone()
        try:
            return TokenColumns.decode(kind, found)
        except SnapshotMismatch as problem:
            log.warning("cache %s: snapshot of %s unusable (%s); reading the rows", self.path, kind, problem)
            return None

    def snapshot_is_current(self) -> bool:
        """True when every kind's snapshot matches the last sync (start-up reads no rows then)."""

        def read() -> bool:
            cursor, synced = self._sync_marks()
            if cursor is None:
                return True  # never synced: nothing to snapshot
            if not self._has_snapshot_table():
                return False
            marks = set(
                self._connection.execute(f"SELECT kind, format, cursor, last_sync_at FROM {SNAPSHOT_TABLE}")
            )
            kinds = {kind for (kind,) in self._connection.execute("SELECT DISTINCT kind FROM tokens")}
            return all((kind, SNAPSHOT_FORMAT, cursor, synced) in marks for kind in kinds | set(KNOWN_KINDS))

        return self._read(read, False)

    def refresh_snapshot(self) -> bool:
        """Rewrite the snapshot from the rows if it is not current (after incremental syncs).

        Safe from a worker thread; returns True if it wrote one. Failing to write it is harmless:
        the next start reads the rows instead.
        """
        with self._lock:
            if self.snapshot_is_current():
                return False
            try:
                with self._db.atomic():
                    rows = self._select_rows(None)
                    cursor, synced = self._sync_marks()
                    self._write_snapshot(rows, cursor, synced)
            except database_errors():
                log.warning("could not write the snapshot of cache %s", self.path, exc_info=True)
                return False
            return True

    def _write_snapshot(self, rows: Iterable[Row], cursor: str | None, synced: str | None) -> None:
        """Replace every kind's snapshot with `rows` (inside the caller's transaction)."""
        rows = rows if isinstance(rows, list) else list(rows)
        connection = self._connection
        connection.execute(f"DROP TABLE IF EXISTS {SNAPSHOT_TABLE}")  # it may be an older format's
        connection.execute(SNAPSHOT_DDL)
        placeholders = ", ".join("?" * (4 + len(SNAPSHOT_COLUMNS)))
        insert = (
            f"INSERT INTO {SNAPSHOT_TABLE} (kind, format, cursor, last_sync_at, {', '.join(SNAPSHOT_COLUMNS)})"
            f" VALUES ({placeholders})"
        )
        for kind, columns in TokenColumns.by_kind(rows, KNOWN_KINDS).items():
            blobs = columns.encode()
            if blobs is None:  # a value holds the separator: this kind is read from the rows
                continue
            connection.execute(insert, (kind, SNAPSHOT_FORMAT, cursor, synced, *blobs))

    def _carry_snapshot(self, old: tuple[str | None, str | None], new: tuple[str | None, str | None]) -> None:
        """A sync that changed no row: the snapshot of the previous sync still holds for this one."""
        if old[0] is not None and self._has_snapshot_table():
            self._connection.execute(
                f"UPDATE {SNAPSHOT_TABLE} SET cursor = ?, last_sync_at = ? WHERE cursor = ? AND last_sync_at IS ?",
                (*new, *old),
            )
