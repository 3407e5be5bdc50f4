"""The Qt-free table data: loading, the update diff, sort orders, search keys and status over time.

Nothing here needs Qt: these tests use no widget or model, and one runs the table data in an interpreter
that never imports PySide6.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.cache.columns import TokenColumns
from desktop_app.core.status_columns import STATUS_ACTIVE, STATUS_INACTIVE
from desktop_app.core.token_fields import FIELD_INDEX
from desktop_app.core.tokens import ACTIVE_WINDOW, TokenKind, TokenStatus
from desktop_app.ui.columns import Column
from desktop_app.ui.table_data import TokenTableData, search_fold
from tests.token_rows import make_row

from .conftest import NOW, make_rows

T = NOW.timestamp()
WINDOW = ACTIVE_WINDOW.total_seconds()


def token(
    token_id: str,
    name: str = "ci",
    owner: str = "alice",
    last_used: float | None = None,
    kind: str = "api",
    created: float = T - 86400,
    **fields,
) -> tuple:
    return make_row(
        id=token_id,
        name=name,
        kind=kind,
        owner=owner,
        created_at=created,
        last_used_at=last_used,
        **fields,
    )


def ids_matching(data: TokenTableData, text: str) -> list[str]:
    keys = data.search_keys()
    hits = np.flatnonzero(np.strings.find(keys, search_fold(text)) >= 0)
    return data.ids(hits)


def test_the_table_data_runs_in_an_interpreter_without_qt():
    code = (
        "import sys\n"
        "from desktop_app.ui.table_data import TokenTableData\n"
        "from desktop_app.ui.columns import Column\n"
        "from tests.token_rows import make_row\n"
        "rows = [make_row(id='a', name='Zed', owner='bob', created_at=1.0),\n"
        "        make_row(id='b', name='ann', owner='al', owner_deprovisioned=True, created_at=2.0,\n"
        "                 last_used_at=3.0, expires_at=50.0)]\n"
        "data = TokenTableData(rows, now=10.0)\n"
        "data.apply_changes([make_row(id='c', name='mia', owner='al', privileges='read_write',\n"
        "                             created_at=4.0)], ['a'])\n"
        "data.warm_up()\n"
        "print([data.id_at(r) for r in data.sort_order(Column.NAME)])\n"
        "print('QT', sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "['b', 'c']" in result.stdout and "QT []" in result.stdout


def test_rows_and_cache_columns_load_the_same_table():
    rows = sorted(make_rows(200), key=lambda row: (row[FIELD_INDEX["created_at"]], row[0]))
    from_rows = TokenTableData(rows, now=T, kind=TokenKind.API)
    from_columns = TokenTableData(TokenColumns.from_rows("api", rows), now=T, kind=TokenKind.API)
    assert [from_columns.row_tuple(r) for r in range(200)] == rows
    assert [from_rows.row_tuple(r) for r in range(200)] == rows
    for column in Column:
        assert from_columns.sort_order(column).tolist() == from_rows.sort_order(column).tolist()
    other_kind = TokenColumns.from_rows("siem_agent", rows)
    assert TokenTableData(other_kind, now=T, kind=TokenKind.API).token_count() == 0


updates = st.lists(
    st.tuples(
        st.lists(
            st.tuples(
                st.integers(0, 30),
                st.sampled_from(["ci", "Backup", "zed", "ci"]),
                st.sampled_from(["alice", "Bob"]),
                st.one_of(st.none(), st.floats(T - 20 * 86400, T)),
            ),
            max_size=8,
            unique_by=lambda upsert: upsert[0],
        ),
        st.lists(st.integers(0, 30), max_size=8),
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(steps=updates, warm=st.booleans())
def test_updates_in_place_equal_a_fresh_load(steps, warm):
    """Upserts and removals, applied in place (cached orders renumbered), give what a fresh load gives."""
    data = TokenTableData([token(f"t{i}") for i in range(10)], now=T)
    expected = {f"t{i}": token(f"t{i}") for i in range(10)}
    if warm:
        data.warm_up()
    for upserts, removals in steps:
        rows = [token(f"t{i}", name, owner, used) for i, name, owner, used in upserts]
        gone = [f"t{i}" for i in removals]
        data.apply_changes(rows, gone)
        for token_id in gone:
            expected.pop(token_id, None)
        expected.update({row[0]: row for row in rows})
        for column in Column:
            data.sort_order(column)  # cached, then renumbered by the next removal
    assert sorted(data.row_tuple(r) for r in range(data.token_count())) == sorted(expected.values())
    assert all(data.row_of(data.id_at(r)) == r for r in range(data.token_count()))
    fresh = TokenTableData(list(expected.values()), now=T)
    for column in Column:
        assert data.ids(data.sort_order(column)) == fresh.ids(fresh.sort_order(column)), column


def test_diff_gives_positions_after_the_removal():
    data = TokenTableData([token("a"), token("b"), token("c")], now=T)
    diff = data.diff([token("c", "renamed"), token("d")], ["a"])
    assert diff.removed == [0] and diff.changed == [(1, token("c", "renamed"))] and diff.added == [token("d")]
    exact = data.diff([token("b")], exactly=True)
    assert exact.removed == [0, 2] and not exact.changed and not exact.added
    assert not data.diff([token("b")], [])  # the same values: nothing
    data = TokenTableData([token("a"), token("x", kind="siem_agent")], now=T, kind=TokenKind.API)
    assert data.token_count() == 1 and not data.diff([token("y", kind="log_collector")])


def test_search_ignores_case_and_accents_both_ways():
    data = TokenTableData(
        [
            token("a", "Überwachung nightly"),
            token("b", "uberwachung export"),
            token("c", "ci", owner="Émile"),
            token("d", "STRASSE"),
            token("e", "Straße"),
        ],
        now=T,
    )
    assert ids_matching(data, "uberwach") == ["a", "b"]
    assert ids_matching(data, "ÜBERWACH") == ["a", "b"]
    assert ids_matching(data, "emile") == ["c"] and ids_matching(data, "Émile") == ["c"]
    assert ids_matching(data, "straße") == ["d", "e"]


def test_status_codes_follow_the_clock():
    rows = [token("a", last_used=T - WINDOW + 5), token("b"), token("c", last_used=T - 60)]
    data = TokenTableData(rows, now=T)
    statuses = [data.status_at(r) for r in range(3)]
    assert statuses == [TokenStatus.ACTIVE, TokenStatus.GENERATED, TokenStatus.ACTIVE]
    assert data.next_status_change() == T + 5
    assert data.refresh_status(T + 4).tolist() == []
    assert data.refresh_status(T + 6).tolist() == [0]
    assert data.status_codes().tolist() == [STATUS_INACTIVE, 1, STATUS_ACTIVE]
    assert data.next_status_change() == T - 60 + WINDOW


def test_warm_up_steps_end_with_keys_orders_and_the_id_index_built():
    rows = make_rows(50)
    data = TokenTableData(TokenColumns.from_rows("api", rows), now=T)
    steps = 0
    while data.warm_up_step():
        steps += 1
    assert steps >= len(Column) + 1 and not data.warm_up_step()
    assert data.search_keys()[0] == search_fold(rows[0][1]) + b"\x1f" + search_fold(rows[0][3])
    assert data.row_of(rows[49][0]) == 49 and data.has_other_owners("alice") and data.has_other_owners("x")


def test_lifecycle_fields_load_alike_from_rows_and_cache_columns():
    rows = [
        token("a", expires_at=T + 3 * 86400, description="nightly", old_secret_valid_until=T + 60),
        token("b", expires_at=T - 60, last_used=T - 120),
        token("c", description="für Grafana", old_secret_last_used_at=T - 5),
        token("d", expires_at=T + 20 * 86400),
    ]
    columns = TokenColumns.decode("api", TokenColumns.by_kind(rows, ("api",))["api"].encode())
    for data in (TokenTableData(rows, now=T), TokenTableData(columns, now=T)):
        assert [data.row_tuple(r) for r in range(4)] == rows
        assert [data.status_at(r) for r in range(4)] == [
            TokenStatus.GENERATED,
            TokenStatus.EXPIRED,
            TokenStatus.GENERATED,
            TokenStatus.GENERATED,
        ]
        assert [data.expires_soon(r) for r in range(4)] == [True, False, False, False]
        assert data.expiring_soon_count() == 1
        assert data.set_warn_days(30) and not data.set_warn_days(30)
        assert data.expiring_soon_count() == 2 and data.warn_days() == 30
        assert [data.id_at(r) for r in data.sort_order(Column.EXPIRES)] == ["b", "a", "d", "c"]
        assert data.next_status_change() == T + 3 * 86400
        data.apply_changes([token("c", description="changed", expires_at=T + 86400)])
        assert data.value("description", 2) == "changed" and data.expires_soon(2)
        assert data.next_status_change() == T + 86400
