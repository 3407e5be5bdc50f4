"""Revoke confirmations: they name the tokens and owners over a model (instant at 80,000), count with
thousands separators, default to Cancel, offer both scopes for deprovisioned users, and go through a
monkeypatchable ask()."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QTableView, QTreeWidget

from desktop_app.core.tokens import TokenKind
from desktop_app.ui.revoke_dialog import (
    RevokeConfirmation,
    Scope,
    confirm_revoke,
    confirm_revoke_deprovisioned,
)
from desktop_app.ui.revoke_list import RevokeList

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def listed(names, owners, kind=TokenKind.API) -> RevokeList:
    return RevokeList([f"id-{n}" for n in names], list(names), list(owners), {kind: len(names)})


@pytest.fixture
def asked(monkeypatch):
    calls = []
    answer = [True]

    def fake_ask(cls, parent, title, question, consequence, tokens, choices):
        calls.append(
            {
                "title": title,
                "question": question,
                "consequence": consequence,
                "tokens": tokens,
                "choices": choices,
            }
        )
        return answer[0]

    monkeypatch.setattr(RevokeConfirmation, "ask", classmethod(fake_ask))
    return calls, answer


def test_one_token_is_named_with_its_owner(asked):
    calls, answer = asked
    assert confirm_revoke(None, listed(["nightly export"], ["bob"])) is True
    assert calls[0]["question"] == "Revoke the token “nightly export” of bob?"
    assert "cannot be undone" in calls[0]["consequence"]
    assert calls[0]["choices"] == [(True, "&Revoke token")]
    answer[0] = None
    assert confirm_revoke(None, listed(["nightly export"], ["bob"])) is False


def test_several_tokens_are_counted_with_thousands_separators(asked):
    calls, _ = asked
    names = [f"t{i}" for i in range(12_345)]
    confirm_revoke(None, listed(names, ["bob"] * len(names), TokenKind.SIEM_AGENT))
    assert calls[0]["question"] == "Revoke these 12,345 SIEM agent tokens?"
    assert calls[0]["choices"] == [(True, "&Revoke 12,345 tokens")]
    assert calls[0]["tokens"].names[:2] == ["t0", "t1"]


def test_nothing_to_revoke_asks_nothing(asked):
    empty = RevokeList([], [], [])
    assert confirm_revoke(None, empty) is False
    assert confirm_revoke_deprovisioned(None, empty, empty, TokenKind.API) is None
    assert asked[0] == []


def test_deprovisioned_names_both_scopes_with_counts_per_kind(asked):
    calls, answer = asked
    here = listed(["ci deploy", "backup"], ["bob", "bob"])
    siem = listed([f"agent {i}" for i in range(1500)], ["carol"] * 1500, TokenKind.SIEM_AGENT)
    everywhere = RevokeList.joined([here, siem])
    answer[0] = Scope.ALL
    assert confirm_revoke_deprovisioned(None, here, everywhere, TokenKind.API) is Scope.ALL
    call = calls[0]
    assert call["question"] == "Revoke the tokens of 2 deprovisioned users?"
    assert "In API tokens: 2 API tokens." in call["consequence"]
    assert "In all sections: 1,502 tokens (2 API tokens, 1,500 SIEM agent tokens)." in call["consequence"]
    assert call["choices"] == [
        (Scope.SECTION, "&Revoke 2 in API tokens"),
        (Scope.ALL, "Revoke 1,502 in &all sections"),
    ]
    assert call["tokens"].owners[-1] == "carol"
    # all of them in this section: one choice, one user named
    confirm_revoke_deprovisioned(None, here, here, TokenKind.API)
    assert calls[1]["question"] == "Revoke the tokens of the deprovisioned user bob?"
    assert [key for key, _ in calls[1]["choices"]] == [Scope.SECTION]


def test_dialog_lists_names_and_owners_in_a_view_and_defaults_to_cancel(qtbot):
    dialog = RevokeConfirmation(
        None,
        "Revoke tokens",
        "Revoke these 2 tokens?",
        "cannot be undone",
        listed(["a", "b"], ["bob", "carol"]),
        [(True, "&Revoke 2 tokens")],
    )
    qtbot.addWidget(dialog)
    assert isinstance(dialog.items, QTableView) and not dialog.findChildren(QTreeWidget)
    model = dialog.items.model()
    assert model.rowCount() == 2 and model.headerData(1, Qt.Orientation.Horizontal) == "Owner"
    assert model.data(model.index(1, 0)) == "b" and model.data(model.index(1, 1)) == "carol"
    assert dialog.cancel_button.isDefault()
    assert not dialog.revoke_button.isDefault()
    assert dialog.revoke_button.text() == "&Revoke 2 tokens"
    assert dialog.revoke_button.accessibleName() == "Revoke 2 tokens"
    with qtbot.waitSignal(dialog.accepted):
        dialog.revoke_button.click()
    assert dialog.choice is True


def test_confirmation_of_100000_tokens_opens_at_once(qtbot):
    count = 100_000
    tokens = listed([f"splunk forwarder {i}" for i in range(count)], [f"user{i % 400}" for i in range(count)])
    started = time.perf_counter()
    dialog = RevokeConfirmation(
        None,
        "Revoke tokens",
        "Revoke these 100,000 tokens?",
        "cannot be undone",
        tokens,
        [(True, "&Revoke 100,000 tokens")],
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.repaint()
    elapsed = time.perf_counter() - started
    assert dialog.items.model().rowCount() == count
    # Built and painted without a widget or a measurement per row (a tree of items took seconds).
    assert elapsed < 1.0, elapsed
    last = dialog.items.model().index(count - 1, 1)
    assert dialog.items.model().data(last) == "user399"


@pytest.mark.parametrize(("button", "expected"), [("revoke_button", True), ("cancel_button", False)])
def test_ask_runs_the_modal_dialog(qtbot, button, expected):
    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RevokeConfirmation)
        getattr(dialog, button).click()

    QTimer.singleShot(0, answer)
    assert confirm_revoke(None, listed(["nightly export"], ["bob"])) is expected


def test_ask_returns_the_chosen_scope(qtbot):
    here = listed(["a"], ["bob"])
    everywhere = RevokeList.joined([here, listed(["b"], ["bob"], TokenKind.LOG_COLLECTOR)])

    def answer():
        dialog = QApplication.activeModalWidget()
        dialog.choice_buttons[Scope.ALL].click()

    QTimer.singleShot(0, answer)
    assert confirm_revoke_deprovisioned(None, here, everywhere, TokenKind.API) is Scope.ALL
