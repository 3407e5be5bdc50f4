"""The details pane in the main window: docked on the right, toggled from the View menu, fed from the
selection (one token selected in the current section) through the session controller.

`attach_details_pane(window)` is the window's one call (before it restores its saved state, which
holds the dock's size and visibility). The cached fields show at once; the details are asked only
while the pane is visible, a moment after the selection settles (arrow keys through a table ask once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction

from ..core.token_fields import FIELD_INDEX, Row, token_from_row
from ..core.tokens import TokenInfo
from .details_pane import DetailsPane
from .revoke_list import RevokeList
from .translate import translate

if TYPE_CHECKING:
    from .main_window import MainWindow

SETTLE_MS = 120  # selection changes within this are one request


class DetailsWiring(QObject):
    """Keeps the pane showing the current selection; owned by the window."""

    def __init__(self, window: MainWindow, pane: DetailsPane) -> None:
        super().__init__(window)
        self.window = window
        self.pane = pane
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.update_selection)
        c = window.controller
        for section in window.sections.values():
            section.view.selectionModel().selectionChanged.connect(self._settle.start)
        window.tabs.currentChanged.connect(self._settle.start)
        pane.visibilityChanged.connect(lambda visible: visible and self._settle.start())
        c.details_loaded.connect(pane.show_details)
        c.details_failed.connect(lambda token_id, why, _offline: pane.show_usage_unavailable(token_id, why))
        c.described.connect(pane.description_saved)
        c.describe_failed.connect(pane.description_failed)
        c.session_changed.connect(self._show_session)
        c.tokens_changed.connect(self._tokens_changed)
        pane.describe_requested.connect(c.describe)
        pane.revoke_requested.connect(self._revoke)
        pane.rotate_requested.connect(window.start_rotate)
        pane.end_grace_requested.connect(window.end_grace)
        self._show_session()

    def selected_token(self) -> TokenInfo | None:
        """The one token selected in the current section (None: none or several)."""
        section = self.window.current_section()
        rows = section.selected_rows()
        if len(rows) != 1:
            return None
        return token_from_row(section.model.row_tuple(int(rows[0])))

    def update_selection(self) -> None:
        token = self.selected_token()
        self.pane.show_token(token)
        if token is None or not self.pane.isVisible():
            self.window.controller.load_details(None)
            return
        self.window.controller.load_details(token.id)

    def _show_session(self) -> None:
        self.pane.set_signed_in(self.window.controller.session is not None)

    def _tokens_changed(self, rows: list[Row], removed: list[str]) -> None:
        shown = self.pane.token_id
        if shown is None:
            return
        if shown in removed:
            self._settle.start()
            return
        at = FIELD_INDEX["id"]
        for row in rows:
            if row[at] == shown:
                self.pane.show_token(token_from_row(row))  # the newer cached fields (usage stays)

    def _revoke(self, token_id: str) -> None:
        """The pane's Revoke…: the same confirmation and path as the table's."""
        for section in self.window.sections.values():
            row = section.model.row_of(token_id)
            if row is not None:
                self.window.revoke_tokens(RevokeList.of_rows(section.model.table, [row], section.kind))
                return


def attach_details_pane(window: MainWindow) -> DetailsPane:
    """Dock the pane on the right of `window`, add View → Details pane, and wire it."""
    pane = DetailsPane(window.controller.clock, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, pane)
    toggle = pane.toggleViewAction()
    toggle.setText(translate("MainWindow", "&Details pane"))
    toggle.setStatusTip(translate("MainWindow", "Show or hide the selected token's details"))
    bar = window.menuBar()
    view_menu = bar.addMenu(translate("MainWindow", "&View"))
    last: QAction | None = bar.actions()[-2] if len(bar.actions()) > 1 else None  # Help stays last
    if last is not None:
        bar.insertMenu(last, view_menu)
    view_menu.addAction(toggle)
    pane.wiring = DetailsWiring(window, pane)
    return pane


__all__ = ["DetailsWiring", "attach_details_pane"]
