"""The token model: column-wise storage, display and raw roles, in-place updates, live status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop_app.core.tokens import ACTIVE_WINDOW, TokenKind, TokenStatus
from desktop_app.ui.columns import Column, TokenRole, relative_time
from desktop_app.ui.token_model import TokenTableModel
from tests.token_rows import make_row

from .conftest import NOW, make_rows

T = NOW.timestamp()


def row(
    token_id="t1",
    name="ci deploy",
    owner="alice",
    deprov=False,
    privs="read",
    created=T - 86400 * 3,
    last_used=None,
    kind="api",
    **fields,
):
    return make_row(
        id=token_id,
        name=name,
        kind=kind,
        owner=owner,
        owner_deprovisioned=deprov,
        privileges=privs,
        created_at=created,
        last_used_at=last_used,
        **fields,
    )


def cell(model, r, column, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(r, column), role)


def test_model_passes_the_model_tester(qtmodeltester, rows, clock):
    model = TokenTableModel(rows, clock=clock)
    qtmodeltester.check(model)
    assert model.rowCount() == len(rows)
    assert model.columnCount() == len(Column)


def test_display_and_raw_roles(qtmodeltester, clock):
    model = TokenTableModel(
        [
            row(last_used=T - 3 * 86400),
            row("t2", "old", "bob", True, "read_write", last_used=T - 30 * 86400),
            row("t3", "fresh", "carol"),
        ],
        clock=clock,
    )
    qtmodeltester.check(model)
    assert [cell(model, 0, c) for c in Column] == [
        "ci deploy",
        "alice",
        "Active",
        "Read",
        "3 days ago",
        "3 days ago",
        "Never",  # expires: never
    ]
    assert cell(model, 1, Column.OWNER) == "bob (deprovisioned)"
    assert cell(model, 1, Column.OWNER, Qt.ItemDataRole.DecorationRole) is not None
    assert cell(model, 1, Column.OWNER, Qt.ItemDataRole.ForegroundRole) is not None
    assert "deprovisioned" in cell(model, 1, Column.OWNER, Qt.ItemDataRole.ToolTipRole)
    assert cell(model, 0, Column.OWNER, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(model, 1, Column.STATUS) == "Blocked"  # a deprovisioned owner: refused at every use
    assert cell(model, 1, Column.PRIVILEGES) == "Read + write"
    assert cell(model, 2, Column.STATUS) == "Generated"
    assert cell(model, 2, Column.LAST_USED) == "Never"
    # Raw values for proxies and actions.
    assert cell(model, 1, Column.NAME, TokenRole.ID) == "t2"
    assert cell(model, 1, Column.NAME, TokenRole.OWNER) == "bob"
    assert cell(model, 1, Column.NAME, TokenRole.OWNER_DEPROVISIONED) is True
    assert cell(model, 1, Column.NAME, TokenRole.STATUS) is TokenStatus.INACTIVE
    assert cell(model, 2, Column.NAME, TokenRole.LAST_USED_AT) is None
    assert cell(model, 0, Column.NAME, TokenRole.CREATED_AT) == pytest.approx(T - 3 * 86400)
    assert cell(model, 0, Column.NAME, TokenRole.KIND) is TokenKind.API
    # The exact time is in the tooltip, in UTC and local time.
    tip = cell(model, 0, Column.LAST_USED, Qt.ItemDataRole.ToolTipRole)
    assert "2026-11-25 12:00:00 UTC" in tip and "local" in tip
    assert model.row_tuple(1) == row("t2", "old", "bob", True, "read_write", last_used=T - 30 * 86400)


@pytest.mark.parametrize(
    ("age", "text"),
    [
        (5, "just now"),
        (120, "2 minutes ago"),
        (3600, "1 hour ago"),
        (86400 * 1.5, "yesterday"),
        (86400 * 3, "3 days ago"),
        (86400 * 90, "2 months ago"),
        (86400 * 800, "2 years ago"),
        (-50, "just now"),
    ],
)
def test_relative_time(age, text):
    assert relative_time(T - age, T) == text


def test_kind_keeps_other_kinds_out(clock):
    model = TokenTableModel([row("a"), row("b", kind="siem_agent")], clock=clock, kind=TokenKind.API)
    assert model.token_count() == 1
    model.apply_changes([row("c", kind="log_collector"), row("d")])
    assert [model.id_at(r) for r in range(model.rowCount())] == ["a", "d"]


def test_incremental_changes_update_rows_in_place(qtmodeltester, qtbot, clock):
    model = TokenTableModel(make_rows(30), clock=clock)
    qtmodeltester.check(model)
    with qtbot.assertNotEmitted(model.modelReset):
        with qtbot.waitSignal(model.rowsInserted):
            model.apply_changes([row("new", "brand new")])
        assert model.row_of("new") == 30
        with qtbot.waitSignal(model.dataChanged) as changed:
            model.apply_changes([row("new", "brand new", last_used=T - 60)])
        assert changed.args[0].row() == changed.args[1].row() == 30
        assert model.status_at(30) is TokenStatus.ACTIVE
        with qtbot.waitSignal(model.rowsRemoved):
            model.apply_changes([], ["tok-000003", "tok-000004", "unknown-id"])
        assert model.row_of("tok-000003") is None and model.token_count() == 29
        assert model.row_of("new") == 28 and model.id_at(28) == "new"
    # Unchanged rows signal nothing.
    with qtbot.assertNotEmitted(model.dataChanged):
        model.apply_changes([model.row_tuple(0)])


def test_scattered_bulk_removal_is_one_layout_change(qtmodeltester, qtbot, clock):
    model = TokenTableModel(make_rows(100), clock=clock)
    qtmodeltester.check(model)
    keep = QModelIndex(model.index(51, 0))
    persistent = __import__("PySide6.QtCore", fromlist=["QPersistentModelIndex"]).QPersistentModelIndex(keep)
    gone = [f"tok-{i:06d}" for i in range(0, 100, 2)]
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.layoutChanged):
        model.apply_changes([], gone)
    assert model.token_count() == 50
    assert persistent.isValid() and model.id_at(persistent.row()) == "tok-000051"


def test_replace_rows_diffs_in_place(qtbot, clock):
    model = TokenTableModel([row("a"), row("b"), row("c")], clock=clock)
    with qtbot.assertNotEmitted(model.modelReset):
        model.replace_rows([row("a"), row("c", "renamed"), row("d")])
    assert sorted(model.id_at(r) for r in range(model.rowCount())) == ["a", "c", "d"]
    assert model.data_at(model.row_of("c"), Column.NAME, Qt.ItemDataRole.DisplayRole) == "renamed"
    assert model.table.search_keys()[model.row_of("c")] == b"renamed\x1falice"


def test_status_turns_inactive_with_no_reset(qtbot, clock):
    """A token whose 7 days run out turns Inactive in an open view: a timer, one dataChanged, no reset."""
    last_use = T - ACTIVE_WINDOW.total_seconds() + 0.05  # 50 ms of its window left
    model = TokenTableModel([row("a", last_used=last_use), row("b")], clock=clock)
    assert model.status_at(0) is TokenStatus.ACTIVE
    assert model.next_status_change() == pytest.approx(last_use + ACTIVE_WINDOW.total_seconds())
    clock.advance(timedelta(seconds=1))
    with qtbot.assertNotEmitted(model.modelReset), qtbot.assertNotEmitted(model.layoutChanged):
        with qtbot.waitSignal(model.dataChanged, timeout=3000) as changed:
            pass
    top_left, bottom_right, roles = changed.args
    assert (top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column()) == (
        0,
        Column.STATUS,
        0,
        Column.STATUS,
    )
    assert int(TokenRole.STATUS) in [int(r) for r in roles]
    assert model.status_at(0) is TokenStatus.INACTIVE
    assert cell(model, 0, Column.STATUS) == "Inactive"
    assert model.next_status_change() is None


def test_sort_order_breaks_ties_by_name_then_id(clock):
    model = TokenTableModel(
        [row("b", "Zed", privs="read"), row("a", "zed", privs="read"), row("c", "alpha", privs="read_write")],
        clock=clock,
    )
    order = model.table.sort_order(Column.NAME).tolist()
    assert [model.id_at(r) for r in order] == ["c", "a", "b"]
    order = model.table.sort_order(Column.PRIVILEGES).tolist()
    assert [model.id_at(r) for r in order] == ["a", "b", "c"]


def test_idle_warm_up_builds_keys_in_chunks_and_restarts_after_a_change(clock, monkeypatch):
    from desktop_app.ui import table_data

    monkeypatch.setattr(table_data, "KEY_CHUNK", 7)
    rows = make_rows(30)
    model = TokenTableModel(rows, clock=clock, warm_up=False)
    model.table.warm_up_step()  # first chunk only
    assert model.table._cols["search"] is None
    model.apply_changes([row("late", "Late Arrival", owner="Zoe")])  # the rows change mid-way
    steps = 0
    while model.table._cols["search"] is None:
        assert model.table.warm_up_step()
        steps += 1
    assert steps == 5  # 31 rows, 7 per chunk: started over after the change
    fresh = TokenTableModel(rows + [row("late", "Late Arrival", owner="Zoe")], clock=clock)
    assert model.table.search_keys().tolist() == fresh.table.search_keys().tolist()
    assert model.table.search_keys()[model.row_of("late")] == b"late arrival\x1fzoe"
    model.table.warm_up()
    assert [model.id_at(r) for r in model.table.sort_order(Column.NAME)] == [
        fresh.id_at(r) for r in fresh.table.sort_order(Column.NAME)
    ]


def test_an_owner_name_in_a_tooltip_is_text_not_markup(qtmodeltester, clock):
    # Tooltips are rich text when they look like it: the owner's name must reach the user as typed.
    model = TokenTableModel([row("t1", "ci", "<b>eve</b>", True)], clock=clock)
    qtmodeltester.check(model)
    tip = cell(model, 0, Column.OWNER, Qt.ItemDataRole.ToolTipRole)
    assert "deprovisioned" in tip
    assert "<b>eve</b>" not in tip and "&lt;b&gt;eve&lt;/b&gt;" in tip


def test_a_status_dot_keeps_its_colour_on_a_selected_row(clock):
    """Qt tints an icon's selected form into the highlight (a blue dot on blue vanished): not ours."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QIcon

    model = TokenTableModel([row("a"), row("b", last_used=T - 60)], clock=clock)
    for r, colour in ((0, QColor(56, 132, 244)), (1, QColor(46, 160, 67))):  # Generated, Active
        icon = cell(model, r, Column.STATUS, Qt.ItemDataRole.DecorationRole)
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected):
            image = icon.pixmap(QSize(12, 12), 1.0, mode).toImage()
            assert image.pixelColor(6, 6) == colour, (r, mode)
        # On a selected row the dot has a light ring, so it stands out on any highlight.
        ring = icon.pixmap(QSize(12, 12), 1.0, QIcon.Mode.Selected).toImage().pixelColor(6, 1)
        assert ring.lightness() > 200


def test_the_column_table_matches_qt_roles_and_the_model():
    """The Qt-free column table's role numbers are Qt's, and the model's header reads the table."""
    from desktop_app.ui.columns import USER_ROLE

    assert USER_ROLE == int(Qt.ItemDataRole.UserRole)
    model = TokenTableModel([row("a", last_used=T - 60, expires_at=T + 86400)])
    for column in Column:
        assert model.headerData(column, Qt.Orientation.Horizontal) == column.spec.title
        tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert tip == column.spec.header_tip
        assert model.data(model.index(0, column), column.spec.raw_role) is not None


# ---- expiry (SPEC rules 11-14): the Expires column, the Expired status, the grace period ----------

DAY = 86400.0
_TIP, _ICON = Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole
_COLOUR = Qt.ItemDataRole.ForegroundRole


def _expiring_model(clock):
    return TokenTableModel(
        [
            row("soon", "soon", expires_at=T + 5 * DAY + 60),
            row("later", "later", expires_at=T + 30 * DAY + 60),
            row("never", "never"),
            row("hours", "hours", expires_at=T + 3 * 3600 + 60),
            row("gone", "gone", last_used=T - 60, expires_at=T - 2 * DAY - 60),
        ],
        clock=clock,
    )


def test_expires_column_shows_relative_text_and_the_exact_time(clock):
    model = _expiring_model(clock)
    texts = [cell(model, r, Column.EXPIRES) for r in range(5)]
    assert texts == ["in 5 days", "in 30 days", "Never", "in 3 hours", "2 days ago"]
    tip = cell(model, 0, Column.EXPIRES, _TIP)
    moment = datetime.fromtimestamp(T + 5 * DAY + 60, UTC)
    assert f"{moment.astimezone():%H:%M:%S}" in tip and "local time" in tip
    assert "within 7 days" in tip
    assert cell(model, 2, Column.EXPIRES, _TIP) == "Never expires"
    assert cell(model, 4, Column.EXPIRES, _TIP).startswith("Expired ")
    assert cell(model, 0, Column.NAME, TokenRole.EXPIRES_AT) == T + 5 * DAY + 60
    assert cell(model, 2, Column.NAME, TokenRole.EXPIRES_AT) is None


def test_tokens_expiring_within_warn_days_are_marked(clock):
    model = _expiring_model(clock)
    marked = [cell(model, r, Column.EXPIRES, _ICON) is not None for r in range(5)]
    assert marked == [True, False, False, True, False]
    assert cell(model, 0, Column.EXPIRES, _COLOUR) is not None
    assert cell(model, 1, Column.EXPIRES, _COLOUR) is None
    assert cell(model, 0, Column.EXPIRES, Qt.ItemDataRole.AccessibleTextRole) == "in 5 days, expiring soon"
    assert model.expiring_soon_count() == 2
    assert model.warn_days() == 7  # until the tenant policy says otherwise
    changed = []
    model.dataChanged.connect(lambda first, last, roles: changed.append((first.column(), last.row())))
    model.set_warn_days(40)
    assert model.warn_days() == 40 and model.expiring_soon_count() == 3
    assert cell(model, 1, Column.EXPIRES, _ICON) is not None  # in 30 days: now within 40
    assert changed == [(Column.EXPIRES, 4)]
    model.set_warn_days(1)
    assert [cell(model, r, Column.EXPIRES, _ICON) is not None for r in range(5)] == [
        False,
        False,
        False,
        True,
        False,
    ]


def test_expired_tokens_show_status_expired_in_their_own_colour(clock):
    model = _expiring_model(clock)
    assert cell(model, 4, Column.STATUS) == "Expired"
    assert cell(model, 4, Column.NAME, TokenRole.STATUS) is TokenStatus.EXPIRED
    assert "401" in cell(model, 4, Column.STATUS, _TIP)
    colour = cell(model, 4, Column.STATUS, _COLOUR)
    assert colour is not None and colour == cell(model, 4, Column.EXPIRES, _COLOUR)
    assert cell(model, 0, Column.STATUS, _COLOUR) is None  # Generated: the palette's colour
    icons = {cell(model, r, Column.STATUS, _ICON).cacheKey() for r in (0, 4)}
    assert len(icons) == 2  # Expired has a dot of its own


def test_sorting_by_expiry_puts_never_expiring_tokens_last(clock):
    model = _expiring_model(clock)
    order = model.table.sort_order(Column.EXPIRES)
    assert [model.id_at(r) for r in order] == ["gone", "hours", "soon", "later", "never"]


def test_status_turns_expired_when_the_clock_passes_the_expiry(qtbot, clock):
    model = TokenTableModel([row("a", last_used=T - 60, expires_at=T + 0.05), row("b")], clock=clock)
    assert model.status_at(0) is TokenStatus.ACTIVE
    assert model.next_status_change() == pytest.approx(T + 0.05)
    clock.advance(timedelta(seconds=1))
    with qtbot.waitSignal(model.dataChanged, timeout=3000) as changed:
        pass  # the status timer fires at the expiry and reads the (moved) clock
    assert changed.args[0].column() == Column.STATUS and changed.args[0].row() == 0
    assert model.status_at(0) is TokenStatus.EXPIRED
    assert cell(model, 0, Column.STATUS) == "Expired"
    assert cell(model, 0, Column.EXPIRES) == "just now"


def test_grace_period_is_named_in_the_status_tooltip(clock):
    model = TokenTableModel(
        [
            row("a", last_used=T - 60, old_secret_valid_until=T + 3600, old_secret_last_used_at=T - 120),
            row("b", last_used=T - 60, old_secret_valid_until=T + 3600),
            row("c", last_used=T - 60, old_secret_valid_until=T - 3600, old_secret_last_used_at=T - 7200),
        ],
        clock=clock,
    )
    until = datetime.fromtimestamp(T + 3600, UTC).astimezone()
    tip = cell(model, 0, Column.STATUS, _TIP)
    assert f"Old secret valid until {until:%Y-%m-%d %H:%M}" in tip and "(last used 2 minutes ago)" in tip
    assert "not used since the rotation" in cell(model, 1, Column.STATUS, _TIP)
    assert "Old secret" not in cell(model, 2, Column.STATUS, _TIP)  # the grace period is over
