"""Turn a db_url into a pooled peewee database: a SQLite file or PostgreSQL (psycopg 3)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playhouse.pool import PooledDatabase, PooledPostgresqlDatabase, PooledSqliteDatabase

from desktop_app.private_files import private_file

# Per connection. WAL is set once per file by _ensure_wal (it persists in the file), because
# switching a new file to WAL from several connections at once fails without waiting.
SQLITE_PRAGMAS = (
    ("busy_timeout", 10_000),
    ("synchronous", "normal"),
    ("foreign_keys", 1),
)


def _ensure_wal(path: Path, wait_seconds: float = 30.0) -> None:
    """Put the SQLite file in WAL mode, retrying while another process is doing the same."""
    deadline = time.monotonic() + wait_seconds
    while True:
        con = sqlite3.connect(str(path), timeout=wait_seconds)
        try:
            mode = con.execute("PRAGMA journal_mode=wal").fetchone()[0]
            if str(mode).lower() != "wal":
                raise RuntimeError(f"SQLite refused WAL mode for {path} (got {mode})")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        finally:
            con.close()
        time.sleep(0.005)  # back off briefly before retrying


def is_postgres_url(db_url: str) -> bool:
    return db_url.startswith(("postgresql://", "postgres://"))


def sqlite_path(db_url: str) -> Path:
    """The file behind `sqlite:////abs/path.db`, `sqlite:///rel.db` or a plain filesystem path."""
    if db_url.startswith("sqlite:"):
        parts = urlsplit(db_url)
        if parts.netloc not in ("", "localhost"):
            raise ValueError("A sqlite: URL names a local file: sqlite:////absolute/path.db")
        path = unquote(parts.path)
        # sqlite:///relative.db → "/relative.db"; sqlite:////abs.db → "//abs.db"
        path = path[1:] if path.startswith("/") else path
        if not path:
            raise ValueError("The sqlite: URL has no file name (sqlite:////absolute/path.db).")
        return Path(path)
    if "://" in db_url:
        scheme = db_url.split("://", 1)[0]
        raise ValueError(
            f"Unsupported database URL scheme “{scheme}”; use sqlite:////path/to/file.db, "
            "a file path, or postgresql://user@host:port/dbname."
        )
    return Path(db_url)


def open_database(db_url: str, *, max_connections: int = 32) -> PooledDatabase:
    """A pooled peewee database for `db_url`; connections are taken per unit of work."""
    if not isinstance(db_url, str) or not db_url.strip():
        raise ValueError("No database given; pass a file path or a postgresql:// URL.")
    if is_postgres_url(db_url):
        url = "postgresql://" + db_url.split("://", 1)[1]
        return PooledPostgresqlDatabase(
            url,
            prefer_psycopg3=True,
            max_connections=max_connections,
            stale_timeout=300,
            timeout=30,
        )
    path = sqlite_path(db_url).expanduser()
    private_file(path)  # 0600 in a 0700 folder before SQLite opens it (its -wal/-shm follow)
    _ensure_wal(path)
    return PooledSqliteDatabase(
        str(path.resolve()),
        pragmas=SQLITE_PRAGMAS,
        check_same_thread=False,
        max_connections=max_connections,
        stale_timeout=300,
        timeout=30,
    )
