"""The one place the app's icon comes from (window, tray, dialogs)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from desktop_app.resource_files import icon_files


def app_icon() -> QIcon:
    """The Token Desk icon from the resources (an empty icon when they are missing)."""
    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    return icon
