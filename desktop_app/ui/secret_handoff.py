"""The secret's hand-over page (SPEC "The clipboard hand-off"): the secret shown once, Copy through the
secret clipboard (hints, countdown, clearing), the tenant API URL and an example call; closing releases it.

One page for every window that hands a secret over: the generate wizard's last page and the rotate
dialog's. The secret lives in a `core.generate_flow.SecretHandOff` the owning window holds; this page
shows it, copies it, and on `release()` clears the field and the clipboard (if it still holds it) and
stops listening to the clipboard, so nothing here keeps the secret after the window closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QAction, QContextMenuEvent, QFont, QFontDatabase, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop_app.core.generate_flow import SecretHandOff

from .api_example import ApiExample
from .secret_clipboard import SecretClipboard


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


class SecretHandOffPage(QWizardPage):
    """The page that shows `handoff()`'s secret when it is entered. `copied` once it went to the
    clipboard. The owner calls `release()` when its window closes (and then drops its SecretHandOff)."""

    def __init__(
        self,
        clipboard: SecretClipboard,
        handoff: Callable[[], SecretHandOff | None],
        title: str,
        subtitle: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self._handoff = handoff
        self.copied = False
        self.setTitle(title)
        self.setSubTitle(subtitle)
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
                "Paste the secret where it is needed <b>before</b> you close this window: "
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
        self.copy_button.clicked.connect(self.copy_secret)
        self.secret_field.copy_requested.connect(self.copy_secret)
        clipboard.countdown_changed.connect(self.show_countdown)
        clipboard.cleared.connect(self.show_cleared)
        clipboard.superseded.connect(self.show_superseded)
        self._listening = True

    def initializePage(self) -> None:
        handoff = self._handoff()
        assert handoff is not None and handoff.secret is not None
        self.secret_field.setText(handoff.secret)
        self.track_secret_on_screen()
        self.secret_field.setCursorPosition(0)
        self.url_field.setText(handoff.tenant_api_url)
        self.url_field.setCursorPosition(0)
        self.api_example.set_tenant_api_url(handoff.tenant_api_url)

    def focus_copy(self) -> None:
        # QWizard focuses the page's first field after initializePage(); here Enter should copy the
        # secret, not close the window.
        self.copy_button.setFocus()

    @Slot()
    def copy_secret(self) -> None:
        handoff = self._handoff()
        if handoff is None or handoff.secret is None:
            return
        self._clipboard.copy(handoff.secret)
        self.copied = True

    def track_secret_on_screen(self) -> None:
        # Selecting the secret with the mouse puts it in the X11 primary selection; closing clears that too.
        handoff = self._handoff()
        if handoff is not None and handoff.secret is not None:
            self._clipboard.track(handoff.secret)

    def release(self) -> None:
        """The window closes: the field and the clipboard (if it still holds the secret) are cleared."""
        # Track again: after a countdown the digest is gone, yet the user may have selected the secret
        # with the mouse since (X11 primary selection); clear_if_ours() below clears that too.
        self.track_secret_on_screen()
        self.secret_field.deselect()
        self.secret_field.clear()
        self._clipboard.clear_if_ours()
        if self._listening:  # the clipboard outlives this page: stop it calling into a closed one
            self._listening = False
            self._clipboard.countdown_changed.disconnect(self.show_countdown)
            self._clipboard.cleared.disconnect(self.show_cleared)
            self._clipboard.superseded.disconnect(self.show_superseded)

    @Slot(int)
    def show_countdown(self, seconds_left: int) -> None:
        if seconds_left > 0:
            self.countdown.setText(
                self.tr(
                    "Copied. The clipboard will be cleared in {seconds} s, or when you close this window."
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


def confirm_close_without_copy(parent: QWidget | None, consequence: str) -> bool:
    """Ask before the secret is lost for good (`consequence`: what the user must do without it);
    "Go back and copy" is the default and the Escape answer."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("SecretHandOffPage", "Close without copying?"))
    box.setText(
        QCoreApplication.translate(
            "SecretHandOffPage", "You have not copied the secret. It cannot be shown again."
        )
    )
    box.setInformativeText(consequence)
    close = box.addButton(
        QCoreApplication.translate("SecretHandOffPage", "Close &anyway"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    back = box.addButton(
        QCoreApplication.translate("SecretHandOffPage", "&Go back and copy"),
        QMessageBox.ButtonRole.RejectRole,
    )
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is close


__all__ = ["SecretField", "SecretHandOffPage", "confirm_close_without_copy"]
