"""The system-tray icon that keeps the local tenant serving while the window is closed.

Its tooltip names the address scripts use; its menu opens the window, switches "Start at
login" and quits (which stops the service). Where the desktop has no tray,
`ServiceTray.available()` is False and the app quits with its window, as before.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

TOLD_KEY = "tray/told_it_keeps_serving"


def tray_tooltip(address: str) -> str:
    return QCoreApplication.translate("ServiceTray", "Token Desk — local tenant on {address}").format(
        address=address
    )


class ServiceTray(QObject):
    """The tray icon and its menu: Open, Start at login, Quit."""

    open_requested = Signal()
    quit_requested = Signal()
    start_at_login_toggled = Signal(bool)

    def __init__(
        self, icon: QIcon, address: str, *, start_at_login: bool, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.menu = QMenu()
        self.open_action = QAction(self.tr("&Open Token Desk"), self.menu)
        self.open_action.triggered.connect(self.open_requested)
        self.start_at_login_action = QAction(self.tr("Start at &login"), self.menu)
        self.start_at_login_action.setCheckable(True)
        self.start_at_login_action.setChecked(start_at_login)
        self.start_at_login_action.toggled.connect(self.start_at_login_toggled)
        self.quit_action = QAction(self.tr("&Quit (stops the local token service)"), self.menu)
        self.quit_action.triggered.connect(self.quit_requested)
        self.menu.addAction(self.open_action)
        self.menu.addAction(self.start_at_login_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.set_address(address)

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def set_address(self, address: str) -> None:
        self.icon.setToolTip(tray_tooltip(address))

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def tell(self, title: str, message: str) -> None:
        self.icon.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 10000)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()
