"""The search, status and sort proxies: model tester, results against plain Python, cheap updates."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView

from desktop_app.core.token_fields import FIELD_INDEX
from desktop_app.core.tokens import ACTIVE_WINDOW, TokenStatus, token_status
from desktop_app.ui.columns import Column, TokenRole
from desktop_app.ui.token_model import TokenTableModel
from desktop_app.ui.token_proxies import TokenProxyChain, TokenSearchProxy, TokenSortProxy, TokenStatusProxy
from tests.token_rows import make_row

from .conftest import NOW, FakeClock, make_rows

T = int(NOW.timestamp())
ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
EXPIRES = FIELD_INDEX["expires_at"]


def ids_in(proxy) -> list[str]:
    return [proxy.data(proxy.index(r, 0), TokenRole.ID) for r in range(proxy.rowCount())]


# ---- the plain Python computation the proxies must agree with ------------------------------------


def _moment(seconds):
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


def expected_status(row) -> TokenStatus:
    return token_status(
        _moment(row[FIELD_INDEX["last_used_at"]]), NOW, expires_at=_moment(row[FIELD_INDEX["expires_at"]])
    )


def fold(text: str) -> str:
    """Casefolded, accents dropped: what the search compares, on both sides."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch)
    )


def expected_ids(rows, statuses, search, column, order) -> list[str]:
    needle = fold(search.replace("\x1f", "").strip())
    kept = [
        r for r in rows if expected_status(r) in statuses and (needle in fold(r[1]) or needle in fold(r[3]))
    ]
    if column < 0:
        return [r[0] for r in kept]
    keys = {
        Column.NAME: lambda r: (),
        Column.OWNER: lambda r: (r[3].casefold(),),
        Column.STATUS: lambda r: (expected_status(r).label,),
        Column.PRIVILEGES: lambda r: (r[5],),
        Column.GENERATED: lambda r: (r[6],),
        Column.LAST_USED: lambda r: (float("-inf") if r[7] is None else r[7],),
        # never-expiring tokens last
        Column.EXPIRES: lambda r: (float("inf") if r[EXPIRES] is None else r[EXPIRES],),
    }[Column(column)]
    ordered = sorted(kept, key=lambda r: (*keys(r), r[1].casefold(), r[0]))
    if order == DESC:
        ordered.reverse()
    return [r[0] for r in ordered]


names = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn"), max_codepoint=0x2FF)
    | st.sampled_from("ßİΣς"),
    min_size=1,
    max_size=10,
)
row_strategy = st.tuples(
    names,
    st.sampled_from(["alice", "Bob", "carol", "ÉMILE", "bob"]),
    st.booleans(),
    st.sampled_from(["read", "read_write"]),
    st.integers(T - 400 * 86400, T),
    st.one_of(st.none(), st.integers(T - 20 * 86400, T), st.just(T - int(ACTIVE_WINDOW.total_seconds()))),
    st.one_of(st.none(), st.integers(T - 3 * 86400, T + 30 * 86400), st.just(T)),  # expires_at
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    raw=st.lists(row_strategy, max_size=40),
    statuses=st.sets(st.sampled_from(list(TokenStatus))),
    search=st.one_of(st.just(""), names, st.sampled_from(["a", "B", "ob", "ß", "ss", " e"])),
    column=st.integers(-1, len(Column) - 1),
    order=st.sampled_from([ASC, DESC]),
)
def test_proxies_agree_with_plain_python(raw, statuses, search, column, order):
    rows = [
        make_row(
            id=f"id{i:03d}",
            name=n,
            owner=o,
            owner_deprovisioned=d,
            privileges=p,
            created_at=float(c),
            last_used_at=None if u is None else float(max(u, c)),
            expires_at=None if e is None else float(e),
        )
        for i, (n, o, d, p, c, u, e) in enumerate(raw)
    ]
    model = TokenTableModel(rows, clock=FakeClock())
    chain = TokenProxyChain(model)
    chain.set_statuses(statuses)
    chain.set_search(search)
    chain.sort_by(column, order)
    assert ids_in(chain.view_model) == expected_ids(rows, statuses, search, column, order)
    assert chain.visible_ids() == ids_in(chain.view_model)
    # Counts are over the rows matching the search, whatever statuses are shown.
    searched = expected_ids(rows, set(TokenStatus), search, -1, ASC)
    by_id = {r[0]: r for r in rows}
    assert chain.status.counts() == {
        s: sum(1 for i in searched if expected_status(by_id[i]) is s) for s in TokenStatus
    }


@settings(max_examples=40, deadline=None)
@given(query=st.text(st.sampled_from("abcdeo -"), min_size=1, max_size=6), seed=st.integers(0, 5))
def test_search_narrowing_while_typing_matches_a_fresh_scan(query, seed):
    rows = make_rows(80, seed=seed)
    model = TokenTableModel(rows, clock=FakeClock())
    typing = TokenSearchProxy()
    typing.setSourceModel(model)
    for end in range(1, len(query) + 1):
        typing.set_search(query[:end])
    fresh = TokenSearchProxy()
    fresh.setSourceModel(model)
    fresh.set_search(query)
    assert ids_in(typing) == ids_in(fresh) == expected_ids(rows, set(TokenStatus), query, -1, ASC)


def test_every_proxy_passes_the_model_tester(qtmodeltester, clock):
    model = TokenTableModel(make_rows(50), clock=clock)
    chain = TokenProxyChain(model)
    chain.set_statuses({TokenStatus.ACTIVE, TokenStatus.GENERATED})
    chain.set_search("e")
    chain.sort_by(Column.LAST_USED, DESC)
    for proxy in (chain.search, chain.status, chain.sort):
        qtmodeltester.check(proxy)
    assert 0 < chain.sort.rowCount() < 50
    # Each class also works alone over the model.
    for cls in (TokenSearchProxy, TokenStatusProxy, TokenSortProxy):
        alone = cls()
        alone.setSourceModel(model)
        qtmodeltester.check(alone)
        assert alone.rowCount() == 50


def test_changes_keep_the_model_tester_happy(qtmodeltester, qtbot, clock):
    """The tester stays attached while setters and model updates run (persistent indexes checked)."""
    model = TokenTableModel(make_rows(40), clock=clock)
    chain = TokenProxyChain(model)
    for proxy in (chain.search, chain.status, chain.sort):
        qtmodeltester.check(proxy, force_py=False)
    with qtbot.assertNotEmitted(chain.sort.modelReset):
        chain.sort_by(Column.NAME)
        chain.set_search("ci")
        chain.set_statuses({TokenStatus.INACTIVE})
        chain.set_statuses(set(TokenStatus))
        chain.set_search("")
        chain.sort_by(Column.OWNER, DESC)
        model.apply_changes(
            [make_row(id="zz", name="ci zz", owner="alice", created_at=float(T))], ["tok-000001"]
        )
        model.apply_changes([], [f"tok-{i:06d}" for i in range(2, 40, 2)])


def test_selection_follows_its_token_through_sort_and_filter(qtbot, clock):
    model = TokenTableModel(make_rows(60), clock=clock)
    chain = TokenProxyChain(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(chain.view_model)
    view.selectRow(5)
    chosen = chain.sort.token_id(5)
    with qtbot.assertNotEmitted(chain.sort.modelReset):
        chain.sort_by(Column.NAME, DESC)
        chain.set_search(model.data_at(model.row_of(chosen), Column.NAME, Qt.ItemDataRole.DisplayRole)[:4])
    rows = view.selectionModel().selectedRows()
    assert [chain.sort.token_id(i.row()) for i in rows] == [chosen]
    # Filtered out, the selection goes; the view's rows match the proxy's.
    other = {expected_status(r) for r in make_rows(60) if r[0] == chosen}
    chain.set_statuses(set(TokenStatus) - other)
    assert chosen not in chain.visible_ids()
    assert view.selectionModel().selectedRows() == []
    assert view.verticalHeader().count() == chain.sort.rowCount()


def test_status_change_over_time_refilters_without_reset(qtbot, clock):
    last_use = T - ACTIVE_WINDOW.total_seconds() + 0.05
    rows = [
        make_row(id="a", name="alpha", created_at=T - 86400 * 9, last_used_at=last_use),
        make_row(id="b", name="beta", created_at=T - 86400 * 9, last_used_at=T - 60.0),
    ]
    model = TokenTableModel(rows, clock=clock)
    chain = TokenProxyChain(model)
    chain.set_statuses({TokenStatus.ACTIVE})
    assert chain.visible_ids() == ["a", "b"]
    assert chain.status.counts()[TokenStatus.ACTIVE] == 2
    clock.advance(timedelta(seconds=1))
    with qtbot.assertNotEmitted(chain.sort.modelReset), qtbot.assertNotEmitted(model.modelReset):
        with qtbot.waitSignal(chain.status.counts_changed, timeout=3000) as counts:
            pass
    assert counts.args[0] == {
        TokenStatus.ACTIVE: 1,
        TokenStatus.INACTIVE: 1,
        TokenStatus.GENERATED: 0,
        TokenStatus.EXPIRED: 0,
    }
    assert chain.visible_ids() == ["b"]


def test_new_tokens_appear_in_sorted_place(clock):
    model = TokenTableModel(make_rows(20), clock=clock)
    chain = TokenProxyChain(model)
    chain.sort_by(Column.NAME)
    model.apply_changes([make_row(id="new", name="aaa first", owner="bob", created_at=float(T))])
    assert chain.visible_ids()[0] == "new"
    persistent = QPersistentModelIndex(chain.sort.index(0, 0))
    model.apply_changes([], [model.id_at(0)])
    assert persistent.isValid() and chain.sort.token_id(persistent.row()) == "new"


def test_view_selection_model_survives_many_changes(qtbot, clock):
    model = TokenTableModel(make_rows(30), clock=clock)
    chain = TokenProxyChain(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(chain.view_model)
    view.setSortingEnabled(True)
    view.sortByColumn(Column.GENERATED, DESC)
    assert chain.sort.sort_column() == Column.GENERATED and chain.sort.sort_order() == DESC
    view.selectionModel().select(
        chain.sort.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    first = chain.sort.token_id(0)
    view.sortByColumn(Column.GENERATED, ASC)
    assert chain.sort.token_id(view.selectionModel().selectedRows()[0].row()) == first
    assert chain.sort.token_id(chain.sort.rowCount() - 1) == first


def test_multidata_answers_like_data(clock):
    """The delegate's one-call-per-cell path gives what data() gives, role by role."""
    from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan
    from PySide6.QtGui import QColor, QIcon

    model = TokenTableModel(make_rows(20), clock=clock)
    chain = TokenProxyChain(model)
    chain.sort_by(Column.OWNER)
    proxy = chain.view_model
    roles = [
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        TokenRole.STATUS,
        TokenRole.LAST_USED_AT,
    ]
    for row in range(proxy.rowCount()):
        for column in Column:
            index = proxy.index(row, column)
            for role in roles:
                slot = QModelRoleData(int(role))
                proxy.multiData(index, QModelRoleDataSpan(slot))
                expected = proxy.data(index, role)
                got = slot.data()
                if isinstance(expected, (QColor, QIcon)):
                    assert type(got) is type(expected)
                else:
                    assert got == expected, (row, column, role)


def test_multidata_overwrites_every_slot(clock):
    """Qt reuses its role slots from cell to cell: a cell without a value must clear what was there."""
    from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan

    rows = [
        make_row(id="a", name="alpha", owner="mallory", owner_deprovisioned=True, created_at=T - 86400.0),
        make_row(id="b", name="beta", owner="alice", created_at=T - 86400.0),
    ]
    chain = TokenProxyChain(TokenTableModel(rows, clock=clock))
    chain.sort_by(Column.NAME)
    proxy = chain.view_model
    slot = QModelRoleData(int(Qt.ItemDataRole.DecorationRole))
    proxy.multiData(proxy.index(0, Column.OWNER), QModelRoleDataSpan(slot))  # deprovisioned: an icon
    assert slot.data() is not None
    proxy.multiData(proxy.index(1, Column.OWNER), QModelRoleDataSpan(slot))  # alice: no icon
    assert slot.data() is None
    slot = QModelRoleData(int(Qt.ItemDataRole.FontRole))
    slot.setData("left over")
    proxy.multiData(proxy.index(1, Column.NAME), QModelRoleDataSpan(slot))
    assert slot.data() is None


def test_thousands_of_filter_changes_do_not_exhaust_reference_counts(clock):
    """PySide6 6.12 drops a reference to True on every emit(); pyside_workarounds makes it harmless."""
    model = TokenTableModel(make_rows(50), clock=clock)
    chain = TokenProxyChain(model)
    for i in range(3000):  # ~6 emits each: far more than True's natural reference count
        chain.set_search("abcdefgh"[: i % 8])
    assert chain.view_model.rowCount() == 50 or chain.search.search()
