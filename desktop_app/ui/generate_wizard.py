"""The generate wizard (Ctrl+N): name → privileges → review → the call in the background → the secret,
shown once and handed over through the secret clipboard. The step decisions live in
`core.generate_flow`; these pages render them and collect input."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QAction, QContextMenuEvent, QFont, QFontDatabase, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
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

from .api_example import ApiExample
from .background import BackgroundRunner
from .core_text import core_label, core_message
from .errors import ErrorChannel, InlineProblem
from .lifetime_page import LifetimePage
from .review_page import ReviewPage
from .secret_clipboard import SecretClipboard
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


class SecretField(QLineEdit):
    """Read-only, monospace, selectable; Copy (keyboard or menu) goes through the secret clipboard, so
    the secret never reaches the clipboard without the hints and the countdown."""

    copy_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.setAccessibleName("Secret")
        self.setDragEnabled(False)
        width = self.fontMetrics().horizontalAdvance("M" * 48)
        self.setMinimumWidth(width + 16)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) or event.matches(QKeySequence.StandardKey.Cut):
            self.copy_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        copy = QAction(self.tr("&Copy secret"), menu)
        copy.triggered.connect(self.copy_requested)
        select_all = QAction(self.tr("Select &all"), menu)
        select_all.triggered.connect(self.selectAll)
        menu.addAction(copy)
        menu.addAction(select_all)
        menu.exec(event.globalPos())
        menu.deleteLater()


class SecretPage(QWizardPage):
    def __init__(self, wizard: GenerateWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Copy the secret now"))
        self.setSubTitle(
            self.tr(
                "This is the only time it is shown: the service keeps only a digest of it. "
                "If it is lost, generate a new token."
            )
        )
        self.secret_field = SecretField()
        self.copy_button = QPushButton(self.tr("&Copy secret"))
        self.copy_button.setAccessibleName(self.tr("Copy secret"))
        self.copy_button.setAutoDefault(True)
        self.countdown = QLabel(self.tr("Not copied yet: press Copy secret."))
        self.countdown.setAccessibleName(self.tr("Clipboard status"))
        self.countdown.setWordWrap(True)
        self.url_field = QLineEdit()
        self.url_field.setReadOnly(True)
        self.url_field.setAccessibleName(self.tr("Tenant API URL"))
        secret_label = QLabel(self.tr("&Secret:"))
        secret_label.setBuddy(self.secret_field)
        url_label = QLabel(self.tr("Tenant API &URL:"))
        url_label.setBuddy(self.url_field)
        row = QHBoxLayout()
        row.addWidget(self.secret_field, 1)
        row.addWidget(self.copy_button)
        usage = QLabel(
            self.tr(
                "Scripts call the tenant API URL with the header "
                "<code>Authorization:&nbsp;Token&nbsp;&lt;secret&gt;</code>.<br>"
                "Paste the secret where it is needed <b>before</b> you close this wizard: "
                "closing clears the clipboard."
            )
        )
        usage.setTextFormat(Qt.TextFormat.RichText)
        usage.setWordWrap(True)
        usage.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(secret_label, row)
        form.addRow("", self.countdown)
        form.addRow(url_label, self.url_field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(usage)
        self.api_example = ApiExample(copy_buttons=False)
        layout.addWidget(self.api_example)
        layout.addStretch(1)
        self.copy_button.clicked.connect(wizard.copy_secret)
        self.secret_field.copy_requested.connect(wizard.copy_secret)

    def initializePage(self) -> None:
        handoff = self._wizard.flow.handoff
        assert handoff is not None and handoff.secret is not None
        self.secret_field.setText(handoff.secret)
        self._wizard.track_secret_on_screen()
        self.secret_field.setCursorPosition(0)
        self.url_field.setText(handoff.tenant_api_url)
        self.url_field.setCursorPosition(0)
        self.api_example.set_tenant_api_url(handoff.tenant_api_url)

    def forget(self) -> None:
        self.secret_field.deselect()
        self.secret_field.clear()

    @Slot(int)
    def show_countdown(self, seconds_left: int) -> None:
        if seconds_left > 0:
            self.countdown.setText(
                self.tr(
                    "Copied. The clipboard will be cleared in {seconds} s, or when you close this wizard."
                ).format(seconds=seconds_left)
            )

    @Slot()
    def show_cleared(self) -> None:
        self.countdown.setText(self.tr("The clipboard was cleared. Copy again if you still need the secret."))

    @Slot()
    def show_superseded(self) -> None:
        self.countdown.setText(
            self.tr("The clipboard now holds something else; the secret is no longer on it.")
        )


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
        self.copied = False
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
        self.secret_page = SecretPage(self)
        for page in (self.name_page, self.privileges_page, self.lifetime_page, self.review_page):
            if page is not None:
                self.addPage(page)
        self.addPage(self.secret_page)
        self.currentIdChanged.connect(self._page_shown)
        clipboard.countdown_changed.connect(self.secret_page.show_countdown)
        clipboard.cleared.connect(self.secret_page.show_cleared)
        clipboard.superseded.connect(self.secret_page.show_superseded)
        self._listening = True

    @Slot(int)
    def _page_shown(self, _page_id: int) -> None:
        # QWizard focuses the page's first field after initializePage(); on the last page Enter should
        # copy the secret, not close the wizard.
        if self.currentPage() is self.secret_page:
            self.secret_page.copy_button.setFocus()

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

    # -- the secret ------------------------------------------------------------------------
    @Slot()
    def copy_secret(self) -> None:
        handoff = self.flow.handoff
        if handoff is None or handoff.secret is None:
            return
        self._clipboard.copy(handoff.secret)
        self.copied = True

    def track_secret_on_screen(self) -> None:
        # Selecting the secret with the mouse puts it in the X11 primary selection; closing clears that too.
        handoff = self.flow.handoff
        if handoff is not None and handoff.secret is not None:
            self._clipboard.track(handoff.secret)

    @classmethod
    def confirm_close_without_copy(cls, parent: QWidget | None) -> bool:
        """Ask before the secret is lost for good; tests monkeypatch this."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("GenerateWizard", "Close without copying?"))
        box.setText(
            QCoreApplication.translate(
                "GenerateWizard", "You have not copied the secret. It cannot be shown again."
            )
        )
        box.setInformativeText(
            QCoreApplication.translate(
                "GenerateWizard",
                "Without it the token is of no use: you would have to revoke it and generate a new one.",
            )
        )
        close = box.addButton(
            QCoreApplication.translate("GenerateWizard", "Close &anyway"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        back = box.addButton(
            QCoreApplication.translate("GenerateWizard", "&Go back and copy"),
            QMessageBox.ButtonRole.RejectRole,
        )
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is close

    def done(self, result: int) -> None:
        if self.flow.generating:
            return  # the call is in flight; its answer must reach this wizard
        if self.flow.handoff is not None and not self.copied and not self.confirm_close_without_copy(self):
            return
        self._forget_secret()
        super().done(result)

    def _forget_secret(self) -> None:
        # Track again: after a countdown the digest is gone, yet the user may have selected the secret
        # with the mouse since (X11 primary selection); clear_if_ours() below clears that too.
        self.track_secret_on_screen()
        self.secret_page.forget()
        self.flow.forget_secret()
        self._clipboard.clear_if_ours()
        if self._listening:  # the clipboard outlives this wizard: stop it calling into a closed page
            self._listening = False
            self._clipboard.countdown_changed.disconnect(self.secret_page.show_countdown)
            self._clipboard.cleared.disconnect(self.secret_page.show_cleared)
            self._clipboard.superseded.disconnect(self.secret_page.show_superseded)
