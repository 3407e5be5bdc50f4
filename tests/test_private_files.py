"""Data files are their owner's only: the service database (and what SQLite writes beside it)
is created 0600 in folders created 0700."""

from __future__ import annotations

import stat
from pathlib import Path

from desktop_app.core.roles import Role
from desktop_app.private_files import private_file, private_folder
from desktop_app.server.store import TokenStore


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_service_database_and_its_folders_are_private(tmp_path):
    db = tmp_path / "new" / "data" / "tokens.db"
    store = TokenStore.open(f"sqlite:///{db}")
    try:
        store.ensure_tenant("acme")
        store.ensure_user("acme", "alice", Role.GLOBAL_ADMIN, password="correct horse battery")
        written = list(db.parent.iterdir())
        assert {p.name for p in written} >= {"tokens.db", "tokens.db-wal", "tokens.db-shm"}
        assert all(mode(p) == 0o600 for p in written), {p.name: oct(mode(p)) for p in written}
    finally:
        store.close()
    assert mode(tmp_path / "new") == 0o700 and mode(db.parent) == 0o700


def test_an_existing_database_file_is_narrowed_to_its_owner(tmp_path):
    existing = tmp_path / "old.db"
    existing.write_bytes(b"")
    existing.chmod(0o644)
    private_file(existing)
    assert mode(existing) == 0o600


def test_private_folder_leaves_an_existing_folder_alone(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    private_folder(shared / "mine")
    assert mode(shared) == 0o755 and mode(shared / "mine") == 0o700
