"""Help → About: the version, the tenant API URL scripts should call (copyable), and the service URL."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .api_example import ApiExample


class AboutDialog(QDialog):
    def __init__(
        self, version: str, tenant_api_url: str | None, service_url: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Token Desk"))
        title = QLabel(f"Token Desk {version}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        title.setAccessibleName(self.tr("Version"))
        blurb = QLabel(self.tr("Manage the API tokens your tenant's scripts and integrations use."))
        blurb.setWordWrap(True)

        self.tenant_url_field = QLineEdit(tenant_api_url or "")
        self.tenant_url_field.setReadOnly(True)
        self.tenant_url_field.setAccessibleName(self.tr("Tenant API URL"))
        self.tenant_url_field.setPlaceholderText(self.tr("Sign in to see the tenant API URL"))
        self.tenant_url_field.setCursorPosition(0)
        metrics = self.tenant_url_field.fontMetrics()
        self.tenant_url_field.setMinimumWidth(
            min(640, max(320, metrics.horizontalAdvance(tenant_api_url or "") + 24))
        )
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy tenant API URL"))
        self.copy_button.setEnabled(bool(tenant_api_url))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_tenant_url)
        self.copied_label = QLabel("")
        self.copied_label.setAccessibleName(self.tr("Copy status"))
        url_row = QHBoxLayout()
        url_row.addWidget(self.tenant_url_field, 1)
        url_row.addWidget(self.copy_button)
        url_label = QLabel(self.tr("Tenant API &URL:"))
        url_label.setBuddy(self.tenant_url_field)
        self.service_value = QLabel(service_url)
        self.service_value.setTextFormat(Qt.TextFormat.PlainText)
        self.service_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.service_value.setAccessibleName(self.tr("Token service URL"))
        hint = QLabel(
            self.tr(
                "Scripts call the tenant API URL with the header "
                "<code>Authorization:&nbsp;Token&nbsp;&lt;secret&gt;</code>."
            )
        )
        hint.setTextFormat(Qt.TextFormat.RichText)
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(url_label, url_row)
        form.addRow("", self.copied_label)
        form.addRow(self.tr("Token service:"), self.service_value)
        self.api_example = ApiExample(tenant_api_url)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.api_example)
        layout.addWidget(buttons)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)

    @Slot()
    def copy_tenant_url(self) -> None:
        """A plain copy: the URL is not a secret."""
        QGuiApplication.clipboard().setText(self.tenant_url_field.text())
        self.copied_label.setText(self.tr("Copied."))
