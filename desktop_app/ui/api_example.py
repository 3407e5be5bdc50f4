"""The API base under a tenant API URL and a copyable example call, for script authors.

The example names the secret as `$TOKEN` (an environment variable the script sets): never the secret.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget


def api_base(tenant_api_url: str) -> str:
    """`https://tokens.example.com/t/acme` → `https://tokens.example.com/t/acme/api/v1`."""
    return f"{tenant_api_url.rstrip('/')}/api/v1"


def curl_example(tenant_api_url: str) -> str:
    return f'curl -H "Authorization: Token $TOKEN" {api_base(tenant_api_url)}/alerts/'


class ApiExample(QWidget):
    """Two read-only rows, the API base and the example; with `copy_buttons`, a Copy button each (the
    generate wizard has none: a copy there would replace its secret on the clipboard)."""

    def __init__(
        self, tenant_api_url: str | None = None, *, copy_buttons: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.base_field = self._field(self.tr("API base"))
        self.example_field = self._field(self.tr("Example call"))
        self.example_field.setPlaceholderText(self.tr("Sign in to see an example call"))
        self.copy_buttons: list[QPushButton] = []
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for label, field, mnemonic in (
            (self.tr("API base:"), self.base_field, self.tr("Cop&y")),
            (self.tr("Example:"), self.example_field, self.tr("Copy e&xample")),
        ):
            row = QHBoxLayout()
            row.addWidget(field, 1)
            if copy_buttons:
                button = QPushButton(mnemonic)
                button.setAccessibleName(self.tr("Copy {field}").format(field=field.accessibleName().lower()))
                button.setAutoDefault(False)
                button.clicked.connect(lambda _checked=False, field=field: self._copy(field))
                row.addWidget(button)
                self.copy_buttons.append(button)
            form.addRow(label, row)
        self.set_tenant_api_url(tenant_api_url)

    @staticmethod
    def _field(name: str) -> QLineEdit:
        field = QLineEdit()
        field.setReadOnly(True)
        field.setAccessibleName(name)
        field.setMinimumWidth(min(560, field.fontMetrics().horizontalAdvance("x" * 70)))
        return field

    def set_tenant_api_url(self, tenant_api_url: str | None) -> None:
        self.base_field.setText(api_base(tenant_api_url) if tenant_api_url else "")
        self.example_field.setText(curl_example(tenant_api_url) if tenant_api_url else "")
        for field in (self.base_field, self.example_field):
            field.setCursorPosition(0)
        for button in self.copy_buttons:
            button.setEnabled(bool(tenant_api_url))

    @staticmethod
    def _copy(field: QLineEdit) -> None:
        QGuiApplication.clipboard().setText(field.text())  # not a secret: a plain copy


__all__ = ["ApiExample", "api_base", "curl_example"]
