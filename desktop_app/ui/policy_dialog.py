"""Tokens → Tenant policy… (SPEC rule 15): global admins edit the tenant's token policy, everyone else
sees it read-only.

Per kind a default and a maximum lifetime ("No maximum"; "No expiry by default" only without a
maximum), the warning lead time and inactivity auto-revoke (off, or N days). Save sends the whole
document in the background; the service's refusal (its sentence) shows in the dialog, which stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.policy import MAX_DAYS, MAX_WARN_DAYS, TokenPolicy
from desktop_app.core.roles import Role
from desktop_app.core.tokens import TokenKind

from . import session_policy
from .background import BackgroundRunner
from .core_text import core_label
from .errors import InlineProblem
from .translate import translate

if TYPE_CHECKING:
    from .session_controller import SessionController


def _days_spin(accessible_name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1, MAX_DAYS)
    spin.setSuffix(translate("PolicyDialog", " days"))
    spin.setAccessibleName(accessible_name)
    return spin


class KindRow(QGroupBox):
    """One kind's default and maximum lifetime."""

    def __init__(self, kind: TokenKind, parent: QWidget | None = None) -> None:
        super().__init__(core_label(kind.label), parent)
        self.kind = kind
        self.default_days = _days_spin(self.tr("Default lifetime in days"))
        self.no_default = QCheckBox(self.tr("No expiry by default"))
        self.max_days = _days_spin(self.tr("Maximum lifetime in days"))
        self.no_max = QCheckBox(self.tr("No maximum"))
        form = QFormLayout(self)
        default_row, max_row = QHBoxLayout(), QHBoxLayout()
        default_row.addWidget(self.default_days)
        default_row.addWidget(self.no_default, 1)
        max_row.addWidget(self.max_days)
        max_row.addWidget(self.no_max, 1)
        form.addRow(self.tr("Default lifetime:"), default_row)
        form.addRow(self.tr("Maximum lifetime:"), max_row)
        self.no_max.toggled.connect(self._follow)
        self.no_default.toggled.connect(self._follow)
        self._editable = True

    def show_rule(self, default: int | None, maximum: int | None) -> None:
        self.no_max.setChecked(maximum is None)
        self.no_default.setChecked(default is None)
        self.max_days.setValue(maximum or 365)
        self.default_days.setValue(default or 90)
        self._follow()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._follow()

    @Slot()
    def _follow(self) -> None:
        # A default of "never" only where there is no maximum (core.policy's rule).
        if not self.no_max.isChecked() and self.no_default.isChecked():
            self.no_default.setChecked(False)
        editable = self._editable
        self.no_max.setEnabled(editable)
        self.max_days.setEnabled(editable and not self.no_max.isChecked())
        self.no_default.setEnabled(editable and self.no_max.isChecked())
        self.default_days.setEnabled(editable and not self.no_default.isChecked())

    def document(self) -> dict[str, int | None]:
        return {
            "default_lifetime_days": None if self.no_default.isChecked() else self.default_days.value(),
            "max_lifetime_days": None if self.no_max.isChecked() else self.max_days.value(),
        }


class PolicyDialog(QDialog):
    """`save(doc) -> TokenPolicy` (blocking; run in `runner`) or None: read-only. `saved(TokenPolicy)`
    fires once the service has taken the change."""

    saved = Signal(object)

    def __init__(
        self,
        policy: TokenPolicy,
        runner: BackgroundRunner,
        save: Callable[[dict[str, Any]], TokenPolicy] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._save = save
        self.editable = save is not None
        self.setWindowTitle(self.tr("Tenant policy"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("A change applies to tokens generated from now on; existing tokens keep their expiry.")
            if self.editable
            else self.tr("Only a global admin can change the tenant policy.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.kinds = {kind: KindRow(kind) for kind in TokenKind}
        for row in self.kinds.values():
            layout.addWidget(row)
        self.warn_days = QSpinBox()
        self.warn_days.setRange(0, MAX_WARN_DAYS)
        self.warn_days.setAccessibleName(self.tr("Warning lead time in days"))
        self.inactive_on = QCheckBox(self.tr("Revoke tokens unused for"))
        self.inactive_days = _days_spin(self.tr("Days without use before a token is revoked"))
        inactive_row = QHBoxLayout()
        inactive_row.addWidget(self.inactive_on)
        inactive_row.addWidget(self.inactive_days, 1)
        form = QFormLayout()
        form.addRow(self.tr("Warn of expiry this many days ahead:"), self.warn_days)
        form.addRow(self.tr("Inactivity auto-revoke:"), inactive_row)
        layout.addLayout(form)
        self.problem = InlineProblem(self.tr("Why the policy was not saved"))
        layout.addWidget(self.problem)
        if self.editable:
            buttons = QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        else:
            buttons = QDialogButtonBox.StandardButton.Close
        self.buttons = QDialogButtonBox(buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.inactive_on.toggled.connect(self._follow)
        self.show_policy(policy)

    def show_policy(self, policy: TokenPolicy) -> None:
        for kind, row in self.kinds.items():
            rule = policy.for_kind(kind)
            row.show_rule(rule.default_lifetime_days, rule.max_lifetime_days)
            row.set_editable(self.editable)
        self.warn_days.setValue(policy.warn_days)
        self.inactive_on.setChecked(policy.inactive_revoke_days is not None)
        self.inactive_days.setValue(policy.inactive_revoke_days or 90)
        self.warn_days.setEnabled(self.editable)
        self.inactive_on.setEnabled(self.editable)
        self._follow()

    @Slot()
    def _follow(self) -> None:
        self.inactive_days.setEnabled(self.editable and self.inactive_on.isChecked())

    def document(self) -> dict[str, Any]:
        """The policy as the dialog shows it, in the service's document form."""
        return {
            "kinds": {kind.value: row.document() for kind, row in self.kinds.items()},
            "warn_days": self.warn_days.value(),
            "inactive_revoke_days": self.inactive_days.value() if self.inactive_on.isChecked() else None,
        }

    @Slot()
    def save(self) -> None:
        save = self._save
        if save is None:
            return
        doc = self.document()
        self.problem.set_text(None)
        self.buttons.setEnabled(False)
        self._runner.run(lambda: save(doc), self._saved, self._failed)

    def _saved(self, policy: TokenPolicy) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(policy)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.problem.set_text(str(error) or type(error).__name__)


def open_policy_dialog(parent: QWidget, controller: SessionController) -> PolicyDialog | None:
    """The dialog for the signed-in user (editable for global admins); None before the policy is known
    (then it is read again and the status bar says so)."""
    policy = controller.policy
    if controller.session is None or policy is None:
        controller.message.emit(
            translate("PolicyDialog", "The tenant policy is not known yet; try again once signed in."), 8000
        )
        session_policy.fetch(controller)
        return None
    save = session_policy.save_call(controller) if controller.role is Role.GLOBAL_ADMIN else None
    dialog = PolicyDialog(policy, controller.runner, save, parent)
    dialog.saved.connect(controller.set_policy)
    dialog.open()
    return dialog


__all__ = ["PolicyDialog", "open_policy_dialog"]
