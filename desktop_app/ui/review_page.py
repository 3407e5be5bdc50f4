"""The generate wizard's review page: what will be generated; Generate (the commit button) runs the call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QProgressBar, QVBoxLayout, QWizard, QWizardPage

from desktop_app.core.generate_flow import KIND_NOUNS

from .core_text import core_label, core_message
from .errors import InlineProblem

if TYPE_CHECKING:
    from .generate_wizard import GenerateWizard


def _selectable(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class ReviewPage(QWizardPage):
    """Commit page: Generate runs the call in the background; on failure the error shows here and
    Back leads to the name or privileges to fix them."""

    def __init__(self, wizard: GenerateWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Review and generate"))
        self.setSubTitle(
            self.tr("The secret is shown once, on the next page. Have the place to paste it ready.")
        )
        self.setCommitPage(True)
        self.name_value = _selectable()
        self.privileges_value = _selectable()
        self.kind_value = _selectable()
        self.expires_value = _selectable()
        self.description_value = _selectable()
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name_value)
        form.addRow(self.tr("Privileges:"), self.privileges_value)
        form.addRow(self.tr("Kind:"), self.kind_value)
        if wizard.lifetime_page is not None:  # only with a tenant policy to choose within
            form.addRow(self.tr("Expires:"), self.expires_value)
            form.addRow(self.tr("Description:"), self.description_value)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator
        self.progress.setAccessibleName(self.tr("Generating the token"))
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.status = QLabel(self.tr("Generating the token…"))
        self.status.setVisible(False)
        self.problem = InlineProblem(self.tr("Why the token was not generated"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.problem)
        layout.addStretch(1)

    def initializePage(self) -> None:
        review = self._wizard.flow.review()
        self.name_value.setText(review.name)
        self.privileges_value.setText(core_label(review.privileges.label))
        self.kind_value.setText(core_label(KIND_NOUNS[review.kind]))
        lifetime = self._wizard.lifetime_page
        if lifetime is not None:
            self.expires_value.setText(lifetime.summary())
            self.description_value.setText(lifetime.description_edit.text().strip() or self.tr("(none)"))
        self.problem.set_text(core_message(self._wizard.flow.error))

    def isComplete(self) -> bool:
        return not self._wizard.flow.generating

    def validatePage(self) -> bool:
        if self._wizard.flow.handoff is not None:
            return True
        if not self._wizard.flow.generating:
            self._wizard._start_generate()
        return False

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.status.setVisible(busy)
        if busy:
            self.problem.set_text(None)
        self.completeChanged.emit()  # → the Generate button follows isComplete()
        wizard = self._wizard
        # Set after completeChanged: QWizard refreshes Back when it handles that signal.
        wizard.button(QWizard.WizardButton.BackButton).setEnabled(not busy)
        wizard.button(QWizard.WizardButton.CancelButton).setEnabled(not busy)

    def show_problem(self, message: str | None) -> None:
        if message:
            message = core_label(message) + self.tr(
                "\n\nGo Back to change the name or privileges, or Generate to try again."
            )
        self.problem.set_text(message)
