"""The status bar: which service, tenant and user this window shows, and when it last synced."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ..core.roles import Role
from .core_text import core_label


def local_time(moment: datetime) -> str:
    """A sync time as people read it: local time, with the date only when it is not today."""
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return f"{local:%H:%M:%S}"
    return f"{local:%Y-%m-%d %H:%M}"


def elide_words(text: str, advance: Callable[[str], int], width: int) -> str:
    """`text` if it fits in `width` pixels, else its longest run of whole words that fits with "…"."""
    if advance(text) <= width:
        return text
    words = text.split(" ")
    low, high = 0, len(words)  # the number of words kept: binary search (advance grows with it)
    while low < high:
        middle = (low + high + 1) // 2
        if advance(" ".join(words[:middle]).rstrip(",;:") + "…") <= width:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return "…"
    return " ".join(words[:low]).rstrip(",;:.") + "…"


class SessionStatusBar(QStatusBar):
    """Service URL, tenant, user (and role), last sync; transient messages on the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_message = ""  # the last message uncut (the bar may show it elided)
        self.keyring_label = self._permanent(self.tr("Keyring problem"))
        self.keyring_label.hide()
        self.service_label = self._permanent(self.tr("Token service"))
        self.tenant_label = self._permanent(self.tr("Tenant"))
        self.user_label = self._permanent(self.tr("Signed-in user"))
        self.sync_label = self._permanent(self.tr("Last sync"))

    def _permanent(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)  # usernames, tenants and URLs are text, not markup
        label.setAccessibleName(name)
        label.setTextInteractionFlags(label.textInteractionFlags())
        self.addPermanentWidget(label)
        return label

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        """A message that does not fit is cut at a word boundary with an ellipsis; the whole of it is
        the tooltip."""
        fitted = elide_words(text, self.fontMetrics().horizontalAdvance, self._message_width())
        self.full_message = text
        self.setToolTip(text if fitted != text else "")
        super().showMessage(fitted, timeout)

    def _message_width(self) -> int:
        permanent = sum(
            label.sizeHint().width() + 12 for label in self.findChildren(QLabel) if label.isVisibleTo(self)
        )
        return max(120, self.width() - permanent - 24)

    def show_keyring_problem(self, warning: str | None) -> None:
        """A lasting mark while the session cannot be kept in the keyring; the full text in the tooltip."""
        self.keyring_label.setText(self.tr("⚠ Sign-in not saved (keyring)") if warning else "")
        self.keyring_label.setToolTip(warning or "")
        self.keyring_label.setVisible(bool(warning))

    def show_target(self, service_url: str, tenant: str) -> None:
        self.service_label.setText(self.tr("Service: {url}").format(url=service_url))
        self.tenant_label.setText(self.tr("Tenant: {tenant}").format(tenant=tenant))

    def show_user(self, username: str | None, role: Role | None) -> None:
        if not username:
            self.user_label.setText(self.tr("Signed out"))
        elif role is None:
            self.user_label.setText(self.tr("User: {user}").format(user=username))
        else:
            self.user_label.setText(
                self.tr("User: {user} ({role})").format(
                    user=username,
                    role=core_label(Role(role).label).lower(),
                    Role=core_label(Role(role).label),
                )
            )

    def show_sync(self, last_sync_at: datetime | None, *, syncing: bool = False) -> None:
        if syncing:
            when = self.tr(" (last {time})").format(time=local_time(last_sync_at)) if last_sync_at else ""
            self.sync_label.setText(self.tr("Syncing…{when}").format(when=when))
        elif last_sync_at is None:
            self.sync_label.setText(self.tr("Not synced yet"))
        else:
            self.sync_label.setText(self.tr("Synced {time}").format(time=local_time(last_sync_at)))
        if last_sync_at is not None:
            self.sync_label.setToolTip(
                self.tr("Last good sync: {time} UTC").format(time=f"{last_sync_at:%Y-%m-%d %H:%M:%S}")
            )
