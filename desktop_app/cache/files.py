"""File moves for the cache: set a bad SQLite file (with its -wal and -shm) aside, or remove it."""

from __future__ import annotations

import contextlib
from pathlib import Path

from desktop_app.damaged_files import SQLITE_COMPANIONS
from desktop_app.damaged_files import move_aside as _move_aside


def move_aside(path: Path) -> Path:
    """Rename the database file and its companions to `<name>.corrupt-<UTC time>`; the new path."""
    return _move_aside(path, SQLITE_COMPANIONS)


def remove_database_files(path: Path) -> None:
    """Delete the database file and its companions; missing ones are fine."""
    for suffix in SQLITE_COMPANIONS:
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
