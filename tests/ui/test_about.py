"""Help → About: version, the tenant API URL with a copy button, the service URL."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication

from desktop_app import __version__
from desktop_app.ui.about import AboutDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_shows_version_urls_and_copies_the_tenant_url(qtbot):
    QGuiApplication.clipboard().clear()
    dialog = AboutDialog(__version__, "https://tokens.example/t/acme", "https://tokens.example")
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [label.text() for label in dialog.findChildren(type(dialog.service_value))]
    assert f"Token Desk {__version__}" in texts
    assert dialog.service_value.text() == "https://tokens.example"
    assert dialog.tenant_url_field.text() == "https://tokens.example/t/acme"
    assert dialog.tenant_url_field.isReadOnly()
    assert dialog.copy_button.accessibleName() == "Copy tenant API URL"
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "https://tokens.example/t/acme"
    assert dialog.copied_label.text() == "Copied."
    with qtbot.waitSignal(dialog.rejected):
        dialog.reject()
    QGuiApplication.clipboard().clear()


def test_without_a_tenant_url_copy_is_disabled(qtbot):
    dialog = AboutDialog("0.1.0", None, "http://127.0.0.1:8765")
    qtbot.addWidget(dialog)
    assert not dialog.copy_button.isEnabled()
    assert dialog.tenant_url_field.placeholderText() == "Sign in to see the tenant API URL"
