"""The hygiene bar of a section (SPEC rule 17): the five attention lists with their counts, one chosen
at a time to show in the table, and "Revoke all listed…" for the list shown.

A row of checkable buttons (choosing the checked one again shows every token); the counts come from
the section's attention proxy (attention_proxy.py).
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from ..core.attention import Attention
from .translate import QT_TRANSLATE_NOOP

_LABELS = {
    Attention.NEVER_USED: QT_TRANSLATE_NOOP("HygieneBar", "Never used"),
    Attention.INACTIVE: QT_TRANSLATE_NOOP("HygieneBar", "Inactive 90 days"),
    Attention.EXPIRING: QT_TRANSLATE_NOOP("HygieneBar", "Expiring soon"),
    Attention.NO_EXPIRY: QT_TRANSLATE_NOOP("HygieneBar", "No expiry"),
    Attention.DEPROVISIONED: QT_TRANSLATE_NOOP("HygieneBar", "Deprovisioned owner"),
}  # self.tr at use
_TIPS = {
    Attention.NEVER_USED: QT_TRANSLATE_NOOP("HygieneBar", "Generated 30 days ago or earlier and never used"),
    Attention.INACTIVE: QT_TRANSLATE_NOOP("HygieneBar", "Not used for 90 days"),
    Attention.EXPIRING: QT_TRANSLATE_NOOP("HygieneBar", "Expiring within the policy's warning lead time"),
    Attention.NO_EXPIRY: QT_TRANSLATE_NOOP("HygieneBar", "Tokens that never expire"),
    Attention.DEPROVISIONED: QT_TRANSLATE_NOOP("HygieneBar", "Owned by deprovisioned users"),
}


class HygieneBar(QWidget):
    """`attention_chosen(Attention | None)`; `revoke_all_requested()` for the list shown."""

    attention_chosen = Signal(object)
    revoke_all_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chosen: Attention | None = None
        self._counts: dict[Attention, int] = dict.fromkeys(Attention, 0)
        self._signed_in = True
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self.tr("Needs attention:"), self)
        layout.addWidget(self.title)
        self.buttons: dict[Attention, QToolButton] = {}
        for attention in Attention:
            button = QToolButton(self)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolTip(self.tr(_TIPS[attention]))
            button.clicked.connect(lambda _checked=False, a=attention: self.choose(a))
            layout.addWidget(button)
            self.buttons[attention] = button
        layout.addStretch(1)
        self.revoke_all_button = QPushButton(self.tr("Revoke all listed…"), self)
        self.revoke_all_button.setToolTip(self.tr("Revoke every token of the list shown, in one step"))
        self.revoke_all_button.clicked.connect(self.revoke_all_requested)
        layout.addWidget(self.revoke_all_button)
        self.show_counts(self._counts)

    def chosen(self) -> Attention | None:
        return self._chosen

    @Slot(object)
    def choose(self, attention: Attention | None) -> None:
        """Show `attention`'s list (None, or the one already shown: every token)."""
        attention = None if attention is None or attention is self._chosen else Attention(attention)
        self._chosen = attention
        for each, button in self.buttons.items():
            button.setChecked(each is attention)
        self._update_revoke()
        self.attention_chosen.emit(attention)

    @Slot(object)
    def show_counts(self, counts: dict[Attention, int]) -> None:
        self._counts = dict(counts)
        for attention, button in self.buttons.items():
            count = counts.get(attention, 0)
            button.setText(
                self.tr("{list} ({count})").format(list=self.tr(_LABELS[attention]), count=f"{count:,}")
            )
            button.setAccessibleName(
                self.tr("{list}: {count} tokens").format(list=self.tr(_LABELS[attention]), count=count)
            )
        self._update_revoke()

    def set_signed_in(self, signed_in: bool) -> None:
        self._signed_in = signed_in
        self._update_revoke()

    def _update_revoke(self) -> None:
        listed = self._chosen is not None and self._counts.get(self._chosen, 0) > 0
        self.revoke_all_button.setVisible(self._chosen is not None)
        self.revoke_all_button.setEnabled(listed and self._signed_in)


__all__ = ["HygieneBar"]
