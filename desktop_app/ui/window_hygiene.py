"""The window's part of issue 13: Tokens → Identify a secret…, Report leaked secrets…, Audit log…, showing
a token in its section, and the notices bar fed after each sync.

`WindowHygiene(window)` adds the entries to the Tokens menu and keeps them to the session's role:
identify and the audit log for full admins only (hidden for everyone else), the leak report for anyone
whenever a service address is known (it needs no sign-in).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction

from ..core.tokens import TokenKind
from . import session_hygiene
from .notices import NoticeFeed
from .translate import translate

if TYPE_CHECKING:
    from .audit_window import AuditWindow
    from .identify_dialog import IdentifyDialog
    from .main_window import MainWindow
    from .report_leaks_dialog import ReportLeaksDialog


def _action(window: MainWindow, text: str, tip: str) -> QAction:
    action = QAction(text, window)
    action.setStatusTip(tip)
    return action


class WindowHygiene(QObject):
    """Menu entries, their dialogs (one of each at a time) and the notices of `window`."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.controller = c = window.controller
        self.identify_dialog: IdentifyDialog | None = None
        self.report_dialog: ReportLeaksDialog | None = None
        self.audit_window: AuditWindow | None = None
        self.identify_action = _action(
            window,
            translate("MainWindow", "&Identify a secret…"),
            translate("MainWindow", "See whose token a secret found somewhere is, and revoke it"),
        )
        self.identify_action.triggered.connect(lambda _checked=False: self.open_identify())
        self.report_action = _action(
            window,
            translate("MainWindow", "Report &leaked secrets…"),
            translate("MainWindow", "Have the token service revoke secrets found where they do not belong"),
        )
        self.report_action.triggered.connect(lambda _checked=False: self.open_report())
        self.audit_action = _action(
            window,
            translate("MainWindow", "&Audit log…"),
            translate("MainWindow", "Browse the tenant's audit log"),
        )
        self.audit_action.triggered.connect(lambda _checked=False: self.open_audit())
        menu = window.tokens_menu
        menu.addSeparator()
        for action in (self.identify_action, self.report_action, self.audit_action):
            menu.addAction(action)
        self.notices = NoticeFeed(window, c)
        self.notices.bar.show_token_requested.connect(self.show_token)
        c.session_changed.connect(self._apply_role)
        c.identity_changed.connect(self._apply_role)
        self._apply_role()

    @Slot()
    def _apply_role(self) -> None:
        admin = session_hygiene.is_full_admin_session(self.controller)
        for action in (self.identify_action, self.audit_action):
            action.setVisible(admin)
            action.setEnabled(admin)
        self.report_action.setEnabled(session_hygiene.report_call(self.controller) is not None)
        if not admin:
            for dialog in (self.identify_dialog, self.audit_window):
                if dialog is not None:
                    dialog.close()

    # ---- identify ------------------------------------------------------------------------------------

    def open_identify(self) -> IdentifyDialog | None:
        c = self.controller
        identify = session_hygiene.identify_call(c)
        if identify is None:
            return None
        if self.identify_dialog is not None:
            self.identify_dialog.raise_()
            self.identify_dialog.activateWindow()
            return self.identify_dialog
        from .identify_dialog import IdentifyDialog  # noqa: PLC0415 - not needed before the first paint

        dialog = IdentifyDialog(c.runner, identify, c.error_channel, c.clock, self.window, c.handle_failure)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.revoke_requested.connect(self.window.revoke_tokens)
        dialog.show_requested.connect(self.show_token)
        c.revoked.connect(dialog.token_revoked)
        dialog.finished.connect(lambda _result: self._identify_closed())
        self.identify_dialog = dialog
        dialog.show()
        return dialog

    def _identify_closed(self) -> None:
        dialog, self.identify_dialog = self.identify_dialog, None
        if dialog is not None:
            self.controller.revoked.disconnect(dialog.token_revoked)

    # ---- report ----------------------------------------------------------------------------------------

    def open_report(self) -> ReportLeaksDialog | None:
        c = self.controller
        report = session_hygiene.report_call(c)
        if report is None:
            return None
        if self.report_dialog is not None:
            self.report_dialog.raise_()
            self.report_dialog.activateWindow()
            return self.report_dialog
        from .report_leaks_dialog import ReportLeaksDialog  # noqa: PLC0415

        dialog = ReportLeaksDialog(c.runner, report, c.error_channel, self.window, self._sync_if_signed_in)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "report_dialog", None))
        self.report_dialog = dialog
        dialog.show()
        return dialog

    def _sync_if_signed_in(self) -> None:
        """After a report: a revoked token leaves the table with a sync (signed out: nothing to sync, and
        no sign-in to ask for)."""
        if self.controller.session is not None:
            self.controller.sync_now()

    # ---- audit log -------------------------------------------------------------------------------------

    def open_audit(self) -> AuditWindow | None:
        c = self.controller
        client = session_hygiene.hygiene_client(c)
        if client is None or not session_hygiene.is_full_admin_session(c):
            return None
        if self.audit_window is not None:
            self.audit_window.raise_()
            self.audit_window.activateWindow()
            return self.audit_window
        from .audit_window import AuditWindow  # noqa: PLC0415

        audit = AuditWindow(c.runner, client, c.error_channel, self.window)
        audit.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        audit.show_token_requested.connect(self.show_token)
        audit.destroyed.connect(lambda _obj=None: setattr(self, "audit_window", None))
        self.audit_window = audit
        audit.show()
        return audit

    # ---- show a token ----------------------------------------------------------------------------------

    @Slot(str, object)
    def show_token(self, token_id: str, kind: TokenKind | None = None) -> bool:
        """Switch to the token's section and select its row (any section when the kind is unknown)."""
        window = self.window
        kinds = [TokenKind(kind)] if kind is not None else list(window.sections)
        for each in kinds:
            section = window.section(each)
            if section.model.row_of(token_id) is not None:
                window.tabs.setCurrentWidget(section)
                if section.show_token(token_id):
                    return True
        window.status.showMessage(
            translate("MainWindow", "That token is not in the table (revoked, or not synced yet)."), 8000
        )
        return False


__all__ = ["WindowHygiene"]
