"""Revoke confirmations: name the token(s) that will stop working, and say it cannot be undone.

`confirm_revoke(parent, names)` for the Delete key / Revoke button, `confirm_revoke_deprovisioned(parent,
rows)` for "revoke tokens of deprovisioned users". Both go through `RevokeConfirmation.ask`, which tests
monkeypatch. Cancel is the default button: Enter never revokes by accident; Alt+R does.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .translate import QT_TRANSLATE_NOOP, translate

_CONSEQUENCE = QT_TRANSLATE_NOOP(  # translated where used
    "revoke_dialog",
    "Scripts and agents using {them} will be refused (401) from their next call. "
    "Revoking cannot be undone: they will need a new token."
)


class RevokeConfirmation(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        question: str,
        consequence: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        confirm_text: str,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.question = QLabel(question)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        self.consequence = QLabel(consequence)
        self.consequence.setTextFormat(Qt.TextFormat.PlainText)
        self.consequence.setWordWrap(True)
        self.items = QTreeWidget()
        self.items.setAccessibleName(self.tr("Tokens to revoke"))
        self.items.setRootIsDecorated(False)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.items.setColumnCount(len(headers))
        self.items.setHeaderLabels(list(headers))
        self.items.setHeaderHidden(len(headers) == 1)
        self.items.addTopLevelItems([QTreeWidgetItem(list(row)) for row in rows])
        self.items.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.items.setMaximumHeight(max(120, min(320, 24 * (len(rows) + 2))))
        self.buttons = QDialogButtonBox()
        self.revoke_button = self.buttons.addButton(confirm_text, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.revoke_button.setAccessibleName(confirm_text.replace("&", ""))
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)
        self.revoke_button.setAutoDefault(False)
        self.revoke_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        text = QVBoxLayout()
        text.addWidget(self.question)
        text.addWidget(self.consequence)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.items)
        layout.addWidget(self.buttons)
        self.question.setMinimumWidth(360)  # wrap sentences at a readable width, not a narrow column
        self.cancel_button.setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        question: str,
        consequence: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        confirm_text: str,
    ) -> bool:
        """Show the confirmation modally; True when the user chose to revoke. Tests monkeypatch this."""
        dialog = cls(parent, title, question, consequence, headers, rows, confirm_text)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()


def confirm_revoke(parent: QWidget | None, names: list[str]) -> bool:
    """Ask before revoking the tokens named `names` (one or several)."""
    if not names:
        return False
    if len(names) == 1:
        question = translate("revoke_dialog", "Revoke the token “{name}”?").format(name=names[0])
        consequence = translate("revoke_dialog", _CONSEQUENCE).format(them=translate("revoke_dialog", "it"))
        confirm = translate("revoke_dialog", "&Revoke token")
    else:
        question = translate("revoke_dialog", "Revoke these {count} tokens?").format(count=len(names))
        consequence = translate("revoke_dialog", _CONSEQUENCE).format(them=translate("revoke_dialog", "them"))
        confirm = translate("revoke_dialog", "&Revoke {count} tokens").format(count=len(names))
    return RevokeConfirmation.ask(
        parent, translate("revoke_dialog", "Revoke tokens"), question, consequence, [translate("revoke_dialog", "Token")], [[n] for n in names], confirm
    )


def confirm_revoke_deprovisioned(parent: QWidget | None, rows: list[tuple[str, str]]) -> bool:
    """Ask before revoking every token whose owner was deprovisioned; `rows` = (token name, owner)."""
    if not rows:
        return False
    owners = sorted({owner for _, owner in rows})
    count = translate("revoke_dialog", "the token") if len(rows) == 1 else translate("revoke_dialog", "these {count} tokens").format(count=len(rows))
    of_whom = translate("revoke_dialog", "the deprovisioned user {owner}").format(owner=owners[0]) if len(owners) == 1 else translate("revoke_dialog", "{count} deprovisioned users").format(count=len(owners))
    question = translate("revoke_dialog", "Revoke {tokens} of {owners}?").format(tokens=count, owners=of_whom)
    consequence = translate("revoke_dialog",
        "Their owners no longer work here, so every use is already refused (403). Revoking removes "
        "them for good; it cannot be undone."
    )
    confirm = translate("revoke_dialog", "&Revoke token") if len(rows) == 1 else translate("revoke_dialog", "&Revoke {count} tokens").format(count=len(rows))
    return RevokeConfirmation.ask(
        parent,
        translate("revoke_dialog", "Revoke tokens of deprovisioned users"),
        question,
        consequence,
        [translate("revoke_dialog", "Token"), translate("revoke_dialog", "Owner")],
        [list(row) for row in rows],
        confirm,
    )
