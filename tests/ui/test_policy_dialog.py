"""Tokens → Tenant policy…: global admins edit the policy (saved through the real service), others see
it read-only; the service's refusal shows in the dialog; the controller keeps the policy it read."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from desktop_app.core.policy import DEFAULT_POLICY
from desktop_app.core.roles import Role
from desktop_app.core.tokens import TokenKind
from desktop_app.ui.background import BackgroundRunner
from desktop_app.ui.policy_dialog import PolicyDialog

from .conftest import client_for

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def signed_in(qtbot, service, make_window):
    """window(role): a window signed in as alice with `role`, once the tenant policy is read."""
    clients = []

    def window(role):
        client, session = client_for(service, "alice", role)
        clients.append(client)
        built = make_window(service)
        with qtbot.waitSignal(built.controller.policy_changed, timeout=10000):
            built.controller.set_session(session, client)
        return built

    yield window
    for client in clients:
        client.close()


def test_the_controller_reads_the_policy_after_sign_in(qtbot, service, signed_in):
    window = signed_in(Role.SECURITY_READER)
    assert window.controller.policy == DEFAULT_POLICY


def test_a_global_admin_edits_and_the_service_keeps_it(qtbot, service, signed_in):
    window = signed_in(Role.GLOBAL_ADMIN)
    dialog = window.open_policy_dialog()
    assert isinstance(dialog, PolicyDialog) and dialog.editable
    api = dialog.kinds[TokenKind.API]
    assert api.max_days.value() == 365 and not api.no_max.isChecked() and not api.no_default.isEnabled()
    api.default_days.setValue(30)
    api.max_days.setValue(90)
    dialog.warn_days.setValue(14)
    dialog.inactive_on.setChecked(True)
    dialog.inactive_days.setValue(60)
    with qtbot.waitSignal(window.controller.policy_changed, timeout=10000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    policy = window.controller.policy
    assert policy.for_kind(TokenKind.API).max_lifetime_days == 90 and policy.warn_days == 14
    assert policy.inactive_revoke_days == 60
    tenant_id = service.store.require_tenant_id("acme")
    service.store.policies.forget()
    stored = service.store.policies.get(tenant_id)
    assert stored.for_kind(TokenKind.API).default_lifetime_days == 30 and stored.inactive_revoke_days == 60
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # the warning lead time marks the tables' Expires column and their expiring-soon count
    assert {section.model.warn_days() for section in window.sections.values()} == {14}
    assert {section.chain.attention.warn_days() for section in window.sections.values()} == {14}


def test_no_expiry_by_default_only_without_a_maximum(qtbot):
    dialog = PolicyDialog(DEFAULT_POLICY, BackgroundRunner(), lambda doc: DEFAULT_POLICY)
    qtbot.addWidget(dialog)
    agents = dialog.kinds[TokenKind.SIEM_AGENT]
    assert agents.no_max.isChecked() and agents.no_default.isChecked() and agents.no_default.isEnabled()
    agents.no_max.setChecked(False)
    assert not agents.no_default.isChecked() and not agents.no_default.isEnabled()
    assert dialog.document()["kinds"]["siem_agent"] == {"default_lifetime_days": 90, "max_lifetime_days": 365}
    dialog.inactive_on.setChecked(False)
    assert dialog.document()["inactive_revoke_days"] is None


def test_the_services_refusal_shows_in_the_dialog_which_stays_open(qtbot, service, signed_in):
    window = signed_in(Role.GLOBAL_ADMIN)
    dialog = window.open_policy_dialog()
    api = dialog.kinds[TokenKind.API]
    api.max_days.setValue(10)
    api.default_days.setValue(20)  # longer than the maximum: the service says so
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not dialog.problem.isHidden(), timeout=10000)
    assert "longer than the maximum" in dialog.problem.text()
    assert dialog.isVisible() and window.controller.policy == DEFAULT_POLICY


@pytest.mark.parametrize("role", [Role.SECURITY_ADMIN, Role.SECURITY_OPERATOR, Role.SECURITY_READER])
def test_others_see_it_read_only(qtbot, service, signed_in, role):
    window = signed_in(role)
    dialog = window.open_policy_dialog()
    assert isinstance(dialog, PolicyDialog) and not dialog.editable
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save) is None
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Close) is not None
    for row in dialog.kinds.values():
        assert not any(w.isEnabled() for w in (row.default_days, row.max_days, row.no_max, row.no_default))
    assert not dialog.warn_days.isEnabled() and not dialog.inactive_on.isEnabled()
    assert dialog.kinds[TokenKind.API].max_days.value() == 365


def test_the_tokens_menu_opens_it(qtbot, service, signed_in):
    window = signed_in(Role.GLOBAL_ADMIN)
    window.policy_action.trigger()
    dialogs = window.findChildren(PolicyDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
