"""Data files readable by their owner only: folders 0700, files 0600 (POSIX; elsewhere a no-op).

The service database, the local tenant and the cache hold password hashes, digests and the audit
log. Call `private_file(path)` before the first open: SQLite then gives its -wal and -shm files the
same mode. Importable from every layer (no Qt, HTTP or SQL here).
"""

from __future__ import annotations

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """Create the folder (and missing parents) as 0700; an existing folder is left as it is
    (it may be shared, e.g. /tmp or a data folder the user set up)."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
        if os.name == "posix":
            os.chmod(folder, FOLDER_MODE)  # mkdir's mode is narrowed by the umask, never widened
    return path


def private_file(path: Path) -> Path:
    """Create the file empty as 0600 if missing (its folder as `private_folder`), else make it 0600."""
    path = Path(path)
    private_folder(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, FILE_MODE)
    os.close(fd)
    if os.name == "posix":
        os.chmod(path, FILE_MODE)
    return path
