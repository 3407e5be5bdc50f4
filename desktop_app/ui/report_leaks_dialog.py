"""Tokens → Report leaked secrets… (anyone, signed in or not, SPEC rule 16): paste secrets found
somewhere, one per line, with where they were found; the service revokes every live one.

The service answers the same whether a secret existed or not ("Received n, ignored m"): the dialog
says only that. The pasted text goes to the report call and nowhere else, and is emptied (with its undo
history) once sent and when the dialog closes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserFacingError
from .background import BackgroundRunner
from .errors import ErrorChannel, InlineProblem
from .identify_dialog import bound_call

MAX_PER_REPORT = 100  # the service takes at most this many secrets per call

Report = Callable[[Sequence[str], str | None], tuple[int, int]]


def secret_lines(text: str) -> list[str]:
    """The non-empty lines, trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def report_all(report: Report, secrets: Sequence[str], url: str | None) -> tuple[int, int]:
    """Report `secrets` in calls of at most MAX_PER_REPORT; the summed (received, ignored)."""
    received = ignored = 0
    for start in range(0, len(secrets), MAX_PER_REPORT):
        got, skipped = report(secrets[start : start + MAX_PER_REPORT], url)
        received, ignored = received + got, ignored + skipped
    return received, ignored


class ReportLeaksDialog(QDialog):
    """Paste secrets, give the URL where they were found (optional), Send."""

    def __init__(
        self,
        runner: BackgroundRunner,
        report: Report,
        error_channel: ErrorChannel,
        parent: QWidget | None = None,
        on_sent: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._report = report
        self._errors = error_channel
        self._on_sent = on_sent
        self._busy = False
        self.setWindowTitle(self.tr("Report leaked secrets"))
        self.setMinimumWidth(560)
        intro = QLabel(
            self.tr(
                "Paste the secrets you found, one per line. The token service revokes every live one "
                "and tells its owner; it answers the same whether a secret existed or not."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.secrets_edit = QPlainTextEdit(self)
        self.secrets_edit.setAccessibleName(self.tr("Leaked secrets, one per line"))
        self.secrets_edit.setPlaceholderText(self.tr("tdk_…\ntdk_…"))
        self.secrets_edit.setAcceptDrops(False)
        self.secrets_edit.setUndoRedoEnabled(False)  # no history of what was pasted
        self.secrets_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.secrets_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.secrets_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.secrets_edit.textChanged.connect(self._update_buttons)
        self.url_field = QLineEdit(self)
        self.url_field.setPlaceholderText(self.tr("https://… (optional)"))
        self.url_field.setAccessibleName(self.tr("Where the secrets were found"))
        self.url_field.setMaxLength(2000)
        form = QFormLayout()
        form.addRow(self.tr("Found at:"), self.url_field)
        self.problem = InlineProblem(self.tr("Why the report was not sent"), self)
        self.result_label = QLabel(self)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.send_button = QPushButton(self.tr("&Send"), self)
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.secrets_edit, 1)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        self._update_buttons()

    @Slot()
    def send(self) -> None:
        if self._busy:
            return
        secrets = secret_lines(self.secrets_edit.toPlainText())
        if not secrets:
            return
        self._busy = True
        self.problem.set_text(None)
        self.result_label.setText(self.tr("Sending…"))
        self._update_buttons()
        url = self.url_field.text().strip() or None
        report = self._report
        call = bound_call(lambda pasted: report_all(report, pasted, url), secrets)
        del secrets  # only the call holds them now
        self._runner.run(call, self._sent, self._failed)

    def _sent(self, counts: tuple[int, int]) -> None:
        self._busy = False
        received, ignored = counts
        self._forget_secrets()
        self.result_label.setText(
            self.tr("Received {received}, ignored {ignored} (malformed).").format(
                received=f"{received:,}", ignored=f"{ignored:,}"
            )
        )
        self._update_buttons()
        if self._on_sent is not None:
            self._on_sent()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.result_label.setText("")
        if isinstance(error, UserFacingError):
            self.problem.set_text(str(error))  # the service's sentences never repeat a secret
        else:
            self._errors.report(error)
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        self.send_button.setEnabled(not self._busy and bool(self.secrets_edit.toPlainText().strip()))

    def _forget_secrets(self) -> None:
        self.secrets_edit.clear()
        self.secrets_edit.setPlainText("")

    def done(self, result: int) -> None:
        self._forget_secrets()
        self.url_field.clear()
        super().done(result)


__all__ = ["MAX_PER_REPORT", "ReportLeaksDialog", "report_all", "secret_lines"]
