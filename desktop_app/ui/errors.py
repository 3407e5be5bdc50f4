"""The one error channel to the user: cancel is silent, a user-facing error is a message a person can
act on, anything else is logged with its traceback and shown once. `install_excepthook` routes uncaught
exceptions from any thread to the GUI thread's channel."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from enum import Enum
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QSizePolicy, QStyle, QWidget

from desktop_app.core.errors import Cancelled, UserFacingError
from desktop_app.core.redact import redact  # a secret or session token never reaches a log or a box

log = logging.getLogger("desktop_app")


class ErrorKind(Enum):
    """What a failed service call means for the session; `classify` decides, once for every caller."""

    OFFLINE = "offline"  # unreachable or timed out: keep the cached tokens, show the banner, retry
    SESSION_EXPIRED = "session expired"  # the service no longer accepts the session: sign in again
    PERMISSION = "permission"  # the role may not do this: say so, the session goes on
    OTHER = "other"  # anything else: the error channel


def classify(error: BaseException) -> ErrorKind:
    """The one triage of a service error (offline / session expired / permission / other)."""
    from desktop_app.client.errors import (  # noqa: PLC0415 - the client's errors, not its HTTP stack
        PermissionDenied,
        ServiceTimeout,
        ServiceUnreachable,
        SessionExpired,
    )

    if isinstance(error, ServiceUnreachable | ServiceTimeout):
        return ErrorKind.OFFLINE
    if isinstance(error, SessionExpired):
        return ErrorKind.SESSION_EXPIRED
    if isinstance(error, PermissionDenied):
        return ErrorKind.PERMISSION
    return ErrorKind.OTHER


def _traceback_text(error: BaseException) -> str:
    return redact("".join(traceback.format_exception(type(error), error, error.__traceback__)))


class ErrorChannel(QObject):
    """`report(error)` from anywhere; messages appear in the GUI thread."""

    _reported_from_thread = Signal(BaseException)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent_widget = parent
        self._shown: set[tuple[str, str]] = set()
        self._reported_from_thread.connect(self._report_here)

    def set_parent_widget(self, parent: QWidget | None) -> None:
        """The window the messages are modal to, when the channel was made before it."""
        self._parent_widget = parent

    @classmethod
    def show_message(cls, parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon) -> None:
        """The modal message box; tests monkeypatch this."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setAccessibleName(title)
        box.exec()

    def report(self, error: BaseException) -> None:
        if not self.thread().isCurrentThread():
            self._reported_from_thread.emit(error)  # queued to the GUI thread
            return
        self._report_here(error)

    @Slot(BaseException)
    def _report_here(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            return
        if isinstance(error, UserFacingError):
            self.show_message(
                self._parent_widget, self.tr("Token Desk"), redact(str(error)), QMessageBox.Icon.Warning
            )
            return
        log.error("Unexpected error:\n%s", _traceback_text(error))
        key = (f"{type(error).__module__}.{type(error).__qualname__}", redact(str(error)))
        if key in self._shown:
            return
        self._shown.add(key)
        detail = f"{type(error).__name__}: {key[1]}" if key[1] else type(error).__name__
        self.show_message(
            self._parent_widget,
            self.tr("Token Desk: unexpected error"),
            self.tr(
                "Something went wrong ({detail}). The details were written to the log; "
                "if it keeps happening, report it with the log."
            ).format(detail=detail),
            QMessageBox.Icon.Critical,
        )


def install_excepthook(channel: ErrorChannel) -> Callable[[], None]:
    """Send uncaught exceptions (GUI thread, Qt slots, worker threads) to `channel`; returns `uninstall`."""
    previous_sys = sys.excepthook
    previous_threading = threading.excepthook

    def sys_hook(exc_type: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous_sys(exc_type, error, tb)
            return
        if error.__traceback__ is None:
            error = error.with_traceback(tb)
        channel.report(error)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            previous_threading(args)
            return
        channel.report(args.exc_value)  # report() marshals to the GUI thread by signal

    sys.excepthook = sys_hook
    threading.excepthook = thread_hook

    def uninstall() -> None:
        if sys.excepthook is sys_hook:
            sys.excepthook = previous_sys
        if threading.excepthook is thread_hook:
            threading.excepthook = previous_threading

    return uninstall


class InlineProblem(QWidget):
    """A warning icon and a sentence shown next to the field or action it is about; hidden when empty.

    Uses the style's icon and the system palette (no hard-coded colours), so it reads in light and dark.
    """

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self._icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size)
        )
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setAccessibleName(accessible_name)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1)
        self.setVisible(False)

    def text(self) -> str:
        return self._text.text()

    def set_text(self, text: str | None) -> None:
        self._text.setText(redact(text or ""))
        self.setVisible(bool(text))
