"""Revoke confirmations: name the tokens (and owners) that will stop working, say it cannot be undone.

`confirm_revoke(parent, tokens)` for the Delete key / Revoke button; `confirm_revoke_deprovisioned(parent,
here, everywhere)` for "revoke tokens of deprovisioned users", which offers both scopes (this section,
or every section) with counts per kind. Both go through `RevokeConfirmation.ask`, which tests
monkeypatch. The list is a view over a model of the `RevokeList` (nothing per row is built: it opens
at once with 80,000 tokens). Cancel is the default button: Enter never revokes by accident.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.tokens import TokenKind
from .core_text import core_label
from .revoke_list import RevokeList, count_text, counts_text
from .translate import QT_TRANSLATE_NOOP, translate

_CONSEQUENCE_ONE = QT_TRANSLATE_NOOP(
    "revoke_dialog",
    "Scripts and agents using it will be refused (401) from their next call. "
    "Revoking cannot be undone: they will need a new token.",
)
_CONSEQUENCE_MANY = QT_TRANSLATE_NOOP(
    "revoke_dialog",
    "Scripts and agents using them will be refused (401) from their next call. "
    "Revoking cannot be undone: they will need a new token.",
)
_HEADERS = ("Token", "Owner")
_DISPLAY = Qt.ItemDataRole.DisplayRole


class Scope(Enum):
    """Which tokens of deprovisioned users: the current section's, or every section's."""

    SECTION = "section"
    ALL = "all"


class RevokeListModel(QAbstractTableModel):
    """Names and owners of a RevokeList, answered only for the rows the view paints."""

    def __init__(self, tokens: RevokeList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = (tokens.names, tokens.owners)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns[0])

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY or role == Qt.ItemDataRole.ToolTipRole:
            return self._columns[index.column()][index.row()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _HEADERS[section]
        return None


class RevokeConfirmation(QDialog):
    """The question, its consequence, the tokens listed, one button per choice and Cancel (default)."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        question: str,
        consequence: str,
        tokens: RevokeList,
        choices: Sequence[tuple[Any, str]],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.choice: Any = None
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(warning.pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.question = self._label(question)
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        self.consequence = self._label(consequence)
        self.model = RevokeListModel(tokens, self)
        self.items = QTableView()
        self.items.setAccessibleName(self.tr("Tokens to revoke"))
        self.items.setModel(self.model)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.setShowGrid(False)
        self.items.setWordWrap(False)
        self.items.setAlternatingRowColors(True)
        self.items.setTabKeyNavigation(False)
        vertical = self.items.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measures 80,000 rows
        vertical.setDefaultSectionSize(self.items.fontMetrics().height() + 8)
        horizontal = self.items.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.resizeSection(0, 300)
        horizontal.setStretchLastSection(True)
        horizontal.setHighlightSections(False)
        horizontal.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows_shown = min(len(tokens), 10)
        self.items.setMinimumHeight(vertical.defaultSectionSize() * (rows_shown + 1) + 8)
        self.buttons = QDialogButtonBox()
        self.choice_buttons: dict[Any, QAbstractButton] = {}
        for key, text in choices:
            button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.DestructiveRole)
            button.setAccessibleName(text.replace("&", ""))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, key=key: self._choose(key))
            self.choice_buttons[key] = button
        self.revoke_button = next(iter(self.choice_buttons.values()))
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        texts = QVBoxLayout()
        texts.addWidget(self.question)
        texts.addWidget(self.consequence)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(texts, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.buttons)
        self.question.setMinimumWidth(460)  # wrap sentences at a readable width, not a narrow column
        self.resize(620, 460 if len(tokens) > 6 else 300)
        self.cancel_button.setFocus()

    @staticmethod
    def _label(text: str) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)  # names are text, never markup
        label.setWordWrap(True)
        return label

    def _choose(self, key: Any) -> None:
        self.choice = key
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        question: str,
        consequence: str,
        tokens: RevokeList,
        choices: Sequence[tuple[Any, str]],
    ) -> Any:
        """Show the confirmation modally; the chosen key, or None on Cancel. Tests monkeypatch this."""
        dialog = cls(parent, title, question, consequence, tokens, choices)
        try:
            return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


def confirm_revoke(parent: QWidget | None, tokens: RevokeList) -> bool:
    """Ask before revoking the selected `tokens` (one or several)."""
    if not len(tokens):
        return False
    kinds = [kind for kind, count in tokens.counts.items() if count]
    kind = kinds[0] if len(kinds) == 1 else None
    if len(tokens) == 1:
        question = translate("revoke_dialog", "Revoke the token “{name}” of {owner}?").format(
            name=tokens.names[0], owner=tokens.owners[0]
        )
        consequence = translate("revoke_dialog", _CONSEQUENCE_ONE)
        confirm = translate("revoke_dialog", "&Revoke token")
    else:
        question = translate("revoke_dialog", "Revoke these {tokens}?").format(
            tokens=count_text(len(tokens), kind)
        )
        consequence = translate("revoke_dialog", _CONSEQUENCE_MANY)
        confirm = translate("revoke_dialog", "&Revoke {count} tokens").format(count=f"{len(tokens):,}")
    return (
        RevokeConfirmation.ask(
            parent,
            translate("revoke_dialog", "Revoke tokens"),
            question,
            consequence,
            tokens,
            [(True, confirm)],
        )
        is True
    )


def confirm_revoke_deprovisioned(
    parent: QWidget | None, here: RevokeList, everywhere: RevokeList, section: TokenKind
) -> Scope | None:
    """Ask before revoking every token whose owner was deprovisioned, in this `section` (`here`) or in
    every section (`everywhere`); → the chosen scope, or None."""
    if not len(everywhere):
        return None
    owners = len(set(everywhere.owners))
    if owners == 1:
        of_whom = translate("revoke_dialog", "the deprovisioned user {owner}").format(
            owner=everywhere.owners[0]
        )
    else:
        of_whom = translate("revoke_dialog", "{count} deprovisioned users").format(count=f"{owners:,}")
    question = translate("revoke_dialog", "Revoke the tokens of {owners}?").format(owners=of_whom)
    section_label = core_label(section.label)
    where = [
        translate("revoke_dialog", "In {section}: {tokens}.").format(
            section=section_label, tokens=count_text(len(here), section)
        )
    ]
    if len(everywhere) != len(here):
        where.append(
            translate("revoke_dialog", "In all sections: {tokens} ({counts}).").format(
                tokens=count_text(len(everywhere)), counts=counts_text(everywhere.counts)
            )
        )
    consequence = " ".join(
        [
            *where,
            translate(
                "revoke_dialog",
                "Their owners no longer work here, so every use is already refused (403). Revoking removes "
                "them for good; it cannot be undone.",
            ),
        ]
    )
    choices: list[tuple[Any, str]] = []
    if len(here):
        choices.append(
            (
                Scope.SECTION,
                translate("revoke_dialog", "&Revoke {count} in {section}").format(
                    count=f"{len(here):,}", section=section_label
                ),
            )
        )
    if len(everywhere) != len(here):
        choices.append(
            (
                Scope.ALL,
                translate("revoke_dialog", "Revoke {count} in &all sections").format(
                    count=f"{len(everywhere):,}"
                ),
            )
        )
    scope: Scope | None = RevokeConfirmation.ask(
        parent,
        translate("revoke_dialog", "Revoke tokens of deprovisioned users"),
        question,
        consequence,
        everywhere,
        choices,
    )
    return scope


__all__ = ["RevokeConfirmation", "RevokeListModel", "Scope", "confirm_revoke", "confirm_revoke_deprovisioned"]
