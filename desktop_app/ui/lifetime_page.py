"""The generate wizard's lifetime page (SPEC rules 11, 14): how long the new token lives, within the
tenant policy, and an optional description.

Presets (7, 30, 90 days and the policy's default, those within the maximum; "No expiry" only where the
policy has no maximum) and a date picker bounded by the maximum; a sentence says what the maximum is.
`request()` gives the options for client.generate_token: `expires_in_days`, `expires_at` or
`never_expires`, and `description` when one was written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop_app.core.policy import TokenPolicy
from desktop_app.core.tokens import DESCRIPTION_MAX_LENGTH, TokenKind, TokenNameError, normalize_description

from .core_text import core_label
from .errors import InlineProblem

PRESET_DAYS = (7, 30, 90)
NEVER = 0  # the preset id of "No expiry" (a day count is never 0)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _qdatetime(moment: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


class LifetimePage(QWizardPage):
    """`policy`: the tenant's; `kind`: the token's; `clock`: aware UTC now (tests move it)."""

    def __init__(
        self,
        policy: TokenPolicy,
        kind: TokenKind,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock or _utc_now
        rule = policy.for_kind(kind)
        self.maximum_days = rule.max_lifetime_days
        self.default_days = rule.default_lifetime_days
        self.setTitle(self.tr("Choose how long it lives"))
        noun = core_label(TokenKind(kind).label)
        if self.maximum_days is None:
            sentence = self.tr("The tenant policy sets no maximum lifetime for {kind}.").format(kind=noun)
        else:
            sentence = self.tr(
                "The tenant policy lets {kind} live at most {days} days; after that, generate a new one."
            ).format(kind=noun, days=self.maximum_days)
        self.setSubTitle(sentence)
        self.group = QButtonGroup(self)
        self.presets: dict[int, QRadioButton] = {}
        layout = QVBoxLayout(self)
        for days in self._preset_days():
            if days == NEVER:
                text = self.tr("No expiry")
            else:
                text = self.tr("1 day") if days == 1 else self.tr("{days} days").format(days=days)
            if days == (self.default_days or NEVER):
                text = self.tr("{choice} (the default)").format(choice=text)
            button = QRadioButton(text)
            self.group.addButton(button, days)
            self.presets[days] = button
            layout.addWidget(button)
        self.on_date = QRadioButton(self.tr("Until a &date:"))
        self.group.addButton(self.on_date, -1)
        self.date_edit = QDateTimeEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName(self.tr("Expiry date and time"))
        self.date_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        row = QHBoxLayout()
        row.addWidget(self.on_date)
        row.addWidget(self.date_edit, 1)
        layout.addLayout(row)
        layout.addSpacing(12)
        label = QLabel(self.tr("Des&cription (optional):"))
        self.description_edit = QLineEdit()
        self.description_edit.setAccessibleName(self.tr("Description"))
        self.description_edit.setPlaceholderText(self.tr("What the token is for, where it is kept"))
        self.description_edit.setMaxLength(DESCRIPTION_MAX_LENGTH * 2)  # say "too long", do not cut
        label.setBuddy(self.description_edit)
        layout.addWidget(label)
        layout.addWidget(self.description_edit)
        self.problem = InlineProblem(self.tr("Problem with the description"))
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self._description_ok = True
        self.description_edit.textChanged.connect(self._described)
        self.date_edit.dateTimeChanged.connect(lambda _moment: self.on_date.setChecked(True))
        (self.presets.get(self.default_days or NEVER) or self.on_date).setChecked(True)

    def _preset_days(self) -> list[int]:
        offered = {*PRESET_DAYS, *([self.default_days] if self.default_days else [])}
        if self.maximum_days is not None:
            offered = {days for days in offered if days <= self.maximum_days}
        days = sorted(offered)
        return [*days, NEVER] if self.maximum_days is None else days

    def initializePage(self) -> None:
        now = self._clock()
        # The picker's range: from a minute ahead to the maximum (or a hundred years without one).
        latest = now + timedelta(days=self.maximum_days if self.maximum_days is not None else 36_500)
        blocked = self.date_edit.blockSignals(True)  # bounds and start value: no "date chosen" yet
        self.date_edit.setMinimumDateTime(_qdatetime(now + timedelta(minutes=1)))
        self.date_edit.setMaximumDateTime(_qdatetime(latest))
        start = self.default_days or (self.maximum_days or 30)
        self.date_edit.setDateTime(_qdatetime(now + timedelta(days=start)))
        self.date_edit.blockSignals(blocked)

    @Slot(str)
    def _described(self, text: str) -> None:
        try:
            normalize_description(text)
            problem = None
        except TokenNameError as exc:
            problem = core_label(str(exc))
        self.problem.set_text(problem)
        if (problem is None) != self._description_ok:
            self._description_ok = problem is None
            self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._description_ok

    def chosen_expiry(self) -> datetime | None:
        """The moment the date picker shows (aware UTC), or None when a preset is chosen."""
        if not self.on_date.isChecked():
            return None
        return datetime.fromtimestamp(self.date_edit.dateTime().toSecsSinceEpoch(), UTC)

    def request(self) -> dict[str, Any]:
        """The options for client.generate_token."""
        options: dict[str, Any] = {}
        chosen = self.group.checkedId()
        if chosen == NEVER:
            options["never_expires"] = True
        elif chosen > 0:
            options["expires_in_days"] = chosen
        else:
            options["expires_at"] = self.chosen_expiry()
        description = normalize_description(self.description_edit.text())
        if description:
            options["description"] = description
        return options

    def summary(self) -> str:
        """The choice in words, for the review page."""
        chosen = self.group.checkedId()
        if chosen == NEVER:
            return self.tr("Never")
        if chosen > 0:
            return self.tr("In 1 day") if chosen == 1 else self.tr("In {days} days").format(days=chosen)
        return self.tr("On {moment}").format(moment=self.date_edit.dateTime().toString("yyyy-MM-dd HH:mm"))
