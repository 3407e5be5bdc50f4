"""The details pane: the selected token's fields, its description (editable in place), the last
addresses it was used from, its daily uses of 30 days, and the actions Rotate…, End grace now, Revoke.

A QDockWidget on the right of the main window (details_wiring.py docks it, loads the details on a
selection change, and keeps its size and visibility with the window's state). It shows the cached
fields at once (`show_token`), then the service's answer (`show_details`); offline it keeps the
cached fields and says usage is unavailable (`show_usage_unavailable`). It never calls the service:
its requests leave as signals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QSize, Qt, Signal, SignalInstance, Slot
from PySide6.QtWidgets import (
    QDockWidget,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.generate_flow import KIND_NOUNS
from ..core.tokens import TokenInfo
from .columns import exact_time, relative_time, relative_until
from .core_text import core_label
from .details_addresses import AddressTableModel
from .errors import InlineProblem
from .protocols import TokenDetails
from .usage_chart import UsageChart

MAX_DESCRIPTION = 500  # SPEC rule 14 (the service checks the character rules)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class _PaneScroll(QScrollArea):
    """Opens 30 em wide (a first start sizes the dock to this hint; later, the width the user left)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.fontMetrics().horizontalAdvance("M") * 30), hint.height())


class DetailsPane(QDockWidget):
    rotate_requested = Signal(str)
    end_grace_requested = Signal(str)
    revoke_requested = Signal(str)
    describe_requested = Signal(str, str)  # token id, the new description

    def __init__(self, clock: Callable[[], datetime] = _utc_now, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Details"), parent)
        self.setObjectName("DetailsPane")  # the window's saved state finds the dock by this name
        self.setAccessibleName(self.tr("Token details"))
        self._clock = clock
        self._token: TokenInfo | None = None
        self._old_last_used: datetime | None = None
        self._signed_in = False
        self._saved_description = ""
        self.wiring: QObject | None = None  # details_wiring.DetailsWiring, once docked in the window

        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.placeholder = QLabel(self.tr("Select one token to see its details."), body)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)
        layout.addWidget(self.placeholder)

        self.content = QWidget(body)
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, title in (
            ("name", self.tr("Name:")),
            ("kind", self.tr("Kind:")),
            ("owner", self.tr("Owner:")),
            ("privileges", self.tr("Privileges:")),
            ("status", self.tr("Status:")),
            ("created", self.tr("Created:")),
            ("last_used", self.tr("Last used:")),
            ("expires", self.tr("Expires:")),
            ("old_valid_until", self.tr("Old secret valid until:")),
            ("old_last_used", self.tr("Old secret last used:")),
        ):
            value = QLabel(self.content)
            value.setWordWrap(True)
            # Wrapped to the pane's width (the size policy lets the form give it less than its hint).
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label = QLabel(title, self.content)
            label.setBuddy(value)
            value.setAccessibleName(title.rstrip(":"))
            form.addRow(label, value)
            self.fields[key] = value
        self._form = form
        content.addLayout(form)

        self.description = QPlainTextEdit(self.content)
        self.description.setAccessibleName(self.tr("Description"))
        self.description.setPlaceholderText(self.tr("What the token is for, where it is used (optional)"))
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(self.fontMetrics().height() * 5)
        self.description.textChanged.connect(self._description_edited)
        self.save_button = QPushButton(self.tr("&Save description"), self.content)
        self.save_button.clicked.connect(self._save_description)
        self.description_problem = InlineProblem(self.tr("Description problem"), self.content)
        box = QGroupBox(self.tr("Description"), self.content)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.description)
        save_row = QHBoxLayout()
        save_row.addWidget(self.description_problem, 1)
        save_row.addWidget(self.save_button)
        box_layout.addLayout(save_row)
        content.addWidget(box)

        self.usage_note = QLabel(self.content)
        self.usage_note.setWordWrap(True)
        self.usage_note.setAccessibleName(self.tr("Usage note"))
        content.addWidget(self.usage_note)
        self.addresses = AddressTableModel(self)
        self.address_view = QTableView(self.content)
        self.address_view.setModel(self.addresses)
        self.address_view.setAccessibleName(self.tr("Last addresses"))
        self.address_view.verticalHeader().hide()
        self.address_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.address_view.horizontalHeader().setStretchLastSection(True)
        self.address_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.address_view.setMinimumHeight(self.fontMetrics().height() * 6)
        content.addWidget(QLabel(self.tr("Last addresses:"), self.content))
        content.addWidget(self.address_view, 1)
        content.addWidget(QLabel(self.tr("Daily uses, past 30 days:"), self.content))
        self.chart = UsageChart(self.content)
        content.addWidget(self.chart)

        actions = QHBoxLayout()
        self.rotate_button = QPushButton(self.tr("R&otate…"), self.content)
        self.rotate_button.clicked.connect(lambda: self._emit_for(self.rotate_requested))
        self.end_grace_button = QPushButton(self.tr("&End grace now"), self.content)
        self.end_grace_button.setToolTip(self.tr("Stop the old secret now (it answers 401 from then on)"))
        self.end_grace_button.clicked.connect(lambda: self._emit_for(self.end_grace_requested))
        self.revoke_button = QPushButton(self.tr("Re&voke…"), self.content)
        self.revoke_button.clicked.connect(lambda: self._emit_for(self.revoke_requested))
        actions.addWidget(self.rotate_button)
        actions.addWidget(self.end_grace_button)
        actions.addStretch(1)
        actions.addWidget(self.revoke_button)
        content.addLayout(actions)
        layout.addWidget(self.content, 1)

        scroll = _PaneScroll(self)
        scroll.setWidgetResizable(True)
        # Values wrap to the pane's width: it scrolls down, never sideways.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Never squeezed below a readable width by a wide table (the window's other docks and splitter
        # give and take the rest).
        scroll.setMinimumWidth(scroll.fontMetrics().horizontalAdvance("M") * 14)
        scroll.setWidget(body)
        self.setWidget(scroll)
        self.show_token(None)

    # ---- what the window tells it ---------------------------------------------------------------

    @property
    def token_id(self) -> str | None:
        return self._token.id if self._token is not None else None

    def set_signed_in(self, signed_in: bool) -> None:
        self._signed_in = signed_in
        self._update_actions()

    def show_token(self, token: TokenInfo | None) -> None:
        """The cached fields of `token` (None: nothing or several selected); usage follows."""
        same = token is not None and self._token is not None and token.id == self._token.id
        self._token = token
        self.placeholder.setVisible(token is None)
        self.content.setVisible(token is not None)
        if token is None:
            self.addresses.set_addresses([])
            self.chart.set_unavailable()
            self._update_actions()
            return
        if not same:
            self._old_last_used = token.old_secret_last_used_at
            self.addresses.set_addresses([])
            self.chart.set_unavailable()
            self.usage_note.setText(self.tr("Loading usage…"))
            self.description_problem.set_text(None)
        self._show_fields(token)
        if not same or self.description.toPlainText() == self._saved_description:
            self._set_description(token.description)
        self._update_actions()

    def show_details(self, details: TokenDetails) -> None:
        """The service's answer for the shown token (an answer for another token is ignored)."""
        if self._token is None or details.token.id != self._token.id:
            return
        self._old_last_used = details.old_secret_last_used or details.token.old_secret_last_used_at
        self.show_token(details.token)
        now = self._clock()
        self.addresses.set_addresses(details.addresses, now.timestamp())
        self.chart.set_counts(details.daily, now.date())
        if not details.usage_known:
            self.usage_note.setText(self.tr("This token service keeps no usage evidence."))
        elif not details.addresses:
            self.usage_note.setText(self.tr("No use recorded yet."))
        else:
            self.usage_note.setText("")

    def show_usage_unavailable(self, token_id: str, reason: str) -> None:
        """Offline or refused: the cached fields stay, usage is unavailable (and why)."""
        if token_id != self.token_id:
            return
        self.addresses.set_addresses([])
        self.chart.set_unavailable()
        self.usage_note.setText(self.tr("Usage is unavailable. {reason}").format(reason=reason).strip())

    def description_saved(self, token: TokenInfo) -> None:
        if token.id == self.token_id:
            self._saved_description = ""  # the saved text is the token's now: take it
            self.description.setPlainText("")
            self.show_token(token)
            self._set_description(token.description)
            self.description_problem.set_text(None)

    def description_failed(self, token_id: str, reason: str) -> None:
        if token_id == self.token_id:
            self.description_problem.set_text(reason)
            self._update_actions()

    # ---- inside ---------------------------------------------------------------------------------

    def _show_fields(self, token: TokenInfo) -> None:
        now = self._clock()
        f = self.fields
        f["name"].setText(token.name)
        f["kind"].setText(core_label(KIND_NOUNS[token.kind]))  # "API token", "Log collector token"
        owner = token.owner
        f["owner"].setText(
            self.tr("{owner} (deprovisioned)").format(owner=owner) if token.owner_deprovisioned else owner
        )
        f["privileges"].setText(core_label(token.privileges.label))
        f["status"].setText(core_label(token.status(now).label))
        self._show_time(f["created"], token.created_at, now)
        self._show_time(f["last_used"], token.last_used_at, now, never=self.tr("Never used"))
        self._show_time(f["expires"], token.expires_at, now, never=self.tr("Never"), future=True)
        grace = token.old_secret_valid_until is not None and token.old_secret_valid_until > now
        for key in ("old_valid_until", "old_last_used"):
            self._form.setRowVisible(f[key], grace)
        if grace:
            self._show_time(f["old_valid_until"], token.old_secret_valid_until, now, future=True)
            never = self.tr("Not since the rotation")
            self._show_time(f["old_last_used"], self._old_last_used, now, never=never)

    def _show_time(
        self, label: QLabel, moment: datetime | None, now: datetime, *, never: str = "", future: bool = False
    ) -> None:
        if moment is None:
            label.setText(never)
            label.setToolTip("")
            return
        local = moment.astimezone()
        text = f"{local:%Y-%m-%d %H:%M}"
        relative = relative_until if future else relative_time  # "in 90 days" / "2 days ago"
        text = self.tr("{when} ({ago})").format(when=text, ago=relative(moment.timestamp(), now.timestamp()))
        label.setText(text)
        label.setToolTip(exact_time(moment.timestamp()))

    def _set_description(self, text: str) -> None:
        self._saved_description = text
        if self.description.toPlainText() != text:
            self.description.blockSignals(True)
            self.description.setPlainText(text)
            self.description.blockSignals(False)
        self._update_actions()

    @Slot()
    def _description_edited(self) -> None:
        text = self.description.toPlainText()
        if len(text) > MAX_DESCRIPTION:
            too_long = self.tr("At most {limit} characters ({count} now).")
            self.description_problem.set_text(too_long.format(limit=MAX_DESCRIPTION, count=len(text)))
        else:
            self.description_problem.set_text(None)
        self._update_actions()

    @Slot()
    def _save_description(self) -> None:
        text = self.description.toPlainText().strip()
        if self._token is None or len(text) > MAX_DESCRIPTION:
            return
        self.save_button.setEnabled(False)
        self.describe_requested.emit(self._token.id, text)

    def _emit_for(self, signal: SignalInstance) -> None:
        if self._token is not None:
            signal.emit(self._token.id)

    def _update_actions(self) -> None:
        token, now = self._token, self._clock()
        live = token is not None and self._signed_in
        until = token.old_secret_valid_until if token is not None else None
        grace = until is not None and until > now
        text = self.description.toPlainText()
        self.rotate_button.setEnabled(live)
        self.end_grace_button.setEnabled(live and grace)
        self.end_grace_button.setVisible(grace)
        self.revoke_button.setEnabled(live)
        self.description.setReadOnly(not live)
        self.save_button.setEnabled(
            live and text.strip() != self._saved_description and len(text) <= MAX_DESCRIPTION
        )
        if not self._signed_in and token is not None:
            self.save_button.setToolTip(self.tr("Sign in to edit the description"))
        else:
            self.save_button.setToolTip("")

    def address_rows(self) -> Sequence[tuple[str, str, str, str]]:
        """What the address table shows (address, user agent, first seen, last seen), for tests."""
        return self.addresses.display_rows()


__all__ = ["DetailsPane"]
