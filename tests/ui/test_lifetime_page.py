"""The generate wizard's lifetime page: presets and a date picker within the tenant policy, the maximum
explained, a description; and the created token carries the chosen expiry, through the real service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QDateTime
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard

from desktop_app.core.policy import DEFAULT_POLICY, merge_policy
from desktop_app.core.roles import Privileges, Role
from desktop_app.core.tokens import TokenKind
from desktop_app.ui.background import BackgroundRunner
from desktop_app.ui.errors import ErrorChannel
from desktop_app.ui.generate_wizard import GenerateWizard
from desktop_app.ui.lifetime_page import NEVER, LifetimePage
from desktop_app.ui.secret_clipboard import SecretClipboard

from .conftest import NOW, client_for

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
Next = QWizard.WizardButton.NextButton
Commit = QWizard.WizardButton.CommitButton


def page_for(qtbot, policy=DEFAULT_POLICY, kind=TokenKind.API) -> LifetimePage:
    page = LifetimePage(policy, kind, lambda: NOW)
    qtbot.addWidget(page)
    page.initializePage()
    return page


def test_api_tokens_get_presets_within_the_maximum_and_the_default_chosen(qtbot):
    page = page_for(qtbot)
    assert sorted(page.presets) == [7, 30, 90]  # no "No expiry": the policy has a maximum
    assert page.presets[90].isChecked() and "default" in page.presets[90].text()
    assert "at most 365 days" in page.subTitle()
    assert page.request() == {"expires_in_days": 90}
    page.presets[30].click()
    assert page.request() == {"expires_in_days": 30} and page.summary() == "In 30 days"


def test_the_date_picker_is_bounded_by_the_maximum(qtbot):
    page = page_for(qtbot)
    assert page.date_edit.calendarPopup()
    latest = page.date_edit.maximumDateTime().toSecsSinceEpoch()
    assert latest == int((NOW + timedelta(days=365)).timestamp())
    assert page.date_edit.minimumDateTime().toSecsSinceEpoch() > int(NOW.timestamp())
    page.date_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int((NOW + timedelta(days=900)).timestamp())))
    assert page.on_date.isChecked()  # touching the date chooses it
    assert page.request() == {"expires_at": NOW + timedelta(days=365)}  # clamped to the maximum
    chosen = NOW + timedelta(days=12, hours=3)
    page.date_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(chosen.timestamp())))
    assert page.request() == {"expires_at": chosen}


def test_no_expiry_is_offered_only_without_a_maximum(qtbot):
    agents = page_for(qtbot, kind=TokenKind.SIEM_AGENT)
    assert NEVER in agents.presets and agents.presets[NEVER].isChecked()
    assert "no maximum" in agents.subTitle()
    assert agents.request() == {"never_expires": True} and agents.summary() == "Never"
    api = {"default_lifetime_days": 10, "max_lifetime_days": 20}
    strict = merge_policy(DEFAULT_POLICY, {"kinds": {"api": api}})
    page = page_for(qtbot, strict)
    assert sorted(page.presets) == [7, 10]  # 30 and 90 are beyond the maximum; 10 is the default
    assert page.presets[10].isChecked() and "at most 20 days" in page.subTitle()


def test_a_description_is_optional_and_checked_as_typed(qtbot):
    page = page_for(qtbot)
    assert page.isComplete() and "description" not in page.request()
    page.description_edit.setText("x" * 501)
    assert not page.isComplete() and "at most 500" in page.problem.text()
    page.description_edit.setText("  nightly export to the SIEM ")
    assert page.isComplete() and page.request()["description"] == "nightly export to the SIEM"


def test_without_a_policy_the_wizard_has_no_lifetime_page(qtbot):
    wizard = GenerateWizard(
        BackgroundRunner(), lambda n, p: None, Role.GLOBAL_ADMIN, list, TokenKind.API,
        SecretClipboard(QGuiApplication.clipboard()), ErrorChannel(None),
    )  # fmt: skip
    qtbot.addWidget(wizard)
    assert wizard.lifetime_page is None and len(wizard.pageIds()) == 4


@pytest.mark.parametrize("choice", ["30 days", "a date", "the default"])
def test_the_created_token_carries_the_chosen_expiry_through_the_real_service(qtbot, service, shown, choice):
    client, _session = client_for(service, "alice")
    policy = merge_policy(DEFAULT_POLICY, client.get_policy())
    runner = BackgroundRunner()
    clipboard = SecretClipboard(QGuiApplication.clipboard())

    def generate(name, privileges, **options):
        return client.generate_token(name, Privileges(privileges), TokenKind.API, **options)

    wizard = GenerateWizard(
        runner, generate, Role.GLOBAL_ADMIN, list, TokenKind.API, clipboard, ErrorChannel(None),
        policy=policy, clock=service.clock,
    )  # fmt: skip
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.keyClicks(wizard.name_page.name_edit, "expiring export")
    wizard.button(Next).click()
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.lifetime_page
    page = wizard.lifetime_page
    expected = NOW + timedelta(days=90)
    if choice == "30 days":
        page.presets[30].click()
        expected = NOW + timedelta(days=30)
    elif choice == "a date":
        expected = NOW + timedelta(days=45, hours=5, minutes=30)
        page.date_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(expected.timestamp())))
    page.description_edit.setText("for the nightly export")
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.review_page
    with qtbot.waitSignal(wizard.token_generated, timeout=10000) as generated:
        wizard.button(Commit).click()
    token = generated.args[0]
    assert token.expires_at == expected and token.description == "for the nightly export"
    stored = client.get_token(token.id)
    assert stored.expires_at == expected and stored.description == "for the nightly export"
    wizard.copy_secret()  # handed over: nothing to confirm on close
    wizard.close()
    runner.wait_for_done(5000)
    client.close()
