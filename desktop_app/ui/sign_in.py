"""Sign-in dialog: the service and tenant shown, username and password asked, the call run in the
background, its errors (wrong password, unreachable, rate-limited) shown inline; the password is dropped
after each attempt."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.client.errors import RateLimited
from desktop_app.core.errors import Cancelled, UserFacingError

from .background import BackgroundRunner
from .errors import ErrorChannel, InlineProblem
from .protocols import Session

UNEXPECTED = "Signing in failed because of an unexpected error. The details were written to the log."


class SignInDialog(QDialog):
    def __init__(
        self,
        runner: BackgroundRunner,
        service_url: str,
        tenant: str,
        username: str,
        sign_in: Callable[[str, str], Session],
        error_channel: ErrorChannel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._sign_in = sign_in
        self._error_channel = error_channel
        self.session: Session | None = None
        self.busy = False
        self._wait_left = 0
        self.setWindowTitle(self.tr("Sign in to Token Desk"))

        self.service_value = QLabel(service_url)
        self.tenant_value = QLabel(tenant)
        for label, name in (
            (self.service_value, self.tr("Token service")),
            (self.tenant_value, self.tr("Tenant")),
        ):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(name)
        self.username_edit = QLineEdit(username)
        self.username_edit.setAccessibleName(self.tr("Username"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        user_label = QLabel(self.tr("&Username:"))
        user_label.setBuddy(self.username_edit)
        password_label = QLabel(self.tr("&Password:"))
        password_label.setBuddy(self.password_edit)
        form = QFormLayout()
        form.addRow("Service:", self.service_value)
        form.addRow("Tenant:", self.tenant_value)
        form.addRow(user_label, self.username_edit)
        form.addRow(password_label, self.password_edit)

        self.problem = InlineProblem(self.tr("Why signing in failed"))
        self.wait_label = QLabel()
        self.wait_label.setAccessibleName(self.tr("Time before the next attempt"))
        self.wait_label.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Signing in"))
        self.progress.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = self.buttons.addButton(
            self.tr("&Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.wait_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.sign_in_button.setDefault(True)  # after it has the dialog as an ancestor, or Qt picks another
        for edit in (self.username_edit, self.password_edit):
            edit.setMinimumWidth(260)

        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(1000)
        self._wait_timer.timeout.connect(self._tick_wait)
        self.username_edit.textChanged.connect(self._update_button)
        self.password_edit.textChanged.connect(self._update_button)
        self._update_button()
        (self.password_edit if username else self.username_edit).setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        runner: BackgroundRunner,
        service_url: str,
        tenant: str,
        username: str,
        sign_in: Callable[[str, str], Session],
        error_channel: ErrorChannel,
    ) -> Session | None:
        """Run the dialog modally; the SessionInfo on success, None when cancelled. Tests monkeypatch this."""
        dialog = cls(runner, service_url, tenant, username, sign_in, error_channel, parent)
        try:
            dialog.exec()
            return dialog.session
        finally:
            dialog.session = None
            dialog.deleteLater()

    @Slot()
    def _update_button(self) -> None:
        ready = bool(self.username_edit.text().strip()) and bool(self.password_edit.text())
        self.sign_in_button.setEnabled(ready and not self.busy and self._wait_left == 0)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for widget in (self.username_edit, self.password_edit, self.cancel_button):
            widget.setEnabled(not busy)
        if busy:
            self.problem.set_text(None)
        self._update_button()

    @Slot()
    def submit(self) -> None:
        if self.busy or not self.sign_in_button.isEnabled():
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        sign_in = self._sign_in
        self._set_busy(True)
        self._runner.run(lambda: sign_in(username, password), self._signed_in, self._failed)

    def _signed_in(self, session: Session) -> None:
        self.password_edit.clear()
        self._set_busy(False)
        self.session = session
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.password_edit.clear()
        self._set_busy(False)
        self.password_edit.setFocus()
        if isinstance(error, Cancelled):
            return
        if isinstance(error, UserFacingError):
            self.problem.set_text(str(error))
            if isinstance(error, RateLimited) and error.retry_after:
                self._start_wait(math.ceil(error.retry_after))
        else:
            self.problem.set_text(UNEXPECTED)
            self._error_channel.report(error)
        self._fit()

    def _fit(self) -> None:
        """Grow to show the inline message in full rather than squeeze the fields."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        hint = self.sizeHint()
        if hint.height() > self.height() or hint.width() > self.width():
            self.resize(max(hint.width(), self.width()), max(hint.height(), self.height()))

    def _start_wait(self, seconds: int) -> None:
        self._wait_left = max(1, seconds)
        self._show_wait()
        self._wait_timer.start()
        self._update_button()

    def _show_wait(self) -> None:
        self.wait_label.setText(self.tr("You can try again in {seconds} s.").format(seconds=self._wait_left))
        self.wait_label.setVisible(self._wait_left > 0)

    @Slot()
    def _tick_wait(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._wait_left = 0
            self._wait_timer.stop()
        self._show_wait()
        self._update_button()

    def done(self, result: int) -> None:
        if self.busy:
            return  # the call is in flight; its answer must reach this dialog
        self.password_edit.clear()
        super().done(result)
