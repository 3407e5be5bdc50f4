"""Notices for the signed-in user (issue 13): their tokens revoked as leaked or for inactivity, or
expiring within the policy's lead time, each shown once per user — one bar above the tables with a
count and "Show", never a box per notice.

`NoticeFeed` asks the service (`notices(since)`, in the action lane) after each sync. What was shown is
remembered per service, tenant and user in QSettings: the audit cursor, and the ids of the expiring
notices (the service lists those again at each call while they hold). Never a secret.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.tokens import parse_utc
from . import session_hygiene
from .translate import translate

if TYPE_CHECKING:
    from .main_window import MainWindow
    from .session_controller import SessionController

log = logging.getLogger(__name__)

_GROUP = "notices"
_MAX_SEEN = 2000  # expiring notice ids kept (those no longer listed are dropped at each call)


def field(notice: Any, name: str) -> Any:
    """A notice's field, whether the client gives mappings (the JSON) or objects."""
    if isinstance(notice, Mapping):
        return notice.get(name)
    return getattr(notice, name, None)


def notice_text(notice: Any) -> str:
    """One line a person reads: which token, what happened."""
    name = str(field(notice, "token_name") or field(notice, "token_id") or "")
    kind = field(notice, "kind")
    detail = str(field(notice, "detail") or "")
    if kind == "leaked":
        url = detail.split("url=", 1)[1].strip() if "url=" in detail else ""
        if url:
            text = translate("Notices", "“{name}” was revoked: its secret was reported as leaked at {url}.")
            return text.format(name=name, url=url)
        text = translate("Notices", "“{name}” was revoked: its secret was reported as leaked.")
        return text.format(name=name)
    if kind == "inactive_revoked":
        text = translate("Notices", "“{name}” was revoked automatically: it was not used for too long.")
        return text.format(name=name)
    if kind == "expiring":
        when = str(field(notice, "detail") or field(notice, "at") or "")
        try:
            when = parse_utc(when).astimezone().strftime("%Y-%m-%d %H:%M")
        except (TypeError, ValueError):
            pass
        return translate("Notices", "“{name}” expires on {when}.").format(name=name, when=when)
    if kind == "inactive_soon":
        when = detail
        try:
            when = parse_utc(when).astimezone().strftime("%Y-%m-%d %H:%M")
        except (TypeError, ValueError):
            pass
        text = translate(
            "Notices", "“{name}” will be revoked automatically on {when} unless it is used before then."
        )
        return text.format(name=name, when=when)
    return translate("Notices", "“{name}”: {detail}").format(name=name, detail=detail)


def _is_expiring(notice: Any) -> bool:
    """A notice of a current state (listed at every call until it changes), not of an event."""
    return field(notice, "kind") in ("expiring", "inactive_soon")


class NoticesBar(QFrame):
    """“3 notices: …” with Show (the list, double-click shows the token) and Dismiss."""

    show_token_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setAccessibleName(self.tr("Notices"))
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.show_button = QPushButton(self.tr("S&how"), self)
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(self._toggle_list)
        self.dismiss_button = QPushButton(self.tr("&Dismiss"), self)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Notices"))
        self.list.itemActivated.connect(self._activated)
        self.list.hide()
        top = QHBoxLayout()
        top.addWidget(self.message, 1)
        top.addWidget(self.show_button)
        top.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self.hide()

    def count(self) -> int:
        return self.list.count()

    def add(self, notices: list[Any]) -> None:
        """More notices join the bar (shown once: the feed gives each only once)."""
        for notice in notices:
            item = QListWidgetItem(notice_text(notice))
            item.setData(Qt.ItemDataRole.UserRole, str(field(notice, "token_id") or ""))
            self.list.addItem(item)
        count = self.list.count()
        if not count:
            return
        self.message.setText(
            self.list.item(0).text()
            if count == 1
            else self.tr("{count} notices about your tokens, newest: {last}").format(
                count=f"{count:,}", last=self.list.item(count - 1).text()
            )
        )
        self.show()

    @Slot()
    def dismiss(self) -> None:
        self.list.clear()
        self.show_button.setChecked(False)
        self.hide()

    @Slot(bool)
    def _toggle_list(self, shown: bool) -> None:
        self.list.setVisible(shown)
        self.show_button.setText(self.tr("&Hide list") if shown else self.tr("S&how"))

    @Slot(QListWidgetItem)
    def _activated(self, item: QListWidgetItem) -> None:
        token_id = item.data(Qt.ItemDataRole.UserRole)
        if token_id:
            self.show_token_requested.emit(str(token_id))


class NoticeFeed(QObject):
    """Fetches the notices after each sync and shows the new ones in the window's bar."""

    arrived = Signal(int, str)  # how many new notices, a line about them (the tray shows it)

    def __init__(self, window: MainWindow, controller: SessionController) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.bar = NoticesBar(window)
        central = window.centralWidget()
        layout = central.layout() if central is not None else None
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.bar)
        self._fetching = False
        controller.synced.connect(self.fetch)
        controller.session_changed.connect(self._session_changed)

    @Slot()
    def _session_changed(self) -> None:
        if self.controller.session is None:
            self.bar.dismiss()

    def _settings_key(self) -> str:
        c = self.controller
        who = f"{c.service_url}|{c.tenant}|{c.username}"
        return who.replace("/", "_").replace("\\", "_")

    def _load(self) -> tuple[str, set[str]]:
        settings = QSettings("token-desk", "desktop-app")
        settings.beginGroup(_GROUP)
        settings.beginGroup(self._settings_key())
        cursor = str(settings.value("cursor", "0") or "0")
        seen = settings.value("expiring_seen", [])
        settings.endGroup()
        settings.endGroup()
        if isinstance(seen, str):
            seen = [seen]
        return cursor, {str(s) for s in seen} if isinstance(seen, list | tuple) else set()

    def _save(self, cursor: str, seen: set[str]) -> None:
        settings = QSettings("token-desk", "desktop-app")
        settings.beginGroup(_GROUP)
        settings.beginGroup(self._settings_key())
        settings.setValue("cursor", cursor)
        settings.setValue("expiring_seen", sorted(seen)[-_MAX_SEEN:])
        settings.endGroup()
        settings.endGroup()
        settings.sync()

    @Slot()
    def fetch(self, *args: object) -> None:
        client = session_hygiene.hygiene_client(self.controller)
        if client is None or self._fetching:
            return
        since, _seen = self._load()
        self._fetching = True
        key = self._settings_key()
        self.controller.runner.run(
            lambda: client.notices(since), lambda answer: self._got(key, answer), self._failed
        )

    def _failed(self, error: BaseException) -> None:
        self._fetching = False
        log.info("notices not fetched (%s)", type(error).__name__)  # the next sync asks again

    def _got(self, key: str, answer: tuple[list[Any], str]) -> None:
        self._fetching = False
        if key != self._settings_key() or self.controller.session is None:
            return  # another user by now
        notices, cursor = answer
        _since, seen = self._load()
        expiring_now = {str(field(n, "id")) for n in notices if _is_expiring(n)}
        new = [n for n in notices if not _is_expiring(n) or str(field(n, "id")) not in seen]
        # Expiring notices no longer listed are forgotten: a renewed expiry has a new id anyway.
        self._save(str(cursor), (seen & expiring_now) | expiring_now)
        if not new:
            return
        self.bar.add(new)
        self.arrived.emit(len(new), notice_text(new[-1]))


__all__ = ["NoticeFeed", "NoticesBar", "notice_text"]
