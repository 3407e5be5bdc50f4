"""The app as a workstation service: tray, graceful ends, hand-over from later starts, port notice.

`Workstation.attach(app, controller)` is called once the AppController exists, instead of
`controller.start()`. It decides how the run ends:
- with the local tenant and a system tray, closing the window keeps the service running from the
  tray (told once); Quit in the tray or File → Quit (Ctrl+Q) ends it;
- with the local tenant and no tray, closing the window quits as before, and the window says
  that scripts reach the local tenant only while it is open;
- with a shared service, closing the window quits;
- SIGTERM, SIGINT, SIGHUP and the desktop session ending quit like File → Quit, exit status 0.
`--background` starts the service without showing the window (the tray, when there is one).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from desktop_app import autostart
from desktop_app.single_instance import SingleInstance
from desktop_app.ui.app_icon import app_icon
from desktop_app.ui.os_signals import OsSignals
from desktop_app.ui.translate import QT_TRANSLATE_NOOP
from desktop_app.ui.tray import TOLD_KEY, ServiceTray

if TYPE_CHECKING:
    from desktop_app.embedded import EmbeddedTenant

log = logging.getLogger(__name__)

NO_TRAY_NOTE = QT_TRANSLATE_NOOP(
    "Workstation", "Scripts reach the local tenant only while this window is open"
)
NO_TRAY_TOOLTIP = QT_TRANSLATE_NOOP(  # translated where shown
    "Workstation",
    "This desktop has no system tray, so closing the window stops the local token service "
    "and scripts using its tokens stop working until Token Desk runs again.",
)


def address_of(url: str) -> str:
    """`127.0.0.1:8765` from `http://127.0.0.1:8765`."""
    return url.split("://", 1)[-1].rstrip("/")


def port_moved_text(old_url: str, new_url: str) -> str:
    return QCoreApplication.translate(
        "Workstation",
        "⚠ {old} is in use by another program: the local tenant is on "
        "{new} until Token Desk is restarted. Scripts using {old} "
        "cannot reach it.",
    ).format(old=address_of(old_url), new=address_of(new_url))


class Workstation(QObject):
    """Everything about how the app runs on the user's desktop, around the AppController."""

    closed_to_tray = Signal()  # the window was closed and the service goes on from the tray

    def __init__(
        self,
        instance: SingleInstance | None = None,
        *,
        background: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.instance = instance
        self.background = background
        self.app: Any = None
        self.controller: Any = None
        self.window: Any = None
        self.tray: ServiceTray | None = None
        self.signals: OsSignals | None = None
        self.note_label: QLabel | None = None  # the no-tray note, or the moved-port warning
        self.start_at_login_action: QAction | None = None
        self.quitting = False

    # ---- the embedded tenant, made through AppController(embedded_factory=...) ----------------

    def embedded_factory(self, data_dir: Path, **kwargs: Any) -> EmbeddedTenant:
        from desktop_app.embedded import EmbeddedTenant  # noqa: PLC0415 - after the first paint

        tenant = EmbeddedTenant(data_dir, **kwargs)
        tenant.on_started = self.embedded_started
        return tenant

    def embedded_started(self, tenant: EmbeddedTenant) -> None:
        """The port is bound: name it in the tray; say so in the window when it is not the remembered one."""
        if self.tray is not None:
            self.tray.set_address(address_of(tenant.url))
        moved = tenant.port_moved
        if moved and self.window is not None:
            text = port_moved_text(*moved)
            self._set_note(text, text)
            self.window.status.showMessage(text, 30000)

    # ---- wiring ------------------------------------------------------------------------------

    def attach(self, app: QApplication, controller: Any) -> None:
        """Install the signal handling, the tray (or its fall-back) and start the controller."""
        self.app, self.controller, self.window = app, controller, controller.window
        self.signals = OsSignals(parent=self)
        self.signals.received.connect(self._signalled)
        app.commitDataRequest.connect(self._session_ending)
        app.aboutToQuit.connect(self.detach)  # after the controller's shutdown (connected first)
        if self.instance is not None:
            self.instance.activated.connect(self.handed_over)
        embedded = bool(controller.config.embedded)
        if embedded and ServiceTray.available():
            self._serve_from_tray()
        elif embedded:
            self._set_note(self.tr(NO_TRAY_NOTE), self.tr(NO_TRAY_TOOLTIP))
        self.window.installEventFilter(self)
        if embedded:
            self._add_start_at_login_action()
        if not self.background:
            controller.start()
        elif embedded:
            log.info("started in the background: serving the local tenant without a window")
            QTimer.singleShot(0, controller.controller.connect_service)
        else:
            log.info("--background: nothing to serve with a shared service; exiting")
            QTimer.singleShot(0, lambda: self.quit(force=True))

    def _serve_from_tray(self) -> None:
        self.app.setQuitOnLastWindowClosed(False)
        self.tray = ServiceTray(
            app_icon(),
            address_of(self.controller.controller.service_url),
            start_at_login=autostart.is_enabled(),
            parent=self,
        )
        self.tray.open_requested.connect(self.open_window)
        self.tray.quit_requested.connect(self.quit)
        self.tray.start_at_login_toggled.connect(self.set_start_at_login)
        # File → Quit (Ctrl+Q) closes the window; here that must also end the run.
        self.window.quit_action.triggered.connect(self._quit_if_closed)
        # New notices about the user's tokens (leaked, auto-revoked, expiring): one tray message per batch.
        self.window.hygiene.notices.arrived.connect(self._tell_notices)
        self.tray.show()

    def _tell_notices(self, count: int, last: str) -> None:
        if self.tray is not None:
            title = self.tr("Token Desk: {count} notices") if count > 1 else self.tr("Token Desk: a notice")
            self.tray.tell(title.format(count=count), last)

    def _set_note(self, text: str, tooltip: str) -> None:
        if self.note_label is None:
            self.note_label = QLabel(self.window.status)
            self.note_label.setObjectName("workstationNote")
            self.window.status.addPermanentWidget(self.note_label)
        self.note_label.setText(text)
        self.note_label.setToolTip(tooltip)

    def _add_start_at_login_action(self) -> None:
        action = QAction(self.tr("Start at &login (serve from the tray)"), self.window)
        action.setCheckable(True)
        action.setChecked(autostart.is_enabled())
        action.toggled.connect(self.set_start_at_login)
        menus = [m for m in self.window.quit_action.associatedObjects() if isinstance(m, QMenu)]
        if menus:
            menus[0].insertAction(self.window.quit_action, action)
        self.start_at_login_action = action

    # ---- what the user and the system ask for ---------------------------------------------------

    def set_start_at_login(self, enabled: bool) -> None:
        try:
            if enabled:
                path = autostart.enable()
                self.window.status.showMessage(
                    self.tr("Token Desk starts in the tray at login ({path}).").format(path=path), 8000
                )
            else:
                autostart.disable()
                self.window.status.showMessage(self.tr("Token Desk no longer starts at login."), 8000)
        except OSError as error:
            self.controller.error_channel.report(error)
        for action in (
            self.start_at_login_action,
            self.tray.start_at_login_action if self.tray is not None else None,
        ):
            if action is not None and action.isChecked() != autostart.is_enabled():
                action.blockSignals(True)
                action.setChecked(autostart.is_enabled())
                action.blockSignals(False)

    def open_window(self) -> None:
        window = self.window
        window.show()
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.raise_()
        window.activateWindow()

    def handed_over(self, argv: list[str]) -> None:
        """A later `desktop-app` started: show the window; remember a service it named."""
        log.info("another start handed over to this one")
        self.open_window()
        if not any(arg.split("=", 1)[0] in ("--server", "--tenant", "--embedded") for arg in argv):
            return
        from desktop_app.settings import parse_args  # noqa: PLC0415

        try:
            config = parse_args(argv, settings=self.controller.settings)
        except SystemExit:
            self.window.status.showMessage(
                self.tr("The other start's --server/--tenant were not valid."), 15000
            )
            return
        same = (config.embedded, config.server_url, config.tenant) == (
            self.controller.config.embedded,
            self.controller.config.server_url,
            self.controller.config.tenant,
        )
        if not same:
            where = (
                self.tr("the local tenant")
                if config.embedded
                else self.tr("{url} (tenant {tenant})").format(url=config.server_url, tenant=config.tenant)
            )
            self.window.status.showMessage(
                self.tr(
                    "Remembered {where}: Token Desk connects there when you quit and start it again."
                ).format(where=where),
                30000,
            )

    def quit(self, force: bool = False) -> None:
        """End the run like File → Quit; `force` (signals, session end) even if the window stays open."""
        if self.quitting:
            return
        window = self.window
        if window.isVisible():
            window.close()  # saves the layout and clears a secret from the clipboard
            if window.isVisible() and not force:
                return  # the generate wizard kept it open: the user is copying a secret
        self.quitting = True
        if self.tray is not None:
            self.tray.hide()
        self.app.quit()  # aboutToQuit: the controller closes the cache and the local tenant

    def _quit_if_closed(self) -> None:
        if not self.window.isVisible():
            self.quit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            QTimer.singleShot(0, self._window_closed)  # once the window decided whether to close
        return False

    def _window_closed(self) -> None:
        if self.quitting or self.window.isVisible():
            return
        if self.tray is not None:
            settings = QSettings("token-desk", "desktop-app")
            if not settings.value(TOLD_KEY, False, type=bool):
                self.tray.tell(
                    self.tr("Token Desk keeps serving"),
                    self.tr("Scripts can still use the local tenant. Quit from this icon to stop it."),
                )
                settings.setValue(TOLD_KEY, True)
                settings.sync()
            self.closed_to_tray.emit()
        elif self.controller.config.embedded:
            log.warning(
                "the window was closed: the local token service stops, and scripts using it "
                "stop working until Token Desk runs again"
            )

    def _signalled(self, _signum: int) -> None:
        self.quit(force=True)

    def _session_ending(self, _manager: object) -> None:
        log.info("the desktop session is ending: quitting")
        self.quit(force=True)

    def detach(self) -> None:
        """Undo attach(): the signal handlers, the app's signals, the tray, the single-instance lock."""
        if self.signals is not None:
            self.signals.uninstall()
            self.signals = None
            for signal_, slot in (
                (self.app.commitDataRequest, self._session_ending),
                (self.app.aboutToQuit, self.detach),
            ):
                try:
                    signal_.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass
        if self.tray is not None:
            self.tray.hide()
        if self.instance is not None:
            self.instance.release()
