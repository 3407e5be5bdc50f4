"""The rotate dialog (Tokens → Rotate…): the grace period → the call in the background → the new secret,
handed over exactly as the generate wizard's last page does (the same page: ui/secret_handoff.py).

The decisions live in `core.rotate_flow`; the new secret lives in its SecretHandOff until the dialog
closes, when the page clears the field and the clipboard (if it still holds it) and the flow drops it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.core.generate_flow import GeneratedResult
from desktop_app.core.rotate_flow import MAX_GRACE_HOURS, MIN_GRACE_HOURS, RotateFlow
from desktop_app.core.tokens import TokenInfo

from .background import BackgroundRunner
from .core_text import core_message
from .errors import ErrorChannel, InlineProblem
from .secret_clipboard import SecretClipboard
from .secret_handoff import SecretHandOffPage
from .secret_handoff import confirm_close_without_copy as _confirm_close_without_copy


class GracePage(QWizardPage):
    """Commit page: how long the old secret keeps working; Rotate runs the call in the background."""

    def __init__(self, dialog: RotateDialog) -> None:
        super().__init__()
        self._dialog = dialog
        self.setTitle(self.tr("Rotate “{name}”").format(name=dialog.flow.name))
        self.setSubTitle(
            self.tr(
                "A new secret replaces the current one. The token keeps its name, privileges and "
                "history; its expiry is renewed by the tenant policy."
            )
        )
        self.setCommitPage(True)
        self.hours = QSpinBox()
        self.hours.setRange(MIN_GRACE_HOURS, MAX_GRACE_HOURS)
        self.hours.setValue(dialog.flow.grace_hours)
        self.hours.setSuffix(self.tr(" h"))
        self.hours.setAccessibleName(self.tr("Grace period in hours"))
        label = QLabel(self.tr("&Grace period:"))
        label.setBuddy(self.hours)
        self.meaning = QLabel()
        self.meaning.setWordWrap(True)
        self.meaning.setAccessibleName(self.tr("What the grace period means"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator
        self.progress.setAccessibleName(self.tr("Rotating the token"))
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.status = QLabel(self.tr("Rotating the token…"))
        self.status.setVisible(False)
        self.problem = InlineProblem(self.tr("Why the token was not rotated"))
        form = QFormLayout()
        form.addRow(label, self.hours)
        form.addRow("", self.meaning)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.hours.valueChanged.connect(self._show_meaning)
        self._show_meaning(self.hours.value())

    @Slot(int)
    def _show_meaning(self, hours: int) -> None:
        if hours == 0:
            text = self.tr(
                "The old secret stops working at once: scripts that still use it fail until they have "
                "the new one."
            )
        else:
            text = self.tr(
                "Both secrets work for {hours} h, time to put the new one everywhere the old one is "
                "used; then the old one stops. “End grace now” stops it earlier."
            ).format(hours=hours)
        self.meaning.setText(text)

    def initializePage(self) -> None:
        self.hours.setFocus()

    def isComplete(self) -> bool:
        return not self._dialog.flow.rotating

    def validatePage(self) -> bool:
        flow = self._dialog.flow
        if flow.handoff is not None:
            return True
        if not flow.rotating:
            flow.set_grace_hours(self.hours.value())
            self._dialog._start_rotate()
        return False

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.status.setVisible(busy)
        self.hours.setEnabled(not busy)
        if busy:
            self.problem.set_text(None)
        self.completeChanged.emit()  # → the Rotate button follows isComplete()
        self._dialog.button(QWizard.WizardButton.CancelButton).setEnabled(not busy)

    def show_problem(self, message: str | None) -> None:
        self.problem.set_text(message or None)


class RotateDialog(QWizard):
    """Rotate the token `token_id`. `token_rotated(TokenInfo)` fires when the service has rotated it
    (never with the secret). Closing clears the clipboard if it still holds the new secret; closing
    before copying asks first. After closing, nothing here holds the secret."""

    token_rotated = Signal(TokenInfo)

    def __init__(
        self,
        runner: BackgroundRunner,
        rotate: Callable[[str, int], GeneratedResult],
        token_id: str,
        name: str,
        clipboard: SecretClipboard,
        error_channel: ErrorChannel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.flow = RotateFlow(token_id, name)
        self._runner = runner
        self._rotate = rotate
        self._error_channel = error_channel
        self.setWindowTitle(self.tr("Rotate “{name}”").format(name=name))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Rotate"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Done"))
        self.grace_page = GracePage(self)
        self.secret_page = SecretHandOffPage(
            clipboard,
            lambda: self.flow.handoff,
            self.tr("Copy the new secret now"),
            self.tr("This is the only time it is shown: the service keeps only a digest of it."),
        )
        self.addPage(self.grace_page)
        self.addPage(self.secret_page)
        self.currentIdChanged.connect(self._page_shown)

    @Slot(int)
    def _page_shown(self, _page_id: int) -> None:
        if self.currentPage() is self.secret_page:
            self.secret_page.focus_copy()

    @property
    def copied(self) -> bool:
        return self.secret_page.copied

    # -- the rotate call -------------------------------------------------------------------
    def _start_rotate(self) -> None:
        token_id, hours = self.flow.begin_rotate()
        rotate = self._rotate  # the closure holds no secret: only the id and the hours
        self._runner.run(lambda: rotate(token_id, hours), self._rotated, self._rotate_failed)
        self.grace_page.set_busy(True)

    def _rotated(self, result: Any) -> None:
        token = self.flow.rotate_succeeded(result)
        del result  # the secret now lives only in flow.handoff
        self.grace_page.set_busy(False)
        self.secret_page.setSubTitle(self._old_secret_sentence(token))
        self.token_rotated.emit(token)
        if self.isVisible():
            self.next()
        else:  # closed by its owner meanwhile (sign-out): drop the secret at once
            self._forget_secret()

    def _old_secret_sentence(self, token: TokenInfo) -> str:
        shown = self.tr("This is the only time it is shown: the service keeps only a digest of it.")
        until = token.old_secret_valid_until
        if until is None:
            return shown + " " + self.tr("The old secret has stopped working.")
        moment = f"{until.astimezone():%Y-%m-%d %H:%M}"  # as the details pane and the table's tooltips
        return shown + " " + self.tr("The old secret works until {moment}.").format(moment=moment)

    def _rotate_failed(self, error: BaseException) -> None:
        failure = self.flow.rotate_failed(error)
        self.grace_page.set_busy(False)
        self.grace_page.show_problem(core_message(failure.message))
        if failure.unexpected:
            self._error_channel.report(error)

    # -- the secret (the hand-over page shows and copies it; the flow holds it) -------------
    @Slot()
    def copy_secret(self) -> None:
        self.secret_page.copy_secret()

    @classmethod
    def confirm_close_without_copy(cls, parent: QWidget | None) -> bool:
        """Ask before the new secret is lost for good; tests monkeypatch this."""
        return _confirm_close_without_copy(
            parent,
            QCoreApplication.translate(
                "RotateDialog",
                "The token has its new secret already: without it you would have to rotate it again.",
            ),
        )

    def done(self, result: int) -> None:
        if self.flow.rotating:
            return  # the call is in flight; its answer must reach this dialog
        if self.flow.handoff is not None and not self.copied and not self.confirm_close_without_copy(self):
            return
        self._forget_secret()
        super().done(result)

    def _forget_secret(self) -> None:
        self.secret_page.release()
        self.flow.forget_secret()


__all__ = ["GracePage", "RotateDialog"]
