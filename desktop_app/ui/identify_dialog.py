"""Tokens → Identify a secret… (full admins, SPEC rule 16): paste a secret found somewhere, see whose
token it is (name, owner, kind, status, expiry), then revoke it or show it in the table.

The secret is typed or pasted into a password field (no drag and drop; nothing offers to copy it back
out). It goes to the service's identify call and nowhere else: never stored, logged or shown in an error.
The field is emptied (which also drops its undo history) once the token is found and when the dialog
closes, and the dialog keeps no other reference to it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserFacingError
from ..core.tokens import TokenInfo, TokenKind
from .background import BackgroundRunner
from .core_text import core_label
from .errors import ErrorChannel, ErrorKind, InlineProblem, classify
from .revoke_list import RevokeList

T = TypeVar("T")
R = TypeVar("R")


def secret_field(parent: QWidget, accessible_name: str) -> QLineEdit:
    """A field for a pasted secret: hidden as it is typed, no drag in or out, no completion."""
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)  # Password mode also refuses copy and cut
    field.setAcceptDrops(False)
    field.setDragEnabled(False)
    field.setAccessibleName(accessible_name)
    field.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText)
    return field


class IdentifyDialog(QDialog):
    """`revoke_requested(RevokeList)` and `show_requested(token id, TokenKind)` for the token found."""

    revoke_requested = Signal(object)
    show_requested = Signal(str, object)

    def __init__(
        self,
        runner: BackgroundRunner,
        identify: Callable[[str], TokenInfo | None],
        error_channel: ErrorChannel,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
        on_failure: Callable[[BaseException], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._identify = identify
        self._errors = error_channel
        self._clock = clock
        self._on_failure = on_failure
        self._token: TokenInfo | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Identify a secret"))
        self.setMinimumWidth(520)

        intro = QLabel(
            self.tr(
                "Paste a secret found in a log, a ticket or a repository to see whose token it is. "
                "The secret is sent to the token service to be looked up and is not kept."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.secret_field = secret_field(self, self.tr("Secret to identify"))
        self.secret_field.setPlaceholderText(self.tr("tdk_…"))
        self.secret_field.textChanged.connect(self._update_buttons)
        self.secret_field.returnPressed.connect(self.identify)
        self.show_box = QCheckBox(self.tr("&Show"), self)
        self.show_box.setToolTip(self.tr("Show the pasted secret"))
        self.show_box.toggled.connect(self._toggle_echo)
        self.identify_button = QPushButton(self.tr("&Identify"), self)
        self.identify_button.clicked.connect(self.identify)
        row = QHBoxLayout()
        row.addWidget(self.secret_field, 1)
        row.addWidget(self.show_box)
        row.addWidget(self.identify_button)

        self.problem = InlineProblem(self.tr("Why the secret was not identified"), self)
        self.result_label = QLabel(self)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setWordWrap(True)
        self.details = QWidget(self)
        form = QFormLayout(self.details)
        form.setContentsMargins(0, 0, 0, 0)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("name", self.tr("Name:")),
            ("owner", self.tr("Owner:")),
            ("kind", self.tr("Kind:")),
            ("status", self.tr("Status:")),
            ("expiry", self.tr("Expires:")),
        ):
            value = QLabel(self.details)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
            self.fields[key] = value
        self.details.hide()

        self.revoke_button = QPushButton(self.tr("&Revoke…"), self)
        self.revoke_button.clicked.connect(self._request_revoke)
        self.show_button = QPushButton(self.tr("Show in &table"), self)
        self.show_button.clicked.connect(self._request_show)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.revoke_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.result_label)
        layout.addWidget(self.details)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self._update_buttons()

    # ---- the look-up ------------------------------------------------------------------------------

    @property
    def token(self) -> TokenInfo | None:
        return self._token

    @Slot()
    def identify(self) -> None:
        if self._busy or not self.secret_field.text().strip():
            return
        self._busy = True
        self._show(None, "")
        self.result_label.setText(self.tr("Looking the secret up…"))
        self._update_buttons()
        call = bound_call(self._identify, self.secret_field.text().strip())
        self._runner.run(call, self._found, self._failed)

    def _found(self, token: TokenInfo | None) -> None:
        self._busy = False
        if not self.isVisible():
            return
        if token is None:
            self._show(None, self.tr("No live token has this secret."))
        else:
            self._forget_secret()
            self._show(token, "")
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self._show(None, "")
        kind = classify(error)
        if kind is ErrorKind.SESSION_EXPIRED and self._on_failure is not None:
            self._on_failure(error)
        if isinstance(error, UserFacingError):
            self.problem.set_text(str(error))  # the service's sentences never repeat the secret
        else:
            self._errors.report(error)
        self._update_buttons()

    def _show(self, token: TokenInfo | None, text: str) -> None:
        self._token = token
        self.result_label.setText(text)
        self.problem.set_text(None)
        self.details.setVisible(token is not None)
        if token is None:
            return
        now = self._clock()
        expiry = token.expires_at
        self.result_label.setText(self.tr("This secret belongs to:"))
        self.fields["name"].setText(token.name)
        self.fields["owner"].setText(
            self.tr("{owner} (deprovisioned)").format(owner=token.owner)
            if token.owner_deprovisioned
            else token.owner
        )
        self.fields["kind"].setText(core_label(TokenKind(token.kind).noun))
        self.fields["status"].setText(core_label(token.status(now).label))
        self.fields["expiry"].setText(
            self.tr("never") if expiry is None else expiry.astimezone().strftime("%Y-%m-%d %H:%M")
        )

    # ---- the token found -------------------------------------------------------------------------

    @Slot()
    def _request_revoke(self) -> None:
        token = self._token
        if token is not None:
            self.revoke_requested.emit(
                RevokeList([token.id], [token.name], [token.owner], {TokenKind(token.kind): 1})
            )

    @Slot()
    def _request_show(self) -> None:
        token = self._token
        if token is not None:
            self.show_requested.emit(token.id, TokenKind(token.kind))

    def token_revoked(self, ids: list[str]) -> None:
        """The window revoked tokens: when this one is among them, say so."""
        if self._token is not None and self._token.id in ids:
            self.fields["status"].setText(self.tr("Revoked"))
            self.revoke_button.setEnabled(False)

    # ---- state and closing -----------------------------------------------------------------------

    @Slot(bool)
    def _toggle_echo(self, shown: bool) -> None:
        self.secret_field.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    @Slot()
    def _update_buttons(self, *args: object) -> None:
        self.identify_button.setEnabled(not self._busy and bool(self.secret_field.text().strip()))
        self.identify_button.setDefault(True)
        found = self._token is not None
        self.revoke_button.setVisible(found)
        self.revoke_button.setEnabled(found)
        self.show_button.setVisible(found)

    def _forget_secret(self) -> None:
        # setText also clears the undo and redo history, which holds every earlier text.
        self.secret_field.clear()
        self.secret_field.setText("")
        self.show_box.setChecked(False)

    def done(self, result: int) -> None:
        self._forget_secret()
        super().done(result)


def bound_call(call: Callable[[T], R], value: T) -> Callable[[], R]:
    """`call(value)` for the background lane: only this closure holds `value`, and the lane drops the
    closure once it has run."""
    return lambda: call(value)


__all__ = ["IdentifyDialog", "bound_call", "secret_field"]
