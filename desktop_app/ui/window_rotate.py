"""The main window's Rotate… and End grace now (SPEC rule 12): the token they act on, when they are
enabled, and the rotate dialog. Rotating is allowed to whoever may revoke the token, and every token a
user sees in the tables is one they may revoke (full admins see all, others their own), so both need a
session and one selected token; End grace now also needs that token's grace period to be running."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from ..core.tokens import TokenInfo
from .token_section import TokenSection

if TYPE_CHECKING:
    from .main_window import MainWindow
    from .rotate_dialog import RotateDialog


def selected_token_id(window: MainWindow) -> str | None:
    """The one token selected in the current section (None for none or several, or signed out)."""
    section = window.tabs.currentWidget()
    if not isinstance(section, TokenSection) or not section.can_revoke():
        return None
    # Count first (cheap, from the ranges): this runs on every selection change, also of 80,000 rows.
    rows_selected = 0
    selection = section.view.selectionModel().selection()
    for at in range(selection.count()):
        rows_selected += selection.at(at).height()
        if rows_selected > 1:
            return None
    rows = section.selected_rows()
    return section.model.id_at(int(rows[0])) if len(rows) == 1 else None


def _find(window: MainWindow, token_id: str) -> tuple[TokenSection, int] | None:
    for section in window.sections.values():
        row = section.model.row_of(token_id)
        if row is not None:
            return section, row
    return None


def in_grace(window: MainWindow, token_id: str) -> bool:
    """The token's old secret still works (its grace period runs, as far as the tables know)."""
    found = _find(window, token_id)
    if found is None:
        return False
    section, row = found
    until = section.model.table.value("old_secret_valid_until", row)
    return until is not None and until > window.controller.clock().timestamp()


def update_actions(window: MainWindow) -> None:
    """Rotate… and End grace now follow the session, the selection and the selected token's grace."""
    token_id = selected_token_id(window) if window.controller.session is not None else None
    window.rotate_action.setEnabled(token_id is not None)
    window.end_grace_action.setEnabled(token_id is not None and in_grace(window, token_id))


def rotate_selected(window: MainWindow) -> None:
    token_id = selected_token_id(window)
    if token_id is not None:
        window.start_rotate(token_id)


def end_grace_selected(window: MainWindow) -> None:
    token_id = selected_token_id(window)
    if token_id is not None:
        window.end_grace(token_id)


def open_rotate_dialog(window: MainWindow, token_id: str) -> RotateDialog | None:
    """The rotate dialog for `token_id` (one at a time; None when not signed in or the token is unknown)."""
    c = window.controller
    rotate = c.rotate_call()
    found = _find(window, token_id)
    if rotate is None or found is None:
        return None
    if window.rotate_dialog is not None:
        window.rotate_dialog.raise_()
        window.rotate_dialog.activateWindow()
        return window.rotate_dialog
    from .rotate_dialog import RotateDialog  # noqa: PLC0415 - not needed before the first paint

    section, row = found
    name = section.model.name_at(row)
    dialog = RotateDialog(c.runner, rotate, token_id, name, window.secret_clipboard, c.error_channel, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.token_rotated.connect(lambda token: _rotated(window, token))
    dialog.finished.connect(lambda _result: _closed(window))
    window.rotate_dialog = dialog
    dialog.open()
    return dialog


def _rotated(window: MainWindow, token: TokenInfo) -> None:
    window.controller.add_rotated(token)


def _closed(window: MainWindow) -> None:
    window.rotate_dialog = None


__all__ = [
    "end_grace_selected",
    "in_grace",
    "open_rotate_dialog",
    "rotate_selected",
    "selected_token_id",
    "update_actions",
]
