"""The generate wizard (Ctrl+N): name → privileges → review → the call in the background → the secret,
shown once and handed over through the secret clipboard. The step decisions live in
`core.generate_flow`; these pages render them and collect input."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStyle,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.core.generate_flow import GeneratedResult, GenerateFlow
from desktop_app.core.policy import TokenPolicy
from desktop_app.core.roles import Privileges, Role
from desktop_app.core.tokens import TokenInfo, TokenKind

from .background import BackgroundRunner
from .core_text import core_label, core_message
from .errors import ErrorChannel, InlineProblem
from .lifetime_page import LifetimePage
from .review_page import ReviewPage
from .secret_clipboard import SecretClipboard
from .secret_handoff import SecretHandOffPage
from .secret_handoff import confirm_close_without_copy as _confirm_close_without_copy
from .translate import QT_TRANSLATE_NOOP


def _selectable(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class NamePage(QWizardPage):
    def __init__(self, flow: GenerateFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flow = flow
        self._ok = False
        self.setTitle(self.tr("Name the token"))
        self.setSubTitle(
            self.tr(
                "Say where it will be used, for example “nightly export”. "
                "1 to 64 characters, different from the names of your live tokens."
            )
        )
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(self.tr("Token name"))
        self.name_edit.setMaxLength(256)  # long enough to say "too long" instead of truncating a paste
        self.problem = InlineProblem(self.tr("Problem with the name"))
        label = QLabel(self.tr("Na&me:"))  # Alt+N is the wizard's Next
        label.setBuddy(self.name_edit)
        form = QFormLayout(self)
        form.addRow(label, self.name_edit)
        form.addRow("", self.problem)
        self.name_edit.textChanged.connect(self._edited)

    def initializePage(self) -> None:
        self._flow.refresh_live_names()
        self._ok = self._flow.check_name(self.name_edit.text()).ok
        self.name_edit.setFocus()

    @Slot(str)
    def _edited(self, text: str) -> None:
        check = self._flow.check_name(text)
        self.problem.set_text(core_message(check.problem))
        self.name_edit.setAccessibleDescription(core_message(check.problem) or "")
        if check.ok != self._ok:
            self._ok = check.ok
            self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._ok

    def validatePage(self) -> bool:
        check = self._flow.set_name(
            self.name_edit.text()
        )  # fresh live names: another window may have used it
        self.problem.set_text(core_message(check.problem))
        if not check.ok:
            self._ok = False
            self.completeChanged.emit()
        return check.ok


class PrivilegesPage(QWizardPage):
    _MNEMONIC_LABELS = {
        Privileges.READ: QT_TRANSLATE_NOOP("PrivilegesPage", "&Read"),
        Privileges.READ_WRITE: QT_TRANSLATE_NOOP("PrivilegesPage", "Read + &write"),
    }  # self.tr at use

    def __init__(self, flow: GenerateFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flow = flow
        self.setTitle(self.tr("Choose its privileges"))
        self.setSubTitle(
            self.tr("A token can do what you can do, or less. Give it only what the script needs.")
        )
        self.group = QButtonGroup(self)
        self.buttons: dict[Privileges, QRadioButton] = {}
        layout = QVBoxLayout(self)
        for choice in flow.offered_privileges:
            button = QRadioButton(self.tr(self._MNEMONIC_LABELS[choice.privileges]))
            button.setAccessibleName(core_label(choice.label))
            button.setAccessibleDescription(core_label(choice.description))
            self.group.addButton(button)
            self.buttons[choice.privileges] = button
            layout.addWidget(button)
            description = _selectable(core_label(choice.description))
            indicator = button.style().pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth)
            description.setIndent(indicator + 8)
            layout.addWidget(description)
        note = flow.privileges_note
        self.note = _selectable(
            self.tr("Read + write is not offered. {note}").format(note=note) if note else ""
        )
        self.note.setAccessibleName(self.tr("Why read + write is not offered"))
        self.note.setVisible(flow.privileges_note is not None)
        layout.addSpacing(8)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def initializePage(self) -> None:
        button = self.buttons[self._flow.privileges]
        button.setChecked(True)
        button.setFocus()

    def selected(self) -> Privileges:
        for privileges, button in self.buttons.items():
            if button.isChecked():
                return privileges
        return self._flow.privileges

    def validatePage(self) -> bool:
        self._flow.choose_privileges(self.selected())
        return True


class GenerateWizard(QWizard):
    """Generate one token of `kind`. `token_generated(TokenInfo)` fires when the service has made it
    (never with the secret). Closing clears the clipboard if it still holds the secret; closing before
    copying asks first. After closing, nothing here holds the secret."""

    token_generated = Signal(TokenInfo)

    def __init__(
        self,
        runner: BackgroundRunner,
        generate: Callable[..., GeneratedResult],
        role: Role,
        live_names: Callable[[], Iterable[str]],
        kind: TokenKind,
        clipboard: SecretClipboard,
        error_channel: ErrorChannel,
        parent: QWidget | None = None,
        policy: TokenPolicy | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """`generate(name, privileges, **options)`: options (lifetime, description) only with a
        `policy`, whose lifetimes a page then offers; without one the service's default applies.
        `clock`: aware UTC now, for the date picker's bounds."""
        super().__init__(parent)
        self.flow = GenerateFlow(role, live_names, kind)
        self._runner = runner
        self._generate = generate
        self._clipboard = clipboard
        self._error_channel = error_channel
        self.setWindowTitle(
            self.tr("Generate {token}").format(token=core_label(TokenKind(kind).noun_with_article))
        )
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Generate"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Done"))
        self.name_page = NamePage(self.flow)
        self.privileges_page = PrivilegesPage(self.flow)
        self.lifetime_page = LifetimePage(policy, kind, clock) if policy is not None else None
        self.review_page = ReviewPage(self)
        self.secret_page = SecretHandOffPage(
            clipboard,
            lambda: self.flow.handoff,
            self.tr("Copy the secret now"),
            self.tr(
                "This is the only time it is shown: the service keeps only a digest of it. "
                "If it is lost, generate a new token."
            ),
        )
        for page in (self.name_page, self.privileges_page, self.lifetime_page, self.review_page):
            if page is not None:
                self.addPage(page)
        self.addPage(self.secret_page)
        self.currentIdChanged.connect(self._page_shown)

    @Slot(int)
    def _page_shown(self, _page_id: int) -> None:
        if self.currentPage() is self.secret_page:
            self.secret_page.focus_copy()

    @property
    def copied(self) -> bool:
        """The secret went to the clipboard (closing then asks nothing)."""
        return self.secret_page.copied

    # -- the generate call -----------------------------------------------------------------
    def _start_generate(self) -> None:
        name, privileges = self.flow.begin_generate()
        options = self.lifetime_page.request() if self.lifetime_page is not None else {}
        generate = self._generate  # the closure holds no secret: only what the token is to be
        call = lambda: generate(name, privileges, **options)  # noqa: E731
        self._runner.run(call, self._generated, self._generate_failed)
        self.review_page.set_busy(True)

    def _generated(self, result: Any) -> None:
        token = self.flow.generate_succeeded(result)
        del result  # the secret now lives only in flow.handoff
        self.review_page.set_busy(False)
        self.token_generated.emit(token)
        if self.isVisible():
            self.next()
        else:  # closed by its owner meanwhile (sign-out): drop the secret at once
            self._forget_secret()

    def _generate_failed(self, error: BaseException) -> None:
        failure = self.flow.generate_failed(error)
        self.review_page.set_busy(False)
        self.review_page.show_problem(failure.message)
        if failure.unexpected:
            self._error_channel.report(error)

    # -- the secret (the hand-over page shows and copies it; the flow holds it) -----------------
    @Slot()
    def copy_secret(self) -> None:
        self.secret_page.copy_secret()

    @classmethod
    def confirm_close_without_copy(cls, parent: QWidget | None) -> bool:
        """Ask before the secret is lost for good; tests monkeypatch this."""
        return _confirm_close_without_copy(
            parent,
            QCoreApplication.translate(
                "GenerateWizard",
                "Without it the token is of no use: you would have to revoke it and generate a new one.",
            ),
        )

    def done(self, result: int) -> None:
        if self.flow.generating:
            return  # the call is in flight; its answer must reach this wizard
        if self.flow.handoff is not None and not self.copied and not self.confirm_close_without_copy(self):
            return
        self._forget_secret()
        super().done(result)

    def _forget_secret(self) -> None:
        self.secret_page.release()
        self.flow.forget_secret()
