"""The banner shown while the token service cannot be reached: the cached table stays readable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStyle, QTabWidget, QWidget

from .status_bar import local_time


def offline_text(service_url: str, cached_at: datetime | None) -> str:
    if cached_at is None:
        return QCoreApplication.translate(
            "OfflineBanner",
            "Cannot reach the token service at {url} — no tokens are cached on this computer yet.",
        ).format(url=service_url)
    return QCoreApplication.translate(
        "OfflineBanner", "Cannot reach the token service at {url} — showing tokens cached at {time}."
    ).format(url=service_url, time=local_time(cached_at))


class OfflineBanner(QFrame):
    """ "Cannot reach … — showing tokens cached at …" with Retry."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)  # the system's "attention" colours
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setAccessibleName(self.tr("Offline"))
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size)
        )
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.retry_button = QPushButton(self.tr("Retr&y"), self)
        self.retry_button.setToolTip(self.tr("Try to reach the token service again (F5)"))
        self.retry_button.clicked.connect(self.retry_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(icon)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.retry_button)
        self.hide()

    def float_over(self, host: QWidget, anchor: Callable[[], QWidget]) -> None:
        """Float over `host` just above the bottom of `anchor()` (the current table) instead of taking a
        place in a layout: showing and hiding it then never moves the table."""
        self.setParent(host)
        self._host, self._anchor = host, anchor
        host.installEventFilter(self)
        if isinstance(host, QTabWidget):
            host.currentChanged.connect(self._place)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is getattr(self, "_host", None) and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._place()
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        self._place()
        super().showEvent(event)

    def _place(self, *_args: object) -> None:
        host = getattr(self, "_host", None)
        if host is None:
            return
        anchor = self._anchor()
        bottom = anchor.mapTo(host, QPoint(0, anchor.height())).y()
        width = max(200, host.width() - 32)
        height = max(self.heightForWidth(width), self.minimumSizeHint().height())
        self.setGeometry(16, max(0, bottom - height - 8), width, height)
        self.raise_()

    def show_offline(self, service_url: str, cached_at: datetime | None, detail: str | None = None) -> None:
        self.message.setText(offline_text(service_url, cached_at))
        self.message.setToolTip(detail or "")
        self.setAccessibleDescription(self.message.text())
        self.show()

    def set_retrying(self, retrying: bool) -> None:
        self.retry_button.setEnabled(not retrying)
        self.retry_button.setText(self.tr("Retrying…") if retrying else self.tr("Retr&y"))
