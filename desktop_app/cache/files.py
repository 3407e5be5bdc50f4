"""File moves for the cache: set a bad SQLite file (with its -wal and -shm) aside, or remove it."""

from __future__ import annotations

import contextlib
from datetime import datetime, timezone
from pathlib import Path

_COMPANIONS = ("", "-wal", "-shm", "-journal")


def move_aside(path: Path) -> Path:
    """Rename `path` (and its companions) to `<name>.corrupt-<UTC time>`; returns the new path."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    for suffix in _COMPANIONS:
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(f"{target}{suffix}")
    return target


def remove_database_files(path: Path) -> None:
    """Delete the database file and its companions; missing ones are fine."""
    for suffix in _COMPANIONS:
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
