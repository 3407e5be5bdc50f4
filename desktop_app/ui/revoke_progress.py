"""The progress of a chunked revoke: a bar, “Revoked 3,000 of 80,000 tokens…”, and Cancel.

Not modal: the table stays readable meanwhile. It closes itself when the job finishes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QVBoxLayout, QWidget

from .chunked_revoke import RevokeJob


class RevokeProgress(QDialog):
    def __init__(self, job: RevokeJob, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.setWindowTitle(self.tr("Revoking tokens"))
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, max(1, job.total))
        self.bar.setAccessibleName(self.tr("Tokens revoked"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setToolTip(self.tr("Stop after the batch being revoked now; the rest stays"))
        self.buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        job.progressed.connect(self._show)
        job.finished.connect(self._finished)
        self._show(0, job.total)

    @classmethod
    def show_for(cls, job: RevokeJob, parent: QWidget | None) -> RevokeProgress:
        dialog = cls(job, parent)
        dialog.show()
        return dialog

    @Slot(int, int)
    def _show(self, done: int, total: int) -> None:
        self.bar.setValue(done)
        if self.job.cancelled:
            self.label.setText(
                self.tr(
                    "Cancelling: {done} of {total} tokens revoked; finishing the batch in flight…"
                ).format(done=f"{done:,}", total=f"{total:,}")
            )
        else:
            self.label.setText(
                self.tr("Revoked {done} of {total} tokens…").format(done=f"{done:,}", total=f"{total:,}")
            )

    @Slot()
    def cancel(self) -> None:
        """Cancel or Esc: the job stops after the batch in flight (the dialog stays until it has)."""
        self.job.cancel()
        self.cancel_button.setEnabled(False)
        self._show(self.bar.value(), self.job.total)

    def reject(self) -> None:  # Esc and the close button cancel the job instead of hiding its progress
        if self.job.running:
            self.cancel()
        else:
            super().reject()

    @Slot()
    def _finished(self) -> None:
        self.done(QDialog.DialogCode.Accepted)
        self.deleteLater()


__all__ = ["RevokeProgress"]
