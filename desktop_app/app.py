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
from datetime import datetime
from pathlib import Path
from typing import Any

# numpy's BLAS starts a thread per core at import (~30 ms and memory); the app does no linear algebra.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from PySide6.QtCore import QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from . import __version__
from .core.redact import redact
from .ui import pyside_workarounds  # noqa: F401, E402 - before any signal is emitted
from .ui.background import BackgroundRunner
from .ui.errors import ErrorChannel, install_excepthook
from .ui.main_window import MainWindow
from .ui.secret_clipboard import SecretClipboard
from .ui.token_model import utc_now

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


def resource_path(*parts: str) -> Path | None:
    """A file from resources/ (packaged as desktop_app/resources, or beside the package in a checkout)."""
    here = Path(__file__).resolve().parent
    for base in (here / "resources", here.parent / "resources"):
        candidate = base.joinpath(*parts)
        if candidate.is_file():
            return candidate
    return None


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("token-desk.svg", "token-desk.png"):
        path = resource_path("icons", name)
        if path is not None:
            icon.addFile(str(path))
    return icon


# ---- the running app ----------------------------------------------------------------------------


class AppController(QObject):
    """Owns the window and whatever connects it to a token service (embedded or remote)."""

    def __init__(
        self,
        config: Any,
        *,
        session_store: Any,  # a SessionStore, or a zero-argument factory called after the first paint
        clock: Callable[[], datetime] = utc_now,
        cache_dir: Path | None = None,
        data_dir: Path | None = None,
        exit_after_first_paint: bool = False,
        embedded_factory: Callable[..., Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        from .cache.store import TokenCache, default_cache_dir
        from .settings import default_data_dir

        self.config = config
        self.settings = config.settings
        self._session_store = session_store if not callable(session_store) else None
        self._session_store_factory = session_store if callable(session_store) else None
        self.clock = clock
        self._cache_type = TokenCache
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.exit_after_first_paint = exit_after_first_paint
        self._embedded_factory = embedded_factory
        self.embedded: Any = None
        self.client: Any = None
        self.runner = BackgroundRunner(self)
        self._stopped = False
        self._user_signed_out = False

        if config.embedded:
            self.username = getpass.getuser()
            self.tenant = config.tenant
            self.service_url = config.server_url or "http://127.0.0.1:8765"
        else:
            self.username = self.settings.username or ""
            self.tenant = config.tenant
            self.service_url = config.server_url
        # The integrity check waits until after the first paint (MainWindow.check_cache).
        cache = self._open_cache(self.username, check=False) if self.username else None
        self.secret_clipboard = SecretClipboard(
            QGuiApplication.clipboard(), self.settings.clipboard_clear_seconds or 30
        )
        self.window = MainWindow(
            cache,
            service_url=self.service_url,
            tenant=self.tenant,
            username=self.username,
            session_store=self._session_store,
            runner=self.runner,
            clock=clock,
            secret_clipboard=self.secret_clipboard,
            version=__version__,
            defer_hidden_sections=True,  # only the first tab's tokens before the first paint
        )
        self.secret_clipboard.setParent(self.window)
        self.error_channel: ErrorChannel = self.window.error_channel
        self._uninstall_excepthook = install_excepthook(self.error_channel)
        self.window.first_painted.connect(self._first_painted)
        self.window.signed_out.connect(self._signed_out)
        self.window.session_expired.connect(self._session_expired)
        self.window.sign_in_requested.connect(self._sign_in_requested)
        self.window.reconnect_requested.connect(self._reconnect_requested)
        for notice in (getattr(cache, "notice", None), self.settings.notice):
            self._tell(notice)
        if self._session_store is not None:
            self._tell_keyring_problem()

    def _tell_keyring_problem(self, _result: Any = None) -> None:
        """Say it once, and keep a mark in the status bar while the session lives in memory only.

        Called when the store is made and after each keyring call: a locked keyring only shows
        itself when it is used.
        """
        warning = self._session_store.warning if self._session_store is not None else None
        if warning != self.window.status.keyring_label.toolTip():
            self._tell(warning)
        self.window.status.show_keyring_problem(warning)

    def _tell(self, notice: str | None) -> None:
        if notice:
            self.window.status.showMessage(notice, 15000)
            log.warning("%s", notice)

    @property
    def session_store(self) -> Any:
        """The keyring session store; probing the keyring waits until after the first paint."""
        if self._session_store is None and self._session_store_factory is not None:
            self._session_store = self._session_store_factory()
            self.window.set_session_store(self._session_store)
            self._tell_keyring_problem()
        return self._session_store

    # ---- start -------------------------------------------------------------------------------

    def start(self) -> None:
        """Show the window (it paints from the cache); the network comes after, off the GUI thread."""
        self.window.show()
        if not self.exit_after_first_paint:
            QTimer.singleShot(0, self.connect_service)

    def _first_painted(self) -> None:
        if self.exit_after_first_paint:
            log.info("first paint done; exiting as %s asks", EXIT_AFTER_FIRST_PAINT)
            QApplication.exit(0)
            return
        # The icon (SVG and PNG files read, ~3 ms) once the table is on screen.
        icon = app_icon()
        QGuiApplication.setWindowIcon(icon)
        self.window.setWindowIcon(icon)
        self.window.check_cache()  # the cache's integrity check, in the background

    def connect_service(self) -> None:
        if self._stopped or self.window.session is not None:
            return
        self.session_store  # noqa: B018 - resolve it now, after the first paint
        if self.config.embedded:
            self._start_embedded()
        else:
            self._resume_remote_session()

    def _open_cache(self, username: str, *, check: bool = True) -> Any:
        key = EMBEDDED_CACHE_KEY if self.config.embedded else self.service_url
        path = self._cache_type.path_for(self.cache_dir, key, self.tenant, username)
        return self._cache_type.open(path) if check else self._cache_type.open(path, check=False)

    def _new_client(self, base_url: str, session_token: str | None = None) -> Any:
        from .client.api import TokenServiceClient

        if self.client is not None:
            self.client.close()
        verify: Any = str(self.config.ca_bundle) if getattr(self.config, "ca_bundle", None) else True
        self.client = TokenServiceClient(
            base_url,
            self.tenant,
            session_token=session_token,
            verify=verify,
            allow_insecure_http=bool(getattr(self.config, "allow_insecure_http", False)),
        )
        return self.client

    # ---- embedded mode: start the local service after the window shows, sign the OS user in ----

    def _start_embedded(self) -> None:
        if self.embedded is None:
            factory = self._embedded_factory
            if factory is None:
                from .embedded import EmbeddedTenant as factory  # noqa: N813 - imported lazily
            self.embedded = factory(self.data_dir, username=self.username, settings=self.settings)
            try:
                self.embedded.start()
            except Exception as error:  # noqa: BLE001 - reported through the one channel
                self.embedded = None
                self.error_channel.report(error)
                return
            self.window.set_service_url(self.embedded.url)
        embedded = self.embedded
        self.window.status.showMessage("Starting the local token service…")
        self.runner.run(embedded.sign_in_os_user, self._embedded_signed_in, self._connect_failed)

    def _embedded_signed_in(self, session: Any) -> None:
        if self._stopped:
            return
        client = self._new_client(self.embedded.url, session.session_token)
        self.window.status.clearMessage()
        log.info("signed in to the embedded tenant as %s", session.username)
        cache = self._open_cache(self.username) if self.window.cache is None else None  # after a sign-out
        self.window.set_session(session, client, cache)

    # ---- remote mode: the saved session from the keyring, checked; else the sign-in dialog -----

    def _resume_remote_session(self) -> None:
        username, store = self.username, self.session_store
        url, tenant = self.service_url, self.tenant
        if not username:
            self.ask_sign_in()
            return

        def check() -> Any:
            token = store.load(url, tenant, username)
            if token is None:
                return None
            client = self._new_client(url, token)
            return client.whoami()

        self.window.status.showMessage(f"Connecting to {url}…")
        self.runner.run(check, self._remote_checked, self._remote_check_failed)

    def _remote_checked(self, session: Any) -> None:
        self.window.status.clearMessage()
        self._tell_keyring_problem()
        if self._stopped:
            return
        if session is None:
            self.ask_sign_in()
            return
        log.info("resumed the saved session of %s", session.username)
        self.window.set_session(session, self.client)

    def _remote_check_failed(self, error: BaseException) -> None:
        from .client.errors import SessionExpired

        self.window.status.clearMessage()
        self._tell_keyring_problem()
        if isinstance(error, SessionExpired):
            self.ask_sign_in()
        else:
            self._connect_failed(error)

    def _connect_failed(self, error: BaseException) -> None:
        self.window.status.clearMessage()
        if self.window.is_offline_error(error):
            log.warning("cannot reach the token service (%s)", type(error).__name__)
            self.window.show_unreachable(error)
        else:
            self.error_channel.report(error)

    def ask_sign_in(self) -> None:
        """The sign-in dialog (remote mode); the session goes to the keyring, the name to the settings."""
        from .ui.sign_in import SignInDialog

        if self._stopped or self.window.session is not None:
            return
        client = self._new_client(self.service_url)
        session = SignInDialog.ask(
            self.window, self.runner, self.service_url, self.tenant, self.username, client.sign_in,
            self.error_channel,
        )
        if session is None:
            self.window.status.showMessage("Not signed in: File → Sign in… when you are ready.", 10000)
            return
        cache = None
        if session.username != self.username or self.window.cache is None:
            self.username = session.username
            cache = self._open_cache(session.username)
            self.settings.username = session.username
            try:
                self.settings.save()
            except OSError:
                log.warning("could not remember the username", exc_info=True)
        store, url, tenant, token = self.session_store, self.service_url, self.tenant, session.session_token
        self.runner.run(lambda: store.save(url, tenant, session.username, token), self._tell_keyring_problem,
                        self.error_channel.report)
        self.window.set_session(session, client, cache)

    # ---- session changes -----------------------------------------------------------------------

    def _signed_out(self) -> None:
        self._user_signed_out = True
        if self.config.embedded:
            # The local tenant needs no password: File → Sign in… signs the OS user in again.
            self.window.status.showMessage("Signed out. File → Sign in… signs you in again.", 10000)
            return
        QTimer.singleShot(0, self.ask_sign_in)

    def _sign_in_requested(self) -> None:
        self._user_signed_out = False
        self.connect_service()

    def _reconnect_requested(self) -> None:
        if not self._user_signed_out:
            self.connect_service()

    def _session_expired(self) -> None:
        if self.config.embedded:
            self._start_embedded()
        else:
            QTimer.singleShot(0, self.ask_sign_in)

    # ---- stop ----------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Clear the secret clipboard, let background work finish, stop the embedded service."""
        if self._stopped:
            return
        self._stopped = True
        self.secret_clipboard.clear_if_ours()
        self.runner.wait_for_done(10000)
        if self.client is not None:
            self.client.close()
        if self.embedded is not None:
            self.embedded.stop()
            self.embedded = None
        cache = self.window.cache
        if cache is not None:
            refresh = getattr(cache, "refresh_snapshot", None)
            if refresh is not None and not self.exit_after_first_paint:
                try:
                    refresh()  # the next start paints from it (a few ms instead of reading every row)
                except Exception:  # noqa: BLE001 - only a speed-up; closing must still happen
                    log.warning("could not refresh the cache's snapshot", exc_info=True)
            cache.close()
        self._uninstall_excepthook()


def main(argv: Sequence[str] | None = None) -> int:
    """`desktop-app`: parse the command line, show the window, run until it closes."""
    from .settings import parse_args

    def session_store() -> Any:
        from .session.keyring_store import SessionStore  # noqa: PLC0415 - keyring after the first paint

        return SessionStore()

    configure_logging()
    config = parse_args(argv)  # exits with a usage message on bad input
    previous_handler = install_qt_message_handler()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "desktop-app"])
    app.setApplicationName("Token Desk")
    app.setApplicationDisplayName("Token Desk")
    app.setOrganizationName("token-desk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    controller = AppController(
        config,
        session_store=session_store,  # created after the first paint (probing the keyring takes ~0.1 s)
        exit_after_first_paint=os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1",
    )
    app.aboutToQuit.connect(controller.shutdown)
    controller.start()
    try:
        code = app.exec()
    finally:
        controller.shutdown()
        qInstallMessageHandler(previous_handler)
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
