"""What the app does before its first paint, and what it leaves until after: the model adopts the cache's
columns, only the first tab reads its tokens, the cache's integrity check runs in the background, and
the first-paint path imports no HTTP, ORM or keyring module."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from desktop_app.cache.columns import TokenColumns
from desktop_app.cache.store import TokenCache
from desktop_app.core.token_fields import FIELD_INDEX
from desktop_app.core.tokens import TokenKind
from desktop_app.ui.columns import Column, TokenRole
from desktop_app.ui.token_model import TokenTableModel
from tests.token_rows import make_row, with_fields

from .conftest import FakeClock, exit_after_first_paint_env, make_rows

_ROLES = (0, 3, 1, 9, *(int(role) for role in TokenRole))  # display, tooltip, decoration, foreground...


def _in_cache_order(rows: list[tuple]) -> list[tuple]:
    return sorted(rows, key=lambda row: (row[FIELD_INDEX["created_at"]], row[FIELD_INDEX["id"]]))


def _with_ties(rows: list[tuple]) -> list[tuple]:
    """Whole-second creation times, several tokens per second (as a service may give)."""
    at = FIELD_INDEX["created_at"]
    return [with_fields(row, created_at=float(int(row[at]) // 5000 * 5000)) for row in rows]


def _cells(model: TokenTableModel) -> list:
    def value(row: int, column: int, role: int):
        found = model.data_at(row, column, role)
        if role == 1:  # icons: each model paints its own
            return None if found is None else "icon"
        return repr(found) if role == 9 else found

    return [
        value(row, column, role)
        for row in range(model.rowCount())
        for column in range(model.columnCount())
        for role in _ROLES
    ]


def test_model_adopting_columns_equals_the_model_built_from_rows(clock: FakeClock) -> None:
    rows = _in_cache_order(_with_ties(make_rows(400)))
    from_rows = TokenTableModel(rows, clock=clock, kind=TokenKind.API)
    from_columns = TokenTableModel(TokenColumns.from_rows("api", rows), clock=clock, kind=TokenKind.API)
    assert from_columns.token_count() == 400
    assert [from_columns.row_tuple(r) for r in range(400)] == rows
    assert _cells(from_columns) == _cells(from_rows)
    assert np.array_equal(from_columns.table.status_codes(), from_rows.table.status_codes())
    for column in Column:
        assert from_columns.table.sort_order(column).tolist() == from_rows.table.sort_order(column).tolist()
    assert from_columns.has_other_owners("alice") and from_columns.row_of(rows[7][0]) == 7


def test_columns_of_another_kind_give_an_empty_section(clock: FakeClock) -> None:
    model = TokenTableModel(
        TokenColumns.from_rows("siem_agent", make_rows(5)), clock=clock, kind=TokenKind.API
    )
    assert model.token_count() == 0


def test_generated_order_breaks_ties_by_name_without_every_name_key(clock: FakeClock) -> None:
    rows = _in_cache_order(_with_ties(make_rows(2_000)))
    model = TokenTableModel(TokenColumns.from_rows("api", rows), clock=clock, kind=TokenKind.API)
    order = model.table.sort_order(Column.GENERATED)
    assert model.table._cols["name_keys"] is None  # the first paint's sort did not need every name's key
    reference = TokenTableModel(rows, clock=clock, kind=TokenKind.API)
    reference.table.sort_order(Column.NAME)  # name ranks first: ties go through the general lexsort
    assert order.tolist() == reference.table.sort_order(Column.GENERATED).tolist()
    created = np.array([row[6] for row in rows])
    assert np.all(np.diff(created[order]) >= 0)


def test_row_of_before_and_after_the_id_index(clock: FakeClock) -> None:
    rows = make_rows(50)
    model = TokenTableModel(TokenColumns.from_rows("api", rows), clock=clock, kind=TokenKind.API)
    assert model.row_of(rows[3][0]) == 3 and model.row_of("nope") is None
    for _ in range(40):  # past the scans, the index is built
        assert model.row_of(rows[49][0]) == 49
    model.apply_changes([], [rows[0][0]])
    assert model.row_of(rows[49][0]) == 48 and model.row_of(rows[0][0]) is None


def _cache_with_kinds(path: Path) -> TokenCache:
    cache = TokenCache.open(path)
    rows = make_rows(30) + make_rows(7, kind="siem_agent", seed=3)
    rows = [(f"{row[2]}-{row[0]}", *row[1:]) for row in rows]
    cache.store_sync(rows, (), "c1", datetime.now(UTC), replace=True)
    return cache


def test_hidden_tabs_get_their_tokens_right_after_the_first_paint(qtbot, tmp_path, make_window):
    cache = _cache_with_kinds(tmp_path / "kinds.sqlite3")
    window = make_window(cache=cache, defer_hidden_sections=True)
    assert window.section(TokenKind.API).model.token_count() == 30
    assert window.section(TokenKind.SIEM_AGENT).model.token_count() == 0 and not window.sections_filled
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    qtbot.waitUntil(lambda: window.sections_filled)
    siem = window.section(TokenKind.SIEM_AGENT)
    assert siem.model.token_count() == 7 and siem.chain.view_model.rowCount() == 7
    assert siem.count_label.text() == "7 tokens"


def test_damage_found_after_the_first_paint_empties_the_tables_with_a_notice(qtbot, tmp_path, make_window):
    path = tmp_path / "damaged.sqlite3"
    _cache_with_kinds(path).close()
    connection = sqlite3.connect(path)
    (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'token_kind'").fetchone()
    (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    connection.close()
    with open(path, "r+b") as handle:  # an index the first paint does not read
        handle.seek((root - 1) * page_size)
        handle.write(b"\x5a" * page_size)
    cache = TokenCache.open(path, check=False)
    window = make_window(cache=cache)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    assert window.section(TokenKind.API).model.token_count() == 30  # painted from the snapshot
    window.controller.check_cache()
    qtbot.waitUntil(lambda: window.section(TokenKind.API).model.token_count() == 0, timeout=10000)
    assert window.section(TokenKind.SIEM_AGENT).model.token_count() == 0
    assert "moved aside" in window.status.full_message and window.status.currentMessage()
    aside = [p for p in tmp_path.glob("damaged.sqlite3.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    # the whole notice (cut at a word in the bar when the window is narrow) names the file
    assert len(aside) == 1 and aside[0].name in window.status.full_message
    assert window.controller.cache.rows() == [] and window.controller.cache.cursor is None


def test_check_of_a_sound_cache_refreshes_a_stale_snapshot(qtbot, tmp_path, make_window):
    cache = _cache_with_kinds(tmp_path / "stale.sqlite3")
    new = make_row(id="new-1", name="new", kind="api", owner="alice", created_at=1.0)
    cache.store_sync([new], (), "c2", datetime.now(UTC), replace=False)
    cache.close()
    cache = TokenCache.open(tmp_path / "stale.sqlite3", check=False)
    assert not cache.snapshot_is_current()
    window = make_window(cache=cache)
    window.controller.check_cache()
    window.controller.runner.wait_for_done(10000)
    assert cache.checked and cache.snapshot_is_current() and cache.notice is None
    assert window.section(TokenKind.API).model.token_count() == 31


def test_first_paint_imports_no_http_orm_or_keyring_module(tmp_path):
    """The real entry point with a cache of 5,000 tokens: nothing of the network side before the paint."""
    env = exit_after_first_paint_env(make_rows(5000))
    code = (
        "import sys\n"
        "from desktop_app.app import main\n"
        "code = main(['--embedded'])\n"
        "heavy = ('peewee', 'psycopg', 'httpx', 'fastapi', 'uvicorn', 'keyring', 'argon2', 'desktop_app.server',\n"
        "         'desktop_app.client.api', 'desktop_app.session.keyring_store')\n"
        "print('LOADED', sorted(m for m in heavy if m in sys.modules))\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "first paint done" in result.stderr
    assert "LOADED []" in result.stdout, result.stdout


def test_idle_time_work_waits_for_the_first_paint(qtbot, tmp_path, make_window):
    cache = _cache_with_kinds(tmp_path / "warm.sqlite3")
    window = make_window(cache=cache)
    model = window.section(TokenKind.API).model
    assert not model._warm_up_timer.isActive()  # nothing runs ahead of the paint
    assert not isinstance(
        model.table._cols["name"], list
    )  # names still packed: a screenful is read from the blob
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    qtbot.waitUntil(lambda: not model._warm_up_timer.isActive(), timeout=10000)
    assert model.table._cols["search"] is not None and len(model.table._orders) == len(Column)
    assert isinstance(model.table._cols["name"], list) and isinstance(model.table._cols["id"], list)
    assert [model.name_at(r) for r in range(model.token_count())] == [row[1] for row in cache.rows("api")]


def test_app_opens_the_cache_unchecked_and_quitting_refreshes_a_stale_snapshot(
    qtbot, tmp_path, session_store
):
    from desktop_app.app import AppController
    from desktop_app.settings import AppSettings, parse_args

    settings = AppSettings(
        path=tmp_path / "settings.json",
        server_url="http://127.0.0.1:9",
        tenant="acme",
        username="alice",
        embedded=False,
    )
    config = parse_args([], settings=settings)
    cache_dir = tmp_path / "cache"
    path = TokenCache.path_for(cache_dir, config.server_url, config.tenant, "alice")
    cache = _cache_with_kinds(path)
    cache.store_sync(
        [make_row(id="new-1", name="new", owner="alice", created_at=1.0)],
        (),
        "c2",
        datetime.now(UTC),
        replace=False,
    )
    cache.close()
    controller = AppController(
        config, session_store=session_store, cache_dir=cache_dir, data_dir=tmp_path / "data"
    )
    qtbot.addWidget(controller.window)
    assert not controller.controller.cache.checked  # the integrity check waits for the first paint
    assert controller.window.section(TokenKind.API).model.token_count() == 31
    controller.shutdown()
    with TokenCache.open(path, check=False) as reopened:
        assert reopened.snapshot_is_current()
        assert reopened.columns("api").rows() == reopened.rows("api")
