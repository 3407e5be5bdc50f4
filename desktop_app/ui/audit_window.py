"""Tokens → Audit log… (full admins, SPEC rule 18): the tenant's audit log in a table that loads as you
scroll, filtered by actor, action, token and time; double-click an event to show its token in the main
window; Export CSV… writes the current filter to a file with a progress dialog.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.tokens import format_utc
from .audit_export import CsvExport
from .audit_model import AuditModel
from .background import BackgroundRunner
from .errors import ErrorChannel
from .protocols import HygieneClient

ACTIONS = (  # the actions the service records (the combo box also takes one typed by hand)
    "token.generate",
    "token.revoke",
    "token.identify",
    "token.rotate",
    "token.end_grace",
    "token.describe",
    "token.new_address",
    "token.denied",
    "token.rejected",
    "session.sign_in",
    "session.sign_out",
    "user.add",
    "user.set_role",
    "user.set_password",
    "user.deprovision",
    "tenant.add",
    "policy.change",
)


def _time_filter(enabled: QCheckBox, edit: QDateTimeEdit) -> str:
    if not enabled.isChecked():
        return ""
    moment = edit.dateTime().toPython()
    assert isinstance(moment, datetime)
    return format_utc(moment.astimezone(UTC))


class AuditWindow(QWidget):
    """A window of its own (parented to the main window, so it closes with it)."""

    show_token_requested = Signal(str, object)  # token id, kind (None: any section)

    def __init__(
        self,
        runner: BackgroundRunner,
        client: HygieneClient,
        error_channel: ErrorChannel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._runner = runner
        self._client = client
        self._errors = error_channel
        self.export: CsvExport | None = None
        self.progress: QProgressDialog | None = None
        self.setWindowTitle(self.tr("Audit log"))
        self.resize(1000, 600)

        self.actor_field = QLineEdit(self)
        self.actor_field.setPlaceholderText(self.tr("Who"))
        self.actor_field.setAccessibleName(self.tr("Filter by who acted"))
        self.action_box = QComboBox(self)
        self.action_box.setEditable(True)
        self.action_box.setAccessibleName(self.tr("Filter by action"))
        self.action_box.addItem(self.tr("All actions"), "")
        for action in ACTIONS:
            self.action_box.addItem(action, action)
        self.token_field = QLineEdit(self)
        self.token_field.setPlaceholderText(self.tr("Token id"))
        self.token_field.setAccessibleName(self.tr("Filter by token id"))
        now = QDateTime.currentDateTime()
        self.since_box = QCheckBox(self.tr("&From"), self)
        self.since_edit = QDateTimeEdit(now.addDays(-7), self)
        self.until_box = QCheckBox(self.tr("&To"), self)
        self.until_edit = QDateTimeEdit(now, self)
        for box, edit in ((self.since_box, self.since_edit), (self.until_box, self.until_edit)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setEnabled(False)
            box.toggled.connect(edit.setEnabled)
        self.apply_button = QPushButton(self.tr("&Apply"), self)
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply_filters)
        for field in (self.actor_field, self.token_field):
            field.returnPressed.connect(self.apply_filters)
        self.export_button = QPushButton(self.tr("&Export CSV…"), self)
        self.export_button.clicked.connect(self.choose_export)

        filters = QHBoxLayout()
        filters.addWidget(self.actor_field, 1)
        filters.addWidget(self.action_box, 1)
        filters.addWidget(self.token_field, 1)
        filters.addWidget(self.since_box)
        filters.addWidget(self.since_edit)
        filters.addWidget(self.until_box)
        filters.addWidget(self.until_edit)
        filters.addWidget(self.apply_button)

        self.model = AuditModel(runner, client, parent=self)
        self.model.failed.connect(self._load_failed)
        self.model.loading_changed.connect(self._show_count)
        self.model.rowsInserted.connect(self._show_count)
        self.model.modelReset.connect(self._show_count)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Audit events"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.view.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row size questions
        vertical.setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        horizontal = self.view.horizontalHeader()
        horizontal.setStretchLastSection(True)
        for column, width in enumerate((150, 110, 130, 260, 110, 80)):
            horizontal.resizeSection(column, width)
        self.view.doubleClicked.connect(self._activated)
        self.view.activated.connect(self._activated)

        self.count_label = QLabel(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.apply_filters()

    # ---- filters -------------------------------------------------------------------------------

    def current_filters(self) -> dict[str, str]:
        action = self.action_box.currentData()
        text = self.action_box.currentText().strip()
        if action is None or self.action_box.itemText(self.action_box.currentIndex()) != text:
            action = text  # typed by hand
        return {
            "actor": self.actor_field.text().strip(),
            "action": str(action or ""),
            "token_id": self.token_field.text().strip(),
            "since": _time_filter(self.since_box, self.since_edit),
            "until": _time_filter(self.until_box, self.until_edit),
        }

    @Slot()
    def apply_filters(self) -> None:
        self.model.set_filters(self.current_filters())

    @Slot()
    def _show_count(self, *args: object) -> None:
        count = self.model.rowCount()
        text = self.tr("{count} events").format(count=f"{count:,}")
        if self.model.loading:
            text = self.tr("{count} events, loading more…").format(count=f"{count:,}")
        elif not self.model.exhausted:
            text = self.tr("{count} events so far (scroll for more)").format(count=f"{count:,}")
        self.count_label.setText(text)

    def _load_failed(self, error: BaseException) -> None:
        self._errors.report(error)

    # ---- double-click: the token in the main window ------------------------------------------

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        token_id = self.model.token_id_at(index.row())
        if token_id:
            self.show_token_requested.emit(token_id, None)

    # ---- export ---------------------------------------------------------------------------------

    @Slot()
    def choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit log"), "audit-log.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> CsvExport | None:
        """Write the current filter's events to `path` as CSV, with a progress dialog."""
        if self.export is not None:
            return None
        export = CsvExport(self._runner, self._client, self.current_filters(), path, self)
        progress = QProgressDialog(self.tr("Exporting the audit log…"), self.tr("Cancel"), 0, 0, self)
        progress.setWindowTitle(self.tr("Export CSV"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(export.cancel)
        export.progress.connect(
            lambda written: progress.setLabelText(
                self.tr("Exporting the audit log… {size} written").format(size=_size(written))
            )
        )
        export.finished.connect(lambda error: self._exported(export, error))
        self.export, self.progress = export, progress
        self.export_button.setEnabled(False)
        progress.show()
        export.start()
        return export

    def _exported(self, export: CsvExport, error: object) -> None:
        progress, self.progress, self.export = self.progress, None, None
        self.export_button.setEnabled(True)
        if progress is not None:
            progress.canceled.disconnect(export.cancel)
            progress.close()
            progress.deleteLater()
        if isinstance(error, BaseException):
            self._errors.report(error)
        elif not export.cancelled:
            text = self.tr("Exported to {path} ({size}).")
            self.count_label.setText(text.format(path=str(export.path), size=_size(export.written)))


def _size(count: int) -> str:
    if count < 1024 * 1024:
        return f"{count / 1024:,.1f} KB"
    return f"{count / (1024 * 1024):,.1f} MB"


__all__ = ["AuditWindow"]
