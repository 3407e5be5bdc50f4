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


def test_shows_the_api_base_and_a_copyable_example_call(qtbot):
    QGuiApplication.clipboard().clear()
    dialog = AboutDialog(__version__, "https://tokens.example/t/acme", "https://tokens.example")
    qtbot.addWidget(dialog)
    example = dialog.api_example
    assert example.base_field.text() == "https://tokens.example/t/acme/api/v1"
    assert (
        example.example_field.text()
        == 'curl -H "Authorization: Token $TOKEN" https://tokens.example/t/acme/api/v1/alerts/'
    )
    example.copy_buttons[1].click()
    assert QGuiApplication.clipboard().text() == example.example_field.text()
    QGuiApplication.clipboard().clear()
    signed_out = AboutDialog(__version__, None, "https://tokens.example")
    qtbot.addWidget(signed_out)
    assert signed_out.api_example.example_field.text() == ""
    assert not any(button.isEnabled() for button in signed_out.api_example.copy_buttons)
