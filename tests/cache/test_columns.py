"""The cache's start-up path: columns per kind from the snapshot (or the rows), the integrity check after
the first paint, and no peewee import before it."""

from __future__ import annotations

import math
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from desktop_app.cache.columns import SNAPSHOT_TABLE, TokenColumns
from desktop_app.cache.store import TokenCache
from desktop_app.core.roles import Privileges
from desktop_app.core.token_fields import row_from_token
from desktop_app.core.tokens import TokenInfo, TokenKind
from desktop_app.ui.columns import Column
from desktop_app.ui.table_data import TokenTableData

NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[2]


def make_row(
    n: int,
    kind: str = "api",
    *,
    owner: str = "alice",
    last_used: float | None = None,
    created: float | None = None,
    name: str | None = None,
) -> tuple:
    return row_from_token(
        TokenInfo(
            id=f"id-{n:05d}",
            name=name or f"token {n}",
            kind=TokenKind(kind),
            owner=owner,
            owner_deprovisioned=owner == "mallory",
            privileges=Privileges.READ if n % 3 else Privileges.READ_WRITE,
            created_at=_moment(1_700_000_000.0 + n if created is None else created),
            last_used_at=_moment(last_used),
        )
    )


def _moment(seconds: float | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, tz=UTC)


def mixed_rows(count: int) -> list[tuple]:
    kinds = ("api", "api", "api", "siem_agent", "log_collector")
    owners = ("alice", "bob", "mallory", "zoë.öztürk")
    rows = []
    for n in range(count):
        rows.append(
            make_row(
                n,
                kinds[n % 5],
                owner=owners[n % 4],
                last_used=None if n % 7 == 0 else 1_700_100_000.0 + n * 0.5,
                created=1_700_000_000.0 + (n // 3),  # whole seconds: ties
                name=f"Tökén {n % 97} – «{n}»",
            )
        )
    return rows[::-1]  # not in time order: the cache orders them


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "tokens.sqlite3"


def _snapshot_read(cache: TokenCache, kind: str) -> bool:
    return cache._read_snapshot(kind) is not None


def test_columns_round_trip_through_the_snapshot(cache_path: Path) -> None:
    rows = mixed_rows(2_000)
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(rows, (), "c1", NOW, replace=True)
    with TokenCache.open(cache_path, check=False) as cache:
        assert cache.snapshot_is_current()
        for kind in ("api", "siem_agent", "log_collector"):
            assert _snapshot_read(cache, kind)
            columns = cache.columns(kind)
            assert columns.kind == kind
            assert columns.rows() == cache.rows(kind)  # same values, same order (created_at, id)
            assert len(columns) == len(cache.rows(kind))
        api = cache.columns("api")
        assert api.id_list() == [row[0] for row in cache.rows("api")]
        assert api.names[5] == cache.rows("api")[5][1] and api.ids.index(api.ids[7]) == 7
        assert api.created_at.dtype == np.float64 and api.created_at.flags.writeable
        assert api.deprovisioned.dtype == bool and api.deprovisioned.flags.writeable
        never = [row[7] is None for row in cache.rows("api")]
        assert np.isnan(api.last_used_at).tolist() == never
        assert set(api.owners()) == {"alice", "bob", "mallory", "zoë.öztürk"}


def test_a_kind_with_no_tokens_gives_empty_columns(cache_path: Path) -> None:
    with TokenCache.open(cache_path) as cache:
        assert len(cache.columns("api")) == 0  # never synced
        cache.store_sync([make_row(1)], (), "c1", NOW, replace=True)
        assert len(cache.columns("siem_agent")) == 0 and _snapshot_read(cache, "siem_agent")
        assert cache.columns("api").rows() == [make_row(1)]


def test_incremental_sync_makes_the_snapshot_stale_until_refreshed(cache_path: Path) -> None:
    rows = mixed_rows(500)
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(rows, (), "c1", NOW, replace=True)
        changed = make_row(3, "siem_agent", last_used=1_800_000_000.0, created=rows[-4][6], name="renamed")
        cache.store_sync(
            [changed, make_row(9_999, "api")], ["id-00010"], "c2", NOW + timedelta(minutes=1), replace=False
        )
        assert not cache.snapshot_is_current()
        assert not _snapshot_read(cache, "api")  # stale: never used
        for kind in ("api", "siem_agent", "log_collector"):
            assert cache.columns(kind).rows() == cache.rows(kind)  # read from the rows instead
        assert cache.refresh_snapshot() is True
        assert cache.snapshot_is_current() and _snapshot_read(cache, "api")
        for kind in ("api", "siem_agent", "log_collector"):
            assert cache.columns(kind).rows() == cache.rows(kind)
        assert cache.refresh_snapshot() is False  # nothing to do


def test_a_sync_that_changes_nothing_keeps_the_snapshot(cache_path: Path) -> None:
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(mixed_rows(50), (), "c1", NOW, replace=True)
        cache.store_sync([], [], "c2", NOW + timedelta(minutes=1), replace=False)
        assert cache.cursor == "c2"
        assert cache.snapshot_is_current() and _snapshot_read(cache, "api")


def test_missing_or_damaged_snapshot_is_read_from_the_rows_and_rebuilt(cache_path: Path) -> None:
    rows = mixed_rows(300)
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(rows, (), "c1", NOW, replace=True)
        expected = {kind: cache.rows(kind) for kind in ("api", "siem_agent", "log_collector")}
    connection = sqlite3.connect(cache_path)
    with connection:
        connection.execute(f"UPDATE {SNAPSHOT_TABLE} SET names = ? WHERE kind = 'api'", (b"only\x00two",))
    connection.close()
    with TokenCache.open(cache_path, check=False) as cache:
        assert not _snapshot_read(cache, "api") and _snapshot_read(cache, "siem_agent")
        assert cache.columns("api").rows() == expected["api"]
    connection = sqlite3.connect(cache_path)
    with connection:
        connection.execute(f"DROP TABLE {SNAPSHOT_TABLE}")
    connection.close()
    with TokenCache.open(cache_path, check=False) as cache:
        assert not cache.snapshot_is_current()
        assert {kind: cache.columns(kind).rows() for kind in expected} == expected
        assert cache.refresh_snapshot()
    with TokenCache.open(cache_path, check=False) as cache:
        assert cache.snapshot_is_current() and _snapshot_read(cache, "api")
        assert {kind: cache.columns(kind).rows() for kind in expected} == expected


def test_snapshot_written_by_a_sync_cut_off_halfway_is_rolled_back(cache_path: Path) -> None:
    def rows_then_die(rows):
        for count, row in enumerate(rows):
            if count == 700:
                raise RuntimeError("cut off")
            yield row

    with TokenCache.open(cache_path) as cache:
        cache.store_sync([make_row(1)], (), "c1", NOW, replace=True)
        with pytest.raises(RuntimeError):
            cache.store_sync(rows_then_die(mixed_rows(1_500)), (), "c2", NOW, replace=True)
        assert cache.snapshot_is_current() and cache.columns("api").rows() == [make_row(1)]


def test_a_value_holding_the_separator_is_read_from_the_rows(cache_path: Path) -> None:
    odd = make_row(2, name="has\x00nul")
    with TokenCache.open(cache_path) as cache:
        cache.store_sync([make_row(1), odd], (), "c1", NOW, replace=True)
        assert not _snapshot_read(cache, "api")
        assert cache.columns("api").rows() == [make_row(1), odd]


def test_packed_strings_read_one_at_a_time() -> None:
    from desktop_app.cache.columns import PackedStrings, SnapshotMismatch

    values = ["a", "", "zoë.öztürk", "abc", "b"]
    packed = PackedStrings("\x00".join(values).encode(), len(values))
    assert len(packed) == 5 and [packed[i] for i in range(5)] == values and packed.to_list() == values
    assert packed.index("abc") == 3 and packed.index("b") == 4 and packed.index("") == 1
    with pytest.raises(ValueError):
        packed.index("ab")
    assert len(PackedStrings(b"", 0)) == 0 and PackedStrings(b"", 0).to_list() == []
    assert PackedStrings(b"", 1).to_list() == [""]
    with pytest.raises(SnapshotMismatch):
        PackedStrings(b"a\x00b", 3)
    assert PackedStrings(b"ok\x00bad\xff", 2)[1] == "bad\ufffd"  # damaged bytes do not raise


def test_columns_from_rows_and_back() -> None:
    rows = [make_row(1, last_used=5.5), make_row(2, owner="bob"), make_row(3, owner="alice")]
    columns = TokenColumns.from_rows("api", rows)
    assert columns.owner_values == ["alice", "bob"] and columns.owner_codes.tolist() == [0, 1, 0]
    assert columns.rows() == rows
    again = TokenColumns.decode("api", columns.encode())
    assert again.rows() == rows
    assert math.isnan(again.last_used_at[1])


def _corrupt_page_of(path: Path, name: str) -> None:
    """Overwrite one b-tree page (the root of table/index `name`) with garbage."""
    connection = sqlite3.connect(path)
    (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    connection.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xa5" * page_size)


def test_damage_found_by_the_later_check_moves_the_file_aside(cache_path: Path) -> None:
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(mixed_rows(3_000), (), "c1", NOW, replace=True)
    _corrupt_page_of(cache_path, "token_kind")  # an index the start-up path does not read
    with TokenCache.open(cache_path, check=False) as cache:
        assert cache.notice is None and not cache.checked
        assert len(cache.columns("api")) > 0  # painted from the snapshot
        notice = cache.check()
        assert notice is not None and "damaged" in notice and cache.notice == notice
        aside = [
            p
            for p in cache_path.parent.glob(cache_path.name + ".corrupt-*")
            if not p.name.endswith(("-wal", "-shm"))
        ]
        assert len(aside) == 1 and aside[0].name in notice
        assert cache.rows() == [] and cache.cursor is None and len(cache.columns("api")) == 0
        cache.store_sync([make_row(1)], (), "c", NOW, replace=True)  # and it works again
        assert cache.columns("api").rows() == [make_row(1)]


def test_check_of_a_sound_file_passes_once(cache_path: Path) -> None:
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(mixed_rows(100), (), "c1", NOW, replace=True)
    with TokenCache.open(cache_path, check=False) as cache:
        assert not cache.checked
        assert cache.check() is None and cache.checked and cache.notice is None
        assert cache.check() is None


def test_open_without_check_still_moves_garbage_aside(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(b"this is not a database\x00\xff" * 200)
    with TokenCache.open(cache_path, check=False) as cache:
        assert cache.notice is not None and "damaged" in cache.notice
        assert cache.rows() == []


def test_reading_the_cache_for_the_first_paint_does_not_import_peewee(cache_path: Path) -> None:
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(mixed_rows(100), (), "c1", NOW, replace=True)
    code = (
        "import sys\n"
        "from desktop_app.cache.store import TokenCache\n"
        f"cache = TokenCache.open({str(cache_path)!r}, check=False)\n"
        "assert len(cache.columns('api')) > 0 and cache.cursor == 'c1' and cache.last_sync_at\n"
        "print(sorted(m for m in ('peewee', 'psycopg', 'httpx') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_snapshot_of_rows_given_twice_keeps_the_last(cache_path: Path) -> None:
    first, again = make_row(1), make_row(1, last_used=1_700_000_900.0)
    rows = [make_row(3, created=1_700_000_001.0), first, make_row(2, created=1_700_000_001.0), again]
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(rows, (), "c1", NOW, replace=True)
        assert _snapshot_read(cache, "api")
        assert (
            cache.columns("api").rows()
            == cache.rows("api")
            == [again, make_row(2, created=1_700_000_001.0), make_row(3, created=1_700_000_001.0)]
        )


def test_a_real_full_sync_writes_the_snapshot_and_an_incremental_one_stales_it(
    service, admin, tmp_path
) -> None:
    from desktop_app.core.roles import Privileges
    from desktop_app.sync import sync_tokens

    from .service_data import generate_many

    generate_many(service.store, "acme", 400, owners=12, prefix="snap")
    with TokenCache.open(tmp_path / "synced.sqlite3") as cache:
        assert sync_tokens(admin, cache, NOW).full
        assert cache.snapshot_is_current() and _snapshot_read(cache, "api")
        got, want = cache.columns("api").rows(), cache.rows("api")
        diff = [(a, b) for a, b in zip(got, want, strict=False) if a != b][:3]
        assert got == want, (len(got), len(want), diff)
        assert len(want) >= 50
        admin.generate_token("one more", Privileges.READ)
        assert not sync_tokens(admin, cache, NOW + timedelta(minutes=1)).full
        assert not cache.snapshot_is_current()
        assert cache.columns("api").rows() == cache.rows("api")
        assert cache.refresh_snapshot() and cache.columns("api").rows() == cache.rows("api")


def test_the_snapshot_carries_the_order_by_name_the_table_would_compute(cache_path: Path) -> None:
    """Names repeat (97 distinct over 2,000 rows) and differ in case and accents: ties go by id."""
    rows = mixed_rows(2_000)
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(rows, (), "c1", NOW, replace=True)
    with TokenCache.open(cache_path, check=False) as cache:
        columns = cache.columns("api")
        assert columns.name_order is not None  # read from the snapshot, not computed
        adopted = TokenTableData(columns, now=NOW.timestamp(), kind=TokenKind.API)
        built = TokenTableData(cache.rows("api"), now=NOW.timestamp(), kind=TokenKind.API)
    assert adopted.sort_order(Column.NAME).tolist() == built.sort_order(Column.NAME).tolist()
    names = [(adopted.name_at(r).casefold(), adopted.id_at(r)) for r in adopted.sort_order(Column.NAME)]
    assert names == sorted(names, key=lambda pair: (pair[0].encode(), pair[1]))


def test_a_damaged_order_by_name_sends_start_up_to_the_rows(cache_path: Path) -> None:
    with TokenCache.open(cache_path) as cache:
        cache.store_sync(mixed_rows(300), (), "c1", NOW, replace=True)
        connection = sqlite3.connect(cache_path)
        connection.execute(f"UPDATE {SNAPSHOT_TABLE} SET name_order = zeroblob(length(name_order))")
        connection.commit()
        connection.close()
    with TokenCache.open(cache_path, check=False) as cache:
        assert not _snapshot_read(cache, "api")  # every position 0: not an order of the rows
        assert cache.columns("api").rows() == cache.rows("api")
