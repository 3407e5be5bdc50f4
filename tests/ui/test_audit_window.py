"""The audit log window against the real service, its log seeded with 6,000 events through the store:
pages load as the view scrolls (appended, never a reset), the filters narrow it, double-click shows
the event's token in the main window, Export CSV writes the header and every row, Cancel leaves no file."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QPushButton

from desktop_app.core.roles import Privileges, Role
from desktop_app.core.tokens import TokenKind
from desktop_app.server.models import to_micros
from desktop_app.ui.audit_model import PAGE_SIZE

from .conftest import TENANT
from .test_identify_dialog import clients, signed_in_window  # noqa: F401 - the fixture

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SEEDED = 6000
ACTORS = ("carol", "dave", "erin")


def seed(service, count: int, token_id: str) -> None:
    """`count` events in one executemany, older than anything the test does; every 10th names the token."""
    store = service.store
    p = store.db.param
    with store.db.connection_context():
        tenant_id = store.db.execute_sql(f"SELECT id FROM tenant WHERE slug = {p}", (TENANT,)).fetchone()[0]
    base = to_micros(service.clock() - timedelta(days=30))
    rows = []
    for i in range(count):
        names = i % 10 == 0
        rows.append(
            (
                tenant_id,
                base + i * 1_000_000,
                ACTORS[i % len(ACTORS)],
                "token.revoke" if names else "token.denied",
                f"token {token_id} “seeded”" if names else f"event {i}",
                "ok",
                "10.0.0.7",
                f"seeded {i}",
                token_id if names else None,
            )
        )
    with store.db.connection_context(), store.db.atomic():
        store.db.cursor().executemany(
            "INSERT INTO audit_event (tenant_id, at, actor, action, target, outcome, client_addr, detail, "
            f"token_id) VALUES ({', '.join([p] * 9)})",
            rows,
        )


@pytest.fixture
def audit(qtbot, service, make_window, clients):  # noqa: F811
    window, client = signed_in_window(qtbot, service, make_window, clients=clients)
    token = client.generate_token("audited", Privileges.READ).token
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.sync_now()
    seed(service, SEEDED, token.id)
    audit_window = window.hygiene.open_audit()
    assert audit_window is not None
    qtbot.waitUntil(lambda: not audit_window.model.loading, timeout=10000)
    return window, audit_window, token


def scroll_to_end(qtbot, audit_window) -> None:
    model = audit_window.model
    before = model.rowCount()
    audit_window.view.scrollToBottom()
    audit_window.view.verticalScrollBar().setValue(audit_window.view.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: model.rowCount() > before or model.exhausted, timeout=10000)
    qtbot.waitUntil(lambda: not model.loading, timeout=10000)


def test_scrolling_loads_more_pages_without_a_reset(qtbot, audit):
    window, audit_window, _token = audit
    audit_window.show()
    qtbot.waitExposed(audit_window)
    model = audit_window.model
    assert model.rowCount() == PAGE_SIZE and not model.exhausted
    total = SEEDED + 20  # the seeded events and the test's own (sign-ins, the generate)
    with qtbot.assertNotEmitted(model.modelReset):
        for _ in range(3):
            scroll_to_end(qtbot, audit_window)
    assert model.rowCount() == 4 * PAGE_SIZE
    while not model.exhausted:
        model.fetchMore()
        qtbot.waitUntil(lambda: not model.loading, timeout=10000)
    assert SEEDED < model.rowCount() < total
    ats = [model.event_at(r)["at"] for r in range(model.rowCount())]
    assert ats == sorted(ats, reverse=True)  # newest first
    assert len({model.event_at(r)["id"] for r in range(model.rowCount())}) == model.rowCount()


def test_filters_narrow_the_log(qtbot, audit):
    _window, audit_window, token = audit
    model = audit_window.model
    audit_window.actor_field.setText("dave")
    audit_window.apply_button.click()
    qtbot.waitUntil(lambda: not model.loading, timeout=10000)
    assert model.rowCount() == PAGE_SIZE
    assert {model.event_at(r)["actor"] for r in range(model.rowCount())} == {"dave"}

    audit_window.actor_field.clear()
    audit_window.action_box.setCurrentIndex(audit_window.action_box.findData("token.revoke"))
    audit_window.token_field.setText(token.id)
    audit_window.apply_button.click()
    qtbot.waitUntil(lambda: not model.loading, timeout=10000)
    assert model.rowCount() == PAGE_SIZE  # of 600
    while not model.exhausted:
        model.fetchMore()
        qtbot.waitUntil(lambda: not model.loading, timeout=10000)
    assert model.rowCount() == SEEDED // 10
    assert {model.event_at(r)["action"] for r in range(model.rowCount())} == {"token.revoke"}

    # The time range: the seeded events are one a second, from 30 days ago.
    audit_window.action_box.setCurrentIndex(0)
    audit_window.token_field.clear()
    start = QDateTime.fromSecsSinceEpoch(int((audit_window_clock(audit) - timedelta(days=30)).timestamp()))
    audit_window.since_box.setChecked(True)
    audit_window.since_edit.setDateTime(start.addSecs(60))
    audit_window.until_box.setChecked(True)
    audit_window.until_edit.setDateTime(start.addSecs(60 + 120))
    audit_window.apply_button.click()
    qtbot.waitUntil(lambda: not model.loading, timeout=10000)
    assert model.rowCount() == 120 and model.exhausted
    details = {model.event_at(r)["detail"] for r in range(model.rowCount())}
    assert details == {f"seeded {i}" for i in range(60, 180)}


def audit_window_clock(audit):
    window, _audit_window, _token = audit
    return window.controller.clock()


def test_double_click_shows_the_token_in_the_main_window(qtbot, audit):
    window, audit_window, token = audit
    model = audit_window.model
    row = next(r for r in range(model.rowCount()) if model.token_id_at(r) == token.id)
    window.tabs.setCurrentWidget(window.section(TokenKind.LOG_COLLECTOR))
    audit_window.view.doubleClicked.emit(model.index(row, 2))
    section = window.section(TokenKind.API)
    assert window.current_section() is section
    assert section.selected_tokens().ids == [token.id]


def test_export_writes_the_filter_as_csv(qtbot, audit, tmp_path):
    _window, audit_window, token = audit
    audit_window.token_field.setText(token.id)
    audit_window.apply_button.click()
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "audit.csv"
    export = audit_window.export_to(path)
    assert audit_window.progress is not None and audit_window.progress.isVisible()
    with qtbot.waitSignal(export.finished, timeout=20000):
        pass
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == ["id", "at", "actor", "action", "target", "address", "outcome", "detail"]
    assert len(rows) - 1 == SEEDED // 10 + 1  # the seeded revokes and the generate
    assert all(token.id in row[4] for row in rows[1:])
    assert audit_window.progress is None and export.written == path.stat().st_size
    assert list(folder.iterdir()) == [path]


def test_cancel_leaves_no_file(qtbot, audit, tmp_path):
    _window, audit_window, _token = audit
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "cancelled.csv"
    export = audit_window.export_to(path)
    with qtbot.waitSignal(export.finished, timeout=20000):
        audit_window.progress.findChild(QPushButton).click()  # the dialog's Cancel
    assert export.cancelled
    assert list(folder.iterdir()) == []


def test_the_window_is_for_full_admins(qtbot, service, make_window, clients):  # noqa: F811
    window, _client = signed_in_window(qtbot, service, make_window, "otto", Role.SECURITY_READER, clients)
    assert not window.hygiene.audit_action.isVisible()
    assert window.hygiene.open_audit() is None
