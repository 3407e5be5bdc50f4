"""Revoke confirmations: they name the tokens, default to Cancel, and go through a monkeypatchable ask()."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.ui.revoke_dialog import RevokeConfirmation, confirm_revoke, confirm_revoke_deprovisioned

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def asked(monkeypatch):
    calls = []
    answer = [True]

    def fake_ask(cls, parent, title, question, consequence, headers, rows, confirm_text):
        calls.append(dict(title=title, question=question, consequence=consequence, headers=headers,
                          rows=rows, confirm_text=confirm_text))
        return answer[0]

    monkeypatch.setattr(RevokeConfirmation, "ask", classmethod(fake_ask))
    return calls, answer


def test_one_token_is_named(asked):
    calls, answer = asked
    assert confirm_revoke(None, ["nightly export"]) is True
    assert calls[0]["question"] == "Revoke the token “nightly export”?"
    assert "cannot be undone" in calls[0]["consequence"]
    assert calls[0]["confirm_text"] == "&Revoke token"
    answer[0] = False
    assert confirm_revoke(None, ["nightly export"]) is False


def test_several_tokens_are_listed(asked):
    calls, _ = asked
    confirm_revoke(None, ["a", "b", "c"])
    assert calls[0]["question"] == "Revoke these 3 tokens?"
    assert calls[0]["rows"] == [["a"], ["b"], ["c"]]
    assert calls[0]["confirm_text"] == "&Revoke 3 tokens"


def test_nothing_to_revoke_asks_nothing(asked):
    assert confirm_revoke(None, []) is False
    assert confirm_revoke_deprovisioned(None, []) is False
    assert asked[0] == []


def test_deprovisioned_lists_token_and_owner(asked):
    calls, _ = asked
    rows = [("ci deploy", "bob"), ("backup", "bob"), ("siem", "carol")]
    assert confirm_revoke_deprovisioned(None, rows) is True
    call = calls[0]
    assert call["question"] == "Revoke these 3 tokens of 2 deprovisioned users?"
    assert call["headers"] == ["Token", "Owner"]
    assert call["rows"] == [["ci deploy", "bob"], ["backup", "bob"], ["siem", "carol"]]
    confirm_revoke_deprovisioned(None, [("ci deploy", "bob")])
    assert calls[1]["question"] == "Revoke the token of the deprovisioned user bob?"


def test_dialog_shows_the_rows_and_defaults_to_cancel(qtbot):
    dialog = RevokeConfirmation(None, "Revoke tokens", "Revoke these 2 tokens?", "cannot be undone",
                                ["Token", "Owner"], [["a", "bob"], ["b", "carol"]], "&Revoke 2 tokens")
    qtbot.addWidget(dialog)
    assert dialog.items.topLevelItemCount() == 2
    assert dialog.items.topLevelItem(1).text(1) == "carol"
    assert dialog.cancel_button.isDefault()
    assert not dialog.revoke_button.isDefault()
    assert dialog.revoke_button.text() == "&Revoke 2 tokens"
    assert dialog.revoke_button.accessibleName() == "Revoke 2 tokens"
    with qtbot.waitSignal(dialog.accepted):
        dialog.revoke_button.click()


@pytest.mark.parametrize(("button", "expected"), [("revoke_button", True), ("cancel_button", False)])
def test_ask_runs_the_modal_dialog(qtbot, button, expected):
    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RevokeConfirmation)
        getattr(dialog, button).click()

    QTimer.singleShot(0, answer)
    assert confirm_revoke(None, ["nightly export"]) is expected
