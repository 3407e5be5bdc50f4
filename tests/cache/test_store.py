"""TokenCache on real SQLite files: persistence, tuples, bad files moved aside, all-or-nothing writes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop_app.cache.schema import SCHEMA_VERSION
from desktop_app.cache.store import TokenCache
from desktop_app.core.roles import Privileges
from desktop_app.core.token_fields import FIELD_INDEX, ROW_FIELDS, row_from_token
from desktop_app.core.tokens import TokenInfo, TokenKind
from tests.token_rows import with_fields

NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)


def make_row(n: int, kind: str = "api", last_used: float | None = None) -> tuple:
    return row_from_token(
        TokenInfo(
            id=f"id-{n:05d}",
            name=f"token {n}",
            kind=TokenKind(kind),
            owner="alice",
            owner_deprovisioned=False,
            privileges=Privileges.READ,
            created_at=_moment(1_700_000_000.0 + n),
            last_used_at=_moment(last_used),
        )
    )


def _moment(seconds: float | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, tz=UTC)


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "tokens.sqlite3"


def test_new_cache_is_empty_and_uses_wal(cache_path: Path) -> None:
    with TokenCache.open(cache_path) as cache:
        assert cache.rows() == []
        assert cache.cursor is None
        assert cache.last_sync_at is None
        assert cache.notice is None
    connection = sqlite3.connect(cache_path)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()


def test_synced_rows_survive_reopen_as_typed_tuples(cache_path: Path) -> None:
    rows = [make_row(1), make_row(2, last_used=1_700_000_500.5), make_row(3, kind="siem_agent")]
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(rows, (), "cursor-1", NOW, replace=True)
    with TokenCache.open(cache_path) as cache:
        assert cache.rows() == rows
        assert cache.rows("api") == rows[:2]
        assert cache.rows("siem_agent") == [rows[2]]
        assert cache.cursor == "cursor-1"
        assert cache.last_sync_at == NOW
        row = cache.rows()[1]
        assert len(row) == len(ROW_FIELDS)
        assert row[4] is False and isinstance(row[6], float) and row[7] == 1_700_000_500.5


def test_incremental_write_upserts_and_removes(cache_path: Path) -> None:
    with TokenCache.open(cache_path) as cache:
        cache.store_sync([make_row(1), make_row(2)], (), "c1", NOW, replace=True)
        changed = make_row(1, last_used=1_700_001_000.0)
        cache.store_sync([changed, make_row(3)], ["id-00002"], "c2", NOW, replace=False)
        assert cache.rows() == [changed, make_row(3)]
        assert cache.rows_by_id(["id-00001", "id-00002"]) == {"id-00001": changed}
        assert cache.cursor == "c2"


def test_bulk_write_of_ten_thousand_rows_in_one_transaction(cache_path: Path) -> None:
    rows = [make_row(n) for n in range(10_000)]
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(iter(rows), (), "c", NOW, replace=True)
        assert cache.rows() == rows


class _Killed(Exception):
    pass


def _rows_then_die(rows: list[tuple], after: int):
    for count, row in enumerate(rows):
        if count == after:
            raise _Killed("sync cut off")
        yield row


def test_write_cut_off_halfway_keeps_previous_rows_and_cursor(cache_path: Path) -> None:
    before = [make_row(n) for n in range(1_000)]
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(before, (), "old-cursor", NOW, replace=True)
        newer = [make_row(n, last_used=1_800_000_000.0) for n in range(5_000)]
        with pytest.raises(_Killed):
            cache.store_sync(_rows_then_die(newer, 2_750), (), "new-cursor", NOW, replace=True)
        assert cache.rows() == before
        assert cache.cursor == "old-cursor"
    with TokenCache.open(cache_path) as cache:  # and on disk, after reopening
        assert cache.rows() == before
        assert cache.cursor == "old-cursor"


def _assert_rebuilt(cache: TokenCache, cache_path: Path, words: str) -> None:
    assert cache.notice is not None and words in cache.notice
    assert cache.rows() == [] and cache.cursor is None
    aside = list(cache_path.parent.glob(cache_path.name + ".corrupt-*"))
    assert len(aside) == 1 and aside[0].name in cache.notice
    cache.store_sync([make_row(1)], (), "c", NOW, replace=True)  # and it works again
    assert cache.rows() == [make_row(1)]


def test_garbage_file_is_moved_aside_and_rebuilt_with_notice(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(b"this is not a database\x00\xff" * 200)
    with TokenCache.open(cache_path) as cache:
        _assert_rebuilt(cache, cache_path, "damaged")


def test_truncated_file_is_moved_aside_and_rebuilt_with_notice(cache_path: Path) -> None:
    with TokenCache.open(cache_path) as cache:
        cache.store_sync([make_row(n) for n in range(5_000)], (), "c", NOW, replace=True)
    data = cache_path.read_bytes()
    cache_path.write_bytes(data[: len(data) // 2])
    with TokenCache.open(cache_path) as cache:
        _assert_rebuilt(cache, cache_path, "damaged")


def test_cache_from_a_newer_version_is_moved_aside(cache_path: Path) -> None:
    with TokenCache.open(cache_path) as cache:
        cache.store_sync([make_row(1)], (), "c", NOW, replace=True)
    connection = sqlite3.connect(cache_path)
    with connection:
        connection.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),)
        )
    connection.close()
    with TokenCache.open(cache_path) as cache:
        _assert_rebuilt(cache, cache_path, "newer version")


def test_cache_from_an_older_unknown_version_is_emptied_in_place(cache_path: Path) -> None:
    with TokenCache.open(cache_path) as cache:
        cache.store_sync([make_row(1)], (), "c", NOW, replace=True)
    connection = sqlite3.connect(cache_path)
    with connection:
        connection.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    connection.close()
    with TokenCache.open(cache_path) as cache:
        assert cache.notice is None  # an upgrade is not a problem worth telling the user
        assert cache.rows() == [] and cache.cursor is None
    assert not list(cache_path.parent.glob("*.corrupt-*"))
    connection = sqlite3.connect(cache_path)
    assert connection.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (
        str(SCHEMA_VERSION),
    )
    connection.close()


def test_unwritable_cache_folder_falls_back_to_memory_with_notice(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with TokenCache.open(blocker / "tokens.sqlite3") as cache:
        assert cache.notice is not None and "in memory" in cache.notice
        cache.store_sync([make_row(1)], (), "c", NOW, replace=True)
        assert cache.rows() == [make_row(1)]


def test_path_for_is_one_file_per_service_tenant_and_user(tmp_path: Path) -> None:
    a = TokenCache.path_for(tmp_path, "https://tokens.example.com/", "acme", "alice")
    assert a == TokenCache.path_for(tmp_path, "https://tokens.example.com", "acme", "alice")
    others = {
        TokenCache.path_for(tmp_path, "https://other.example.com", "acme", "alice"),
        TokenCache.path_for(tmp_path, "https://tokens.example.com", "beta", "alice"),
        TokenCache.path_for(tmp_path, "https://tokens.example.com", "acme", "bob"),
    }
    assert a not in others and len(others) == 3
    assert a.parent == tmp_path and "alice" not in a.name and "acme" not in a.name


def test_delete_removes_the_file_and_its_wal(cache_path: Path) -> None:
    cache = TokenCache.open(cache_path)
    cache.store_sync([make_row(1)], (), "c", NOW, replace=True)
    assert cache_path.exists()
    cache.delete()
    leftovers = list(cache_path.parent.iterdir())
    assert leftovers == []


def test_revoked_tokens_leave_the_rows_and_the_snapshot_at_once(cache_path: Path) -> None:
    rows = [make_row(n) for n in range(1, 4)]
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(rows, (), "cursor-1", NOW, replace=True)
        assert cache.snapshot_is_current()
        assert cache.remove_tokens(["id-00002", "id-unknown"])
        assert not cache.remove_tokens(["id-00002"])
        assert cache.cursor == "cursor-1" and cache.last_sync_at == NOW  # not a sync: the marks stay
    with TokenCache.open(cache_path) as cache:
        assert [row[0] for row in cache.rows()] == ["id-00001", "id-00003"]
        assert list(cache.columns("api").ids) == ["id-00001", "id-00003"]
        assert cache.refresh_snapshot()
        assert list(cache.columns("api").ids) == ["id-00001", "id-00003"]


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE tokens SET privileges = 'root' WHERE id = 'id-00002'",
        "UPDATE tokens SET name = x'ff00' WHERE id = 'id-00002'",
        "UPDATE tokens SET created_at = 'yesterday' WHERE id = 'id-00002'",
    ],
    ids=["unknown-privileges", "blob-as-name", "text-as-time"],
)
def test_a_row_that_does_not_fit_is_damage_not_a_crash(qapp, cache_path: Path, tamper: str) -> None:
    from desktop_app.ui.token_model import TokenTableModel

    with TokenCache.open(cache_path) as cache:
        cache.store_sync([make_row(1), make_row(2)], (), "cursor-1", NOW, replace=True)
    connection = sqlite3.connect(cache_path)
    connection.execute("DROP TABLE token_columns")  # read from the rows
    connection.execute(tamper)
    connection.commit()
    connection.close()
    with TokenCache.open(cache_path, check=False) as cache:
        rows = cache.rows()
        TokenTableModel(rows)  # what the window does with them
        TokenTableModel(cache.columns("api"))
        assert rows == [] and cache.cursor is None  # moved aside: the next sync is a full one
        assert cache.notice and "moved aside" in cache.notice


def test_a_snapshot_with_an_unknown_privilege_is_read_from_the_rows(qapp, cache_path: Path) -> None:
    from desktop_app.ui.token_model import TokenTableModel

    with TokenCache.open(cache_path) as cache:
        cache.store_sync([make_row(1), make_row(2)], (), "cursor-1", NOW, replace=True)
    connection = sqlite3.connect(cache_path)
    connection.execute("UPDATE token_columns SET privileges = ? WHERE kind = 'api'", (b"root",))
    connection.commit()
    connection.close()
    with TokenCache.open(cache_path, check=False) as cache:
        columns = cache.columns("api")
        assert list(columns.ids) == ["id-00001", "id-00002"]
        assert TokenTableModel(columns).token_count() == 2


# ---- a cache written before the lifecycle fields (schema 1: 8 token columns, snapshot format 2) ----

_V1_TOKENS = """CREATE TABLE tokens (
    id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, owner TEXT NOT NULL,
    owner_deprovisioned INTEGER NOT NULL, privileges TEXT NOT NULL, created_at REAL NOT NULL,
    last_used_at REAL)"""
_V1_FIELDS = ROW_FIELDS[: ROW_FIELDS.index("last_used_at") + 1]


def _write_version_1_cache(path: Path, rows: list[tuple]) -> None:
    """The file the previous release wrote: its table, its meta and a snapshot of format 2."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(_V1_TOKENS)
        connection.execute("CREATE INDEX tokens_kind ON tokens (kind)")
        connection.execute("CREATE TABLE meta (key TEXT NOT NULL PRIMARY KEY, value TEXT)")
        connection.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("schema_version", "1"), ("cursor", "c1.9.old"), ("last_sync_at", repr(NOW.timestamp()))],
        )
        connection.executemany(
            f"INSERT INTO tokens ({', '.join(_V1_FIELDS)}) VALUES ({', '.join('?' * len(_V1_FIELDS))})",
            [row[: len(_V1_FIELDS)] for row in rows],
        )
        # A format-2 snapshot row whose blobs this version cannot read: it must not be.
        connection.execute(
            "CREATE TABLE token_columns (kind TEXT PRIMARY KEY, format INTEGER NOT NULL, cursor TEXT,"
            " last_sync_at TEXT, count INTEGER NOT NULL, ids BLOB NOT NULL, names BLOB NOT NULL,"
            " owners BLOB NOT NULL, owner_codes BLOB NOT NULL, deprovisioned BLOB NOT NULL,"
            " privileges BLOB NOT NULL, privilege_codes BLOB NOT NULL, created_at BLOB NOT NULL,"
            " last_used_at BLOB NOT NULL, extra BLOB NOT NULL)"
        )
        connection.execute(
            "INSERT INTO token_columns VALUES ('api', 2, 'c1.9.old', ?, 1, x'00', x'00', x'00', x'00',"
            " x'00', x'00', x'00', x'00', x'00', x'')",
            (repr(NOW.timestamp()),),
        )
    connection.close()


@pytest.mark.parametrize("check", [True, False], ids=["checked", "start-up path"])
def test_a_version_1_cache_keeps_its_rows_and_syncs_in_full_next(cache_path: Path, check: bool) -> None:
    rows = [make_row(1), make_row(2, last_used=1_700_000_500.0), make_row(3, "siem_agent")]
    _write_version_1_cache(cache_path, rows)
    with TokenCache.open(cache_path, check=check) as cache:
        assert cache.notice is None  # an upgrade is not a problem worth telling the user
        # The rows stay (an offline start still shows them), the new fields at their defaults...
        assert cache.rows() == rows
        assert cache.rows()[0][FIELD_INDEX["expires_at"]] is None
        assert cache.rows()[0][FIELD_INDEX["description"]] == ""
        assert [list(cache.columns(kind).ids) for kind in ("api", "siem_agent")] == [
            ["id-00001", "id-00002"],
            ["id-00003"],
        ]
        # ...and without a cursor the next sync is a full one, which brings the new fields' values.
        assert cache.cursor is None and cache.last_sync_at == NOW
        fresh = [with_fields(rows[0], expires_at=1_800_000_000.0, description="nightly"), rows[2]]
        cache.store_sync(fresh, (), "c2", NOW, replace=True)
        assert cache.snapshot_is_current()
    with TokenCache.open(cache_path, check=False) as cache:
        assert cache.rows() == fresh and cache.cursor == "c2"
        assert cache.columns("api").rows() == [fresh[0]]
    connection = sqlite3.connect(cache_path)
    assert connection.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (
        str(SCHEMA_VERSION),
    )
    connection.close()


def test_a_version_1_cache_without_the_columns_it_needs_is_emptied_not_a_crash(cache_path: Path) -> None:
    _write_version_1_cache(cache_path, [make_row(1)])
    connection = sqlite3.connect(cache_path)
    with connection:  # an odd old file: a required column gone (it cannot be filled in)
        connection.execute("ALTER TABLE tokens DROP COLUMN owner")
    connection.close()
    with TokenCache.open(cache_path) as cache:
        assert cache.rows() == [] and cache.cursor is None  # refilled by the next (full) sync
        cache.store_sync([make_row(4)], (), "c2", NOW, replace=True)
        assert [row[0] for row in cache.rows()] == ["id-00004"]


def test_the_lifecycle_fields_round_trip_through_rows_and_snapshot(cache_path: Path) -> None:
    rows = [
        with_fields(
            make_row(1),
            expires_at=1_800_000_000.5,
            description="export für Grafana",
            old_secret_valid_until=1_700_100_000.0,
            old_secret_last_used_at=1_700_050_000.0,
        ),
        make_row(2),
    ]
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(rows, (), "c1", NOW, replace=True)
    with TokenCache.open(cache_path, check=False) as cache:
        assert cache.snapshot_is_current()
        assert cache.columns("api").rows() == rows  # from the snapshot
        assert cache.rows() == rows  # from the table
        cache.store_sync([with_fields(rows[1], description="changed")], (), "c2", NOW, replace=False)
        assert not cache.snapshot_is_current()
        assert cache.columns("api").rows()[1][FIELD_INDEX["description"]] == "changed"  # from the rows
        assert cache.refresh_snapshot()
        assert cache.columns("api").rows()[1][FIELD_INDEX["description"]] == "changed"
