"""Revoking at 100,000 tokens through the window, against a real token service on 127.0.0.1: a selection
is revoked in chunks of at most 1,000 ids with progress and Cancel, a failure in the middle keeps what
was not revoked, and the tokens of deprovisioned users go by one criteria call, in one section or all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt

from desktop_app.client.api import TokenServiceClient
from desktop_app.core.tokens import TokenKind
from desktop_app.ui import revoke_dialog
from desktop_app.ui.chunked_revoke import CHUNK
from desktop_app.ui.revoke_progress import RevokeProgress
from tests.seed_tokens import seed_tokens

from .conftest import TENANT, client_for

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TOKENS = 100_000


class FailingClient:
    """The real client, except that its `fail_call`-th revoke_tokens call goes to an address where nothing
    listens (a genuine connection failure: the service never sees that chunk)."""

    def __init__(self, client: TokenServiceClient, fail_call: int) -> None:
        self._client = client
        self._fail_call = fail_call
        self.revoke_calls: list[int] = []

    def revoke_tokens(self, ids):
        self.revoke_calls.append(len(ids))
        if len(self.revoke_calls) == self._fail_call:
            with TokenServiceClient("http://127.0.0.1:9", TENANT, session_token="tds_" + "x" * 40) as dead:
                return dead.revoke_tokens(ids)
        return self._client.revoke_tokens(ids)

    def __getattr__(self, name):
        return getattr(self._client, name)


def live_ids(service, kind: str | None = None) -> set[str]:
    sql = "SELECT id FROM token WHERE revoked_at IS NULL" + (" AND kind = ?" if kind else "")
    return {row[0] for row in service.store.db.execute_sql(sql, (kind,) if kind else ()).fetchall()}


@pytest.fixture
def clients():
    made: list[TokenServiceClient] = []
    yield made
    for client in made:
        client.close()


def big_window(qtbot, service, make_window, clients, client_wrapper=None, **seed):
    seed_tokens(service.store, TENANT, TOKENS, **seed)
    client, session = client_for(service, "alice")
    clients.append(client)
    window = make_window(service)
    window.resize(1200, 800)
    window.show()
    with qtbot.waitSignal(window.controller.synced, timeout=60000):
        window.controller.set_session(session, client_wrapper(client) if client_wrapper else client)
    return window


def select_rows(section, first: int, last: int) -> None:
    proxy = section.chain.view_model
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    section.view.selectionModel().select(QItemSelection(proxy.index(first, 0), proxy.index(last, 0)), flags)


def test_a_failure_in_the_middle_keeps_what_was_not_revoked(
    qtbot, service, make_window, shown, monkeypatch, clients
):
    wrappers = []

    def failing(client):
        wrappers.append(FailingClient(client, fail_call=3))
        return wrappers[0]

    window = big_window(qtbot, service, make_window, clients, failing, kinds=("api",))
    section = window.section(TokenKind.API)
    assert section.model.token_count() == TOKENS
    select_rows(section, 0, 4999)
    chosen = section.selected_tokens().ids
    confirmed = []
    monkeypatch.setattr(
        revoke_dialog, "confirm_revoke", lambda parent, tokens: confirmed.append(tokens) or True
    )
    progress = []
    window.controller.revoke_started.connect(
        lambda job: job.progressed.connect(lambda done, total: progress.append((done, total)))
    )
    section.view.setFocus()
    with qtbot.waitSignal(window.controller.revoked, timeout=60000) as revoked:
        qtbot.keyClick(section.view, Qt.Key.Key_Delete)
    assert len(confirmed[0]) == 5000
    assert wrappers[0].revoke_calls == [CHUNK] * 3
    assert progress == [(1000, 5000), (2000, 5000)]
    assert revoked.args[0] == chosen[:2000]
    assert shown == [
        "The token service stopped answering: 2,000 of 5,000 tokens were revoked; "
        "the other 3,000 were not and still work. Try again when it is back."
    ]
    left = set(section.chain.visible_ids())
    assert len(left) == TOKENS - 2000 and set(chosen[2000:]) <= left and not set(chosen[:2000]) & left
    live = live_ids(service)
    assert set(chosen[2000:]) <= live and not set(chosen[:2000]) & live
    assert not window.findChildren(RevokeProgress) or not window.findChildren(RevokeProgress)[0].isVisible()


def test_cancel_stops_after_the_chunk_in_flight(qtbot, service, make_window, shown, monkeypatch, clients):
    window = big_window(qtbot, service, make_window, clients, kinds=("api",))
    section = window.section(TokenKind.API)
    select_rows(section, 0, 79_999)
    chosen = section.selected_tokens().ids
    monkeypatch.setattr(revoke_dialog, "confirm_revoke", lambda parent, tokens: True)
    dialogs = []

    def cancel_at_first_progress(job):
        dialog = window.revoke_progress
        dialogs.append(dialog)
        job.progressed.connect(lambda done, total: dialog.cancel_button.click())

    window.controller.revoke_started.connect(cancel_at_first_progress)
    messages = []
    window.controller.message.connect(lambda text, _ms: messages.append(text))
    with qtbot.waitSignal(window.controller.revoked, timeout=60000) as revoked:
        section.request_revoke()
    assert dialogs and dialogs[0].bar.maximum() == 80_000
    assert revoked.args[0] == chosen[:CHUNK]
    assert (
        "Revoke cancelled: 1,000 of 80,000 tokens were revoked; the other 79,000 were not and still work."
        in messages
    )
    assert shown == []
    assert section.model.token_count() == TOKENS - CHUNK
    live = live_ids(service)
    assert len(live) == TOKENS - CHUNK and not set(chosen[:CHUNK]) & live


@pytest.mark.parametrize("scope", ["section", "all"])
def test_deprovisioned_users_tokens_go_by_criteria_in_one_section_or_all(
    qtbot, service, make_window, monkeypatch, clients, scope
):
    # 400 owners of all kinds, 20 of them (5%) deprovisioned: 5,000 tokens
    window = big_window(qtbot, service, make_window, clients, owners=400, deprovisioned=20)
    section = window.section(TokenKind.SIEM_AGENT)
    doomed_siem = set(section.deprovisioned_tokens().ids)
    doomed_all = set().union(*(s.deprovisioned_tokens().ids for s in window.sections.values()))
    assert len(doomed_all) == 5000 and 0 < len(doomed_siem) < 5000
    assert (
        section.deprovisioned_button.text() == f"Revoke {len(doomed_siem):,} tokens of deprovisioned users…"
    )
    asked = []

    def choose(parent, here, everywhere, kind):
        asked.append((len(here), len(everywhere), dict(everywhere.counts), kind))
        return revoke_dialog.Scope.SECTION if scope == "section" else revoke_dialog.Scope.ALL

    monkeypatch.setattr(revoke_dialog, "confirm_revoke_deprovisioned", choose)
    before = live_ids(service)
    with qtbot.waitSignal(window.controller.revoked, timeout=60000):
        section.deprovisioned_button.click()
    assert asked[0][:2] == (len(doomed_siem), 5000) and asked[0][3] is TokenKind.SIEM_AGENT
    assert sum(asked[0][2].values()) == 5000 and len(asked[0][2]) == 3
    gone = doomed_siem if scope == "section" else doomed_all
    assert live_ids(service) == before - gone
    shown_ids = set().union(*(s.chain.visible_ids() for s in window.sections.values()))
    assert shown_ids == before - gone
    assert not section.deprovisioned_button.isVisible()


def test_a_revoke_that_cannot_reach_the_service_says_nothing_was_revoked(
    qtbot, service, make_window, shown, monkeypatch, clients
):
    seed_tokens(service.store, TENANT, 3, kinds=("api",))
    client, session = client_for(service, "alice")
    clients.append(client)
    window = make_window(service)
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, FailingClient(client, fail_call=1))
    section = window.section(TokenKind.API)
    select_rows(section, 0, 1)
    monkeypatch.setattr(revoke_dialog, "confirm_revoke", lambda parent, tokens: True)
    with qtbot.waitSignal(window.controller.offline, timeout=10000):
        section.request_revoke()
    assert shown == [
        "The token service did not answer, so nothing was revoked: the 2 tokens still work. "
        "Try again when it is back."
    ]
    assert len(section.chain.visible_ids()) == 3 and len(live_ids(service)) == 3
    assert window.banner.isVisibleTo(window)
