"""The secret's one trip through the clipboard: marked for clipboard managers, cleared after a countdown
only if the clipboard still holds it. After `copy()` only a keyed digest of the secret is kept."""

from __future__ import annotations

import hmac
import os
import sys

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard

from desktop_app.core.secrets import secret_digest

DEFAULT_CLEAR_AFTER_S = 30

_WINDOWS_FORMAT = 'application/x-qt-windows-mime;value="{}"'
_DWORD_ZERO = b"\x00\x00\x00\x00"


def platform_hints(platform: str = sys.platform) -> dict[str, bytes]:
    """The MIME formats (besides text/plain) that tell clipboard managers and history not to keep it."""
    if platform.startswith("win"):
        return {
            # Clipboard monitors (and Windows' own history / cloud clipboard) skip this content.
            _WINDOWS_FORMAT.format("ExcludeClipboardContentFromMonitorProcessing"): _DWORD_ZERO,
            _WINDOWS_FORMAT.format("CanIncludeInClipboardHistory"): _DWORD_ZERO,
            _WINDOWS_FORMAT.format("CanUploadToCloudClipboard"): _DWORD_ZERO,
        }
    if platform == "darwin":
        return {"application/x-nspasteboard-concealed-type": b"secret"}
    return {"x-kde-passwordManagerHint": b"secret"}


class SecretClipboard(QObject):
    """One per app. `copy(secret)` starts a countdown of `clear_after_s` seconds (`countdown_changed`);
    at zero, and on `clear_if_ours()` (wizard closed, sign-out, quit), the clipboard is cleared if it
    still holds the secret (`cleared`). Copying something else meanwhile stops the countdown
    (`superseded`) and leaves the clipboard alone."""

    countdown_changed = Signal(int)
    cleared = Signal()
    superseded = Signal()

    def __init__(
        self, clipboard: QClipboard, clear_after_s: int = DEFAULT_CLEAR_AFTER_S, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self.clear_after_s = max(1, int(clear_after_s))
        self._key = os.urandom(32)  # the digest kept is keyed, so it is useless outside this process
        self._digests: set[str] = set()  # secrets that may sit on the clipboard or the X11 selection
        self._seconds_left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        clipboard.dataChanged.connect(self._clipboard_changed)

    @property
    def active(self) -> bool:
        """True while the countdown runs (the clipboard holds our secret)."""
        return self._timer.isActive()

    @property
    def seconds_left(self) -> int:
        return self._seconds_left if self.active else 0

    def _digest(self, text: str) -> str:
        return secret_digest(text, key=self._key)

    def track(self, secret: str) -> None:
        """Remember (as a digest) a secret shown on screen, so that `clear_if_ours()` also clears the
        X11 primary selection if the user selected it with the mouse."""
        self._digests.add(self._digest(secret))

    def copy(self, secret: str) -> None:
        self.track(secret)
        mime = QMimeData()
        mime.setText(secret)
        for fmt, value in platform_hints().items():
            mime.setData(fmt, value)
        self._clipboard.setMimeData(mime, QClipboard.Mode.Clipboard)  # the clipboard owns `mime` now
        self._seconds_left = self.clear_after_s
        self._timer.start()
        self.countdown_changed.emit(self._seconds_left)

    def holds_ours(self, mode: QClipboard.Mode = QClipboard.Mode.Clipboard) -> bool:
        if not self._digests:
            return False
        text = self._clipboard.text(mode)
        if not text:
            return False
        digest = self._digest(text)
        return any(hmac.compare_digest(digest, ours) for ours in self._digests)

    def clear_if_ours(self) -> bool:
        """Clear the clipboard (and the selection) where it still holds our secret; forget the digests."""
        cleared = False
        modes = [QClipboard.Mode.Clipboard]
        if self._clipboard.supportsSelection():
            modes.append(QClipboard.Mode.Selection)
        for mode in modes:
            if self.holds_ours(mode):
                self._clipboard.clear(mode)
                cleared = True
        was_active = self.active
        self._timer.stop()
        self._seconds_left = 0
        self._digests.clear()
        if cleared or was_active:
            self.countdown_changed.emit(0)
        if cleared:
            self.cleared.emit()
        return cleared

    @Slot()
    def _tick(self) -> None:
        self._seconds_left -= 1
        if self._seconds_left > 0:
            self.countdown_changed.emit(self._seconds_left)
            return
        self._timer.stop()
        if not self.clear_if_ours():
            self.countdown_changed.emit(0)

    @Slot()
    def _clipboard_changed(self) -> None:
        if self.active and not self.holds_ours():
            self._timer.stop()
            self._seconds_left = 0
            self.countdown_changed.emit(0)
            self.superseded.emit()
