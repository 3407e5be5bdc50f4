"""The composition root: command line, settings, session store, client, cache and the main window.

`desktop-app` (or `python -m desktop_app`) runs `main()`. The window paints the cached tokens first;
only then does the app reach for the network: the embedded tenant is started and the OS user signed
in, or the saved session is read from the keyring and checked (falling back to the sign-in dialog).
"""

from __future__ import annotations

import getpass
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

# numpy's BLAS starts a thread per core at import (~30 ms and memory); the app does no linear algebra.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from PySide6.QtCore import QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from . import __version__
from .core.redact import redact
from .resource_files import resource_path  # noqa: F401 - re-exported for tests
from .ui import pyside_workarounds  # noqa: F401 - before any signal is emitted
from .ui.app_icon import app_icon
from .ui.errors import ErrorChannel, install_excepthook
from .ui.main_window import MainWindow
from .ui.protocols import EmbeddedService, SessionStore, TokenClient
from .ui.secret_clipboard import SecretClipboard
from .ui.session_connect import Connection, EmbeddedConnection, RemoteConnection
from .ui.session_controller import SessionController
from .ui.translations import install_translators

if TYPE_CHECKING:
    from .cache.store import TokenCache
    from .embedded import EmbeddedTenant
    from .settings import LaunchConfig

log = logging.getLogger("desktop_app")
qt_log = logging.getLogger("desktop_app.qt")

EXIT_AFTER_FIRST_PAINT = "DESKTOP_APP_EXIT_AFTER_FIRST_PAINT"
EMBEDDED_CACHE_KEY = "embedded"  # the embedded tenant's port may change; its cache must not
APP_ID = "org.tokendesk.TokenDesk"

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def utc_now() -> datetime:
    return datetime.now(UTC)


# ---- logging ------------------------------------------------------------------------------------


class RedactSecrets(logging.Filter):
    """Defence in depth: a secret-shaped word never reaches a log line, whoever wrote it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        # The traceback and stack are formatted after the filters ran, from exc_info: format them
        # here (the formatter reuses exc_text) so an exception's message is redacted as well.
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            record.exc_text = _exception_text(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _exception_text(exc_info: Any) -> str:
    return logging.Formatter().formatException(exc_info)


def qt_message_handler(mode: QtMsgType, context: Any, message: str) -> None:
    """Qt's own messages (qWarning & co.) into the named logger `desktop_app.qt`."""
    qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s", redact(message))


def install_qt_message_handler() -> Any:
    """Route Qt's messages into logging; returns the handler that was installed before."""
    return qInstallMessageHandler(qt_message_handler)


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


# ---- resources ----------------------------------------------------------------------------------


# ---- the running app ----------------------------------------------------------------------------


class AppController(QObject):
    """Start-up and shut-down: builds the session controller and the window, connects after the first
    paint, and on quitting clears the secret clipboard, stops the background work and the embedded service.

    `start()` shows the window; `shutdown()` (also on `aboutToQuit`) cleans up, once.
    """

    def __init__(
        self,
        config: LaunchConfig,
        *,
        session_store: SessionStore | None = None,
        session_store_factory: Callable[[], SessionStore] | None = None,  # called after the first paint
        clock: Callable[[], datetime] = utc_now,
        cache_dir: Path | None = None,
        data_dir: Path | None = None,
        exit_after_first_paint: bool = False,
        embedded_factory: Callable[..., EmbeddedTenant] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # Here, not at the top: the first paint's imports stay small (peewee waits until a write).
        from .cache.store import TokenCache, default_cache_dir  # noqa: PLC0415
        from .settings import default_data_dir  # noqa: PLC0415

        self.config = config
        self.settings = config.settings
        self._cache_type = TokenCache
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.exit_after_first_paint = exit_after_first_paint
        self._embedded_factory = embedded_factory
        self.embedded: EmbeddedTenant | None = None
        self._stopped = False

        if config.embedded:
            username = getpass.getuser()
            service_url = config.server_url or "http://127.0.0.1:8765"
        else:
            username = self.settings.username or ""
            service_url = config.server_url or ""  # parse_args asks for it in remote mode
        self.tenant = config.tenant
        # The integrity check waits until after the first paint (SessionController.check_cache).
        cache = self._open_cache(service_url, username, check=False) if username else None
        self.secret_clipboard = SecretClipboard(
            QGuiApplication.clipboard(), self.settings.clipboard_clear_seconds or 30
        )
        self.error_channel = ErrorChannel()
        self.controller = SessionController(
            cache,
            service_url=service_url,
            tenant=self.tenant,
            username=username,
            error_channel=self.error_channel,
            session_store=session_store,
            session_store_factory=session_store_factory,
            connection=self._connection(),
            clock=clock,
            parent=self,
        )
        self.window = MainWindow(
            self.controller,
            secret_clipboard=self.secret_clipboard,
            version=__version__,
            defer_hidden_sections=True,  # only the first tab's tokens before the first paint
        )
        self.error_channel.set_parent_widget(self.window)
        self.secret_clipboard.setParent(self.window)
        self._uninstall_excepthook = install_excepthook(self.error_channel)
        self.window.first_painted.connect(self._first_painted)
        for notice in (cache.notice if cache is not None else None, self.settings.notice):
            self.controller.tell(notice)
        if session_store is not None:
            self.controller.check_keyring()  # says at once if the keyring is unusable

    # ---- start -------------------------------------------------------------------------------

    def start(self) -> None:
        """Show the window (it paints from the cache); the network comes after, off the GUI thread."""
        self.window.show()
        if not self.exit_after_first_paint:
            QTimer.singleShot(0, self.controller.connect_service)

    def _first_painted(self) -> None:
        if self.exit_after_first_paint:
            log.info("first paint done; exiting as %s asks", EXIT_AFTER_FIRST_PAINT)
            QApplication.exit(0)
            return
        # The icon (SVG and PNG files read, ~3 ms) once the table is on screen.
        icon = app_icon()
        QGuiApplication.setWindowIcon(icon)
        self.window.setWindowIcon(icon)
        self.controller.check_cache()  # the cache's integrity check, in the background

    def _connection(self) -> Connection:
        """How the controller gets a session: the embedded tenant's OS user, or a remote sign-in."""

        def open_cache(username: str) -> TokenCache:
            return self._open_cache(self.controller.service_url, username)

        if self.config.embedded:
            return EmbeddedConnection(self._start_embedded, self._new_client, open_cache)
        return RemoteConnection(self._new_client, open_cache, self._remember_username)

    def _open_cache(self, service_url: str, username: str, *, check: bool = True) -> TokenCache:
        key = EMBEDDED_CACHE_KEY if self.config.embedded else service_url
        path = self._cache_type.path_for(self.cache_dir, key, self.tenant, username)
        return self._cache_type.open(path) if check else self._cache_type.open(path, check=False)

    def _new_client(self, base_url: str, session_token: str | None = None) -> TokenClient:
        from .client.api import TokenServiceClient  # noqa: PLC0415 - httpx only after the first paint

        ca_bundle = self.config.ca_bundle
        return TokenServiceClient(
            base_url,
            self.tenant,
            session_token=session_token,
            verify=str(ca_bundle) if ca_bundle else True,
            allow_insecure_http=bool(self.config.allow_insecure_http),
        )

    def _start_embedded(self) -> EmbeddedService:
        """Embedded mode, after the first paint: the local token service (once; the controller asks)."""
        if self.embedded is None:
            factory = self._embedded_factory
            if factory is None:
                from .embedded import EmbeddedTenant  # noqa: PLC0415 - imported after the first paint

                factory = EmbeddedTenant
            embedded = factory(self.data_dir, username=self.controller.username, settings=self.settings)
            embedded.start()  # raises: the controller reports it
            self.embedded = embedded
        return self.embedded

    def _remember_username(self, username: str) -> None:
        self.settings.username = username
        try:
            self.settings.save()
        except OSError:
            log.warning("could not remember the username", exc_info=True)

    # ---- stop ----------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Clear the secret clipboard, let background work finish, stop the embedded service."""
        if self._stopped:
            return
        self._stopped = True
        self.secret_clipboard.clear_if_ours()
        self.controller.stop(refresh_snapshot=not self.exit_after_first_paint)
        if self.embedded is not None:
            self.embedded.stop()
            self.embedded = None
        self._uninstall_excepthook()


def main(argv: Sequence[str] | None = None, workstation: Any = None) -> int:
    """Parse the command line, show the window, run until it closes (`desktop_app.launch` calls it)."""
    from .settings import parse_args  # noqa: PLC0415 - argparse only when main runs

    def session_store() -> SessionStore:
        from .session.keyring_store import SessionStore as KeyringSessionStore  # noqa: PLC0415 - after the paint

        return KeyringSessionStore()

    configure_logging()
    config = parse_args(argv)  # exits with a usage message on bad input
    previous_handler = install_qt_message_handler()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "desktop-app"])
    assert isinstance(app, QApplication)
    install_translators(config.language)  # our .qm and Qt's own; once per app (launch.py may have)
    app.setApplicationName("Token Desk")
    app.setApplicationDisplayName("Token Desk")
    app.setOrganizationName("token-desk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    controller = AppController(
        config,
        # The keyring store is made after the first paint (probing the keyring takes ~0.1 s).
        session_store_factory=session_store,
        exit_after_first_paint=os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1",
        # the embedded tenant reports its address (tray, moved-port notice)
        embedded_factory=workstation.embedded_factory if workstation is not None else None,
    )
    app.aboutToQuit.connect(controller.shutdown)
    if workstation is not None:  # tray, signals, hand-over; it calls controller.start()
        workstation.attach(app, controller)
    else:
        controller.start()
    try:
        code = app.exec()
    finally:
        controller.shutdown()
        qInstallMessageHandler(previous_handler)
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
