"""The main window: one section per token kind, painted from the cache first, then kept in sync.

A view over the session controller (desktop_app.ui.session_controller) it is given: it shows the
controller's state when a signal says it changed, and turns the user's commands into requests (the
controller's slots, or its own typed signals). It never touches the network, the keyring or the cache's
files itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget, QVBoxLayout, QWidget

from .. import __version__
from ..core.roles import Role, is_full_admin
from ..core.token_fields import Row
from ..core.tokens import TokenInfo, TokenKind
from . import window_rotate, window_state
from .core_text import core_label
from .details_wiring import attach_details_pane
from .main_menus import build_menus
from .offline_banner import OfflineBanner
from .protocols import TokenStore
from .revoke_list import RevokeList
from .secret_clipboard import SecretClipboard
from .session_controller import SessionController
from .status_bar import SessionStatusBar
from .token_model import TokenTableModel
from .token_section import LoadState, TokenSection
from .window_hygiene import WindowHygiene

if TYPE_CHECKING:
    from ..cache.columns import TokenColumns
    from .chunked_revoke import RevokeJob
    from .generate_wizard import GenerateWizard
    from .rotate_dialog import RotateDialog

log = logging.getLogger(__name__)

_SECTION_KINDS = (TokenKind.API, TokenKind.SIEM_AGENT, TokenKind.LOG_COLLECTOR)


def _cached_tokens(cache: TokenStore | None, kind: TokenKind) -> TokenColumns | list[Row]:
    """One kind's cached tokens for its model (the cache's columns, which the model adopts as they are)."""
    if cache is None:
        return []
    return cache.columns(kind.value)


class MainWindow(QMainWindow):
    """Token Desk's window: `MainWindow(controller)` paints the controller's cached tokens at once."""

    first_painted = Signal()  # the current section's table painted for the first time
    revoke_requested = Signal(list)  # token ids the user confirmed revoking
    revoke_deprovisioned_requested = Signal(object, list)  # kind (None: all), the ids the tables know
    sign_out_requested = Signal()  # the clipboard is cleared and no wizard holds a secret any more
    sign_in_requested = Signal()  # File → Sign in…
    sync_requested = Signal()  # F5, Retry
    policy_action: QAction  # Tokens → Tenant policy… (main_menus)
    tokens_menu: QMenu  # the Tokens menu (main_menus.py), which window_hygiene.py adds to

    def __init__(
        self,
        controller: SessionController,
        *,
        secret_clipboard: SecretClipboard | None = None,
        clipboard_clear_s: int = 30,
        version: str = __version__,
        defer_hidden_sections: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.secret_clipboard = secret_clipboard or SecretClipboard(
            QGuiApplication.clipboard(), clipboard_clear_s, self
        )
        self._version = version
        self._first_painted = False
        self._wizard: GenerateWizard | None = None
        self.rotate_dialog: RotateDialog | None = None
        self._about: QWidget | None = None
        cache = controller.cache

        self.setObjectName("MainWindow")
        self.setMinimumSize(720, 420)
        self.banner = OfflineBanner(self)
        self.banner.retry_requested.connect(self.sync_requested)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Token kinds"))
        self.sections: dict[TokenKind, TokenSection] = {}
        # `defer_hidden_sections`: only the first tab's tokens are read before the first paint; the
        # other tabs get theirs right after it (MainWindow.first_painted).
        self._deferred_kinds: list[TokenKind] = []
        for kind in _SECTION_KINDS:
            tokens: TokenColumns | list[Row] = []
            if defer_hidden_sections and self.sections and cache is not None:
                self._deferred_kinds.append(kind)
            else:
                tokens = _cached_tokens(cache, kind)
            model = TokenTableModel(tokens, clock=controller.clock, kind=kind, warm_up=False, parent=self)
            section = TokenSection(kind, model, self)
            section.generate_requested.connect(self.open_generate_wizard)
            section.revoke_requested.connect(self.revoke_tokens)
            section.revoke_deprovisioned_requested.connect(self.revoke_deprovisioned_tokens)
            section.view.first_painted.connect(self._table_painted)
            section.can_revoke_changed.connect(self._update_revoke_action)
            section.view.selectionModel().selectionChanged.connect(self._update_revoke_action)
            self.sections[kind] = section
            self.tabs.addTab(section, core_label(kind.label))
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        self.banner.float_over(self.tabs, lambda: self.current_section().view)  # never pushes the table
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.status = SessionStatusBar(self)
        self.setStatusBar(self.status)
        actions = build_menus(self)
        self.generate_action, self.refresh_action = actions.generate, actions.refresh
        self.sign_in_action, self.sign_out_action = actions.sign_in, actions.sign_out
        self.quit_action, self.find_action, self.about_action = actions.quit, actions.find, actions.about
        self.revoke_action, self.revoke_deprovisioned_action = actions.revoke, actions.revoke_deprovisioned
        self.rotate_action, self.end_grace_action = actions.rotate, actions.end_grace
        self.tabs.currentChanged.connect(self._update_revoke_action)
        self.hygiene = WindowHygiene(self)  # identify, leak report, audit log, notices (issue 13)
        self._connect_controller()
        self.details_pane = attach_details_pane(
            self
        )  # before the state is restored: it keeps the dock's size
        self._show_identity()
        self._show_session()
        window_state.restore(self)

    def _connect_controller(self) -> None:
        """Requests go to the controller's slots; its signals come back to the view's."""
        c = self.controller
        self.revoke_requested.connect(c.revoke)
        self.revoke_deprovisioned_requested.connect(c.revoke_deprovisioned)
        c.revoke_started.connect(self._show_revoke_progress)
        self.sign_out_requested.connect(c.sign_out)
        self.sign_in_requested.connect(c.request_sign_in)
        self.sync_requested.connect(c.sync_now)
        c.session_changed.connect(self._show_session)
        c.identity_changed.connect(self._show_identity)
        c.cache_replaced.connect(self._reload_from_cache)
        c.tokens_changed.connect(self._apply_changes)
        c.syncing_changed.connect(self._show_syncing)
        c.offline.connect(self._show_offline)
        c.online.connect(self.banner.hide)
        c.message.connect(self._show_message)
        c.keyring_warning_changed.connect(lambda warning: self.status.show_keyring_problem(warning or None))
        c.sign_in_needed.connect(self._ask_sign_in, Qt.ConnectionType.QueuedConnection)
        c.policy_changed.connect(self._apply_policy)

    @Slot()
    def _apply_policy(self) -> None:
        """The tenant policy's warning lead time marks the Expires column and the expiring-soon count."""
        policy = self.controller.policy
        if policy is not None:
            for section in self.sections.values():
                section.model.set_warn_days(policy.warn_days)
                section.chain.attention.set_warn_days(policy.warn_days)  # the hygiene list "expiring"

    # ---- showing the controller's state ---------------------------------------------------------

    def current_section(self) -> TokenSection:
        widget = self.tabs.currentWidget()
        assert isinstance(widget, TokenSection)
        return widget

    def show_section(self, kind: TokenKind) -> None:
        """Alt+1/2/3: that section, its table focused (always the table, whichever section it is)."""
        section = self.sections[TokenKind(kind)]
        self.tabs.setCurrentWidget(section)
        section.focus_table()

    def section(self, kind: TokenKind) -> TokenSection:
        return self.sections[TokenKind(kind)]

    @Slot()
    def _show_session(self) -> None:
        self._apply_role(self.controller.role)
        self._show_identity()
        self._show_load_state()

    def _show_load_state(self) -> None:
        c = self.controller
        state = (
            LoadState.SIGNED_OUT
            if c.session is None
            else LoadState.LOADING
            if c.syncing and c.last_sync_at is None
            else LoadState.READY
        )
        for section in self.sections.values():
            section.set_load_state(state)

    def _apply_role(self, role: Role | None) -> None:
        signed_in = role is not None
        if role is None:
            # Before the service says who we are: the owner column helps whenever the cache holds
            # anyone else's tokens (only full admins see those).
            username = self.controller.username
            show_owner = any(s.model.has_other_owners(username) for s in self.sections.values())
        else:
            show_owner = is_full_admin(role)
        for section in self.sections.values():
            section.set_show_owner(show_owner)
            section.set_signed_in(signed_in)
        self.generate_action.setEnabled(signed_in)
        self.sign_out_action.setEnabled(signed_in)
        self.sign_in_action.setEnabled(not signed_in)
        self._update_revoke_action()
        self.revoke_deprovisioned_action.setEnabled(role is not None and is_full_admin(role))

    @Slot()
    def _update_revoke_action(self) -> None:
        """Revoke selected tokens: only signed in and with something selected in the current section."""
        section = self.tabs.currentWidget()
        self.revoke_action.setEnabled(isinstance(section, TokenSection) and section.can_revoke())
        window_rotate.update_actions(self)  # Rotate… and End grace now: one selected token

    @Slot()
    def _show_identity(self) -> None:
        c = self.controller
        # The user only while signed in (Qt appends " — Token Desk").
        self.setWindowTitle(
            self.tr("{tenant} ({user})").format(tenant=c.tenant, user=c.username)
            if c.session is not None and c.username
            else self.tr("{tenant} (not signed in)").format(tenant=c.tenant)
        )
        self.status.show_target(c.service_url, c.tenant)
        self.status.show_user(c.username if c.session is not None else None, c.role)
        if c.session is None and c.username:
            self.status.user_label.setText(self.tr("User: {user} (not signed in)").format(user=c.username))
        self.status.show_sync(c.last_sync_at, syncing=c.syncing)

    @Slot(bool)
    def _show_syncing(self, syncing: bool) -> None:
        self.banner.set_retrying(syncing)
        self._show_load_state()
        self.status.show_sync(self.controller.last_sync_at, syncing=syncing)

    @Slot(str)
    def _show_offline(self, reason: str) -> None:
        self.banner.set_retrying(False)
        self.banner.show_offline(self.controller.service_url, self.controller.last_sync_at, reason)

    @Slot(str, int)
    def _show_message(self, text: str, msecs: int) -> None:
        if text:
            self.status.showMessage(text, msecs)
        else:
            self.status.clearMessage()

    @Slot(list, list)
    def _apply_changes(self, rows: list[Row], removed: list[str]) -> None:
        for section in self.sections.values():
            section.model.apply_changes(rows, removed)
        window_rotate.update_actions(self)  # a grace period may have begun or ended

    @Slot()
    def _reload_from_cache(self) -> None:
        """Another cache (another user, a damaged one rebuilt, none after signing out): every section anew."""
        cache = self.controller.cache
        self._deferred_kinds = []
        for kind, section in self.sections.items():
            section.model.replace_rows(cache.rows(kind.value) if cache is not None else [])
        self._show_identity()

    @Slot()
    def _table_painted(self) -> None:
        if not self._first_painted:
            self._first_painted = True
            for section in self.sections.values():
                section.model.start_warm_up()  # idle-time keys and orders, now that the table shows
            if self._deferred_kinds:
                QTimer.singleShot(0, self._fill_deferred_sections)
            self.first_painted.emit()

    @Slot()
    def _fill_deferred_sections(self) -> None:
        """The hidden tabs' tokens, read after the first paint (see `defer_hidden_sections`)."""
        kinds, self._deferred_kinds = self._deferred_kinds, []
        cache = self.controller.cache
        if not kinds or cache is None:
            return
        for kind in kinds:
            self.sections[kind].model.reset_tokens(_cached_tokens(cache, kind))
        if self.controller.session is None:
            self._apply_role(None)  # the owner column may depend on those tokens' owners

    @property
    def sections_filled(self) -> bool:
        """False until the hidden tabs have their cached tokens (see `defer_hidden_sections`)."""
        return not self._deferred_kinds

    # ---- sign in (remote mode) --------------------------------------------------------------------

    @Slot()
    def _ask_sign_in(self) -> None:
        """The controller needs credentials: the sign-in dialog, whose answer goes back to it."""
        from .sign_in import SignInDialog  # noqa: PLC0415 - not needed before the first paint

        c = self.controller
        if c.session is not None or c.stopped:
            return
        session = SignInDialog.ask(
            self, c.runner, c.service_url, c.tenant, c.username, c.sign_in_call(), c.error_channel
        )
        c.finish_sign_in(session)

    # ---- generate -------------------------------------------------------------------------------

    @Slot(TokenKind)
    def open_generate_wizard(self, kind: TokenKind | None = None) -> GenerateWizard | None:
        """Ctrl+N: the wizard for the current section's kind (or `kind`)."""
        c = self.controller
        kind = TokenKind(kind) if kind is not None else self.current_section().kind
        generate = c.generate_call(kind)
        if generate is None or c.role is None:
            return None
        if self._wizard is not None:
            self._wizard.raise_()
            self._wizard.activateWindow()
            return self._wizard
        from .generate_wizard import GenerateWizard  # noqa: PLC0415 - not needed before the first paint

        username, model = c.username, self.sections[kind].model

        def live_names() -> Iterable[str]:
            return [model.name_at(r) for r in range(model.token_count()) if model.owner_at(r) == username]

        wizard = GenerateWizard(
            c.runner,
            generate,
            c.role,
            live_names,
            kind,
            self.secret_clipboard,
            c.error_channel,
            self,
            policy=c.policy,
            clock=c.clock,
        )
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.token_generated.connect(self._token_generated)
        wizard.finished.connect(self._wizard_closed)
        self._wizard = wizard
        wizard.open()
        return wizard

    @Slot()
    def open_policy_dialog(self) -> QWidget | None:
        """Tokens → Tenant policy…: editable for global admins, read-only for others."""
        from .policy_dialog import open_policy_dialog  # noqa: PLC0415 - not needed before the first paint

        return open_policy_dialog(self, self.controller)

    @Slot(TokenInfo)
    def _token_generated(self, token: TokenInfo) -> None:
        self.controller.add_generated(token)

    @Slot()
    def _wizard_closed(self) -> None:
        self._wizard = None

    # ---- revoke ---------------------------------------------------------------------------------

    @Slot(object)
    def revoke_tokens(self, tokens: RevokeList) -> None:
        """Confirm (naming the tokens and owners), then ask the controller to revoke them."""
        if not len(tokens) or self.controller.session is None:
            return
        from . import revoke_dialog  # noqa: PLC0415 - not needed before the first paint

        if revoke_dialog.confirm_revoke(self, tokens):
            # The confirmed list is a snapshot: the selection goes now, as its rows are about to. (Rows
            # leaving under a selection of 80,000 rows cost Qt's selection model tens of seconds.)
            self.current_section().view.selectionModel().clear()
            self.revoke_requested.emit(tokens.ids)

    @Slot(TokenKind)
    def revoke_deprovisioned_tokens(self, kind: TokenKind) -> None:
        """The tokens of deprovisioned owners, in this section or all (the user chooses), by criteria."""
        if self.controller.session is None:
            return
        from . import revoke_dialog  # noqa: PLC0415

        here, everywhere = (
            self.sections[kind].deprovisioned_tokens(),
            RevokeList.joined(s.deprovisioned_tokens() for s in self.sections.values()),
        )
        scope = revoke_dialog.confirm_revoke_deprovisioned(self, here, everywhere, kind)
        if scope is not None:
            chosen = (kind, here.ids) if scope is revoke_dialog.Scope.SECTION else (None, everywhere.ids)
            self.revoke_deprovisioned_requested.emit(*chosen)

    @Slot(object)
    def _show_revoke_progress(self, job: RevokeJob) -> None:
        from .revoke_progress import RevokeProgress  # noqa: PLC0415

        self.revoke_progress = RevokeProgress.show_for(job, self)

    # ---- rotate (window_rotate holds how; the details pane calls these too) ----------------------

    @Slot(str)
    def start_rotate(self, token_id: str) -> None:
        """Rotate… for `token_id`: the grace period, then the new secret handed over once."""
        window_rotate.open_rotate_dialog(self, token_id)

    @Slot(str)
    def end_grace(self, token_id: str) -> None:
        """End grace now for `token_id`: its old secret stops working."""
        self.controller.end_grace(token_id)

    # ---- sign out, about, quit ------------------------------------------------------------------

    def _close_wizard(self) -> bool:
        """Close the generate wizard and the rotate dialog; False when the user went back to copy a
        secret (that window stays open)."""
        for name in ("_wizard", "rotate_dialog"):
            window = getattr(self, name)
            if window is not None:
                window.close()
                if getattr(self, name) is not None and window.isVisible():
                    return False
        return True

    @Slot()
    def sign_out(self) -> None:
        """Clear the clipboard, then ask the controller to end the session and delete the cache."""
        if self.controller.session is None:
            return
        if not self._close_wizard():
            # As when quitting: the user went back to copy the secret (or it is being generated).
            # Signing out anyway would let it be copied afterwards and outlive the sign-out.
            self.status.showMessage(self.tr("Close the generate wizard to sign out."), 8000)
            return
        self.secret_clipboard.clear_if_ours()
        self.sign_out_requested.emit()

    @Slot()
    def show_about(self) -> None:
        from .about import AboutDialog  # noqa: PLC0415

        session = self.controller.session
        tenant_api_url = session.tenant_api_url if session is not None else None
        dialog = AboutDialog(self._version, tenant_api_url, self.controller.service_url, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._about = dialog
        dialog.finished.connect(lambda _result: setattr(self, "_about", None))
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._close_wizard():
            event.ignore()  # the user went back to copy the secret
            return
        self.secret_clipboard.clear_if_ours()
        window_state.save(self)
        super().closeEvent(event)


__all__ = ["MainWindow"]
