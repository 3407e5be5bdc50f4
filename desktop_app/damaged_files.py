"""Setting a damaged file aside (so a fresh one can take its place) without losing it.

Used for a damaged settings file and a damaged cache database: the file is renamed to
`<name>.corrupt-<UTC time>` (with a counter if that exists), companions such as SQLite's -wal and
-shm files alongside it, so the user or support can still look at it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def move_aside(path: Path, companions: Iterable[str] = ("",)) -> Path:
    """Rename `path` (and `path + suffix` for each companion suffix that exists) to
    `<name>.corrupt-<UTC time>[-n]`; returns the new path of `path`. OSError if a rename fails."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    for suffix in companions:
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(f"{target}{suffix}")
    return target
