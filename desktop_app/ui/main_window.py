"""The main window: one section per token kind, painted from the cache first, then kept in sync.

It gets the cache, the client (once signed in), the session store, the runner and the clock from its
creator (desktop_app.app); it never blocks on the network: sync, generate, revoke and sign-out run in
the background runner and come back by signal.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMainWindow, QTabWidget, QVBoxLayout, QWidget

from .. import __version__
from ..core.roles import Privileges, Role, is_full_admin
from ..core.tokens import TokenInfo, TokenKind
from .background import BackgroundRunner
from .errors import ErrorChannel
from .offline_banner import OfflineBanner
from .secret_clipboard import SecretClipboard
from .status_bar import SessionStatusBar
from .token_model import TokenTableModel, row_from_token_info, utc_now
from .token_section import TokenSection

if TYPE_CHECKING:
    from .generate_wizard import GenerateWizard

log = logging.getLogger(__name__)

DEFAULT_SYNC_INTERVAL_S = 60
SNAPSHOT_REFRESH_S = 300  # after incremental syncs, rewrite the cache's start-up snapshot at most this often
_SECTION_KINDS = (TokenKind.API, TokenKind.SIEM_AGENT, TokenKind.LOG_COLLECTOR)
_SETTINGS_GROUP = "main_window"


def _offline_errors() -> tuple[type[BaseException], ...]:
    from ..client.errors import ServiceTimeout, ServiceUnreachable

    return (ServiceUnreachable, ServiceTimeout)


def _session_expired_error() -> type[BaseException]:
    from ..client.errors import SessionExpired

    return SessionExpired


def _cached_tokens(cache: Any, kind: TokenKind) -> Any:
    """One kind's cached tokens for its model: columns when the cache offers them, else row tuples."""
    if cache is None:
        return []
    columns = getattr(cache, "columns", None)
    return columns(kind.value) if columns is not None else cache.rows(kind.value)


def _default_sync(client: Any, cache: Any, now: datetime) -> Any:
    from ..cache.sync import sync_tokens

    return sync_tokens(client, cache, now)


class MainWindow(QMainWindow):
    """Token Desk's window.

    `MainWindow(cache, service_url=..., tenant=..., username=...)` paints the cached tokens at once;
    `set_session(session, client)` starts syncing (now, every `sync_interval_s`, and on F5).
    """

    first_painted = Signal()  # the current section's table painted for the first time
    synced = Signal(object)  # SyncResult
    sync_failed = Signal(object)  # the exception
    session_expired = Signal()  # the service no longer accepts the session: sign in again
    signed_out = Signal()  # the user signed out (keyring session and cache deleted)
    sign_in_requested = Signal()  # the user asked to sign in again
    reconnect_requested = Signal()  # Retry/F5 while no session is established yet
    revoked = Signal(object)  # list of revoked token ids

    def __init__(
        self,
        cache: Any,
        *,
        service_url: str,
        tenant: str,
        username: str,
        client: Any = None,
        session: Any = None,
        session_store: Any = None,
        runner: BackgroundRunner | None = None,
        clock: Callable[[], datetime] = utc_now,
        error_channel: ErrorChannel | None = None,
        secret_clipboard: SecretClipboard | None = None,
        sync: Callable[[Any, Any, datetime], Any] | None = None,
        sync_interval_s: float = DEFAULT_SYNC_INTERVAL_S,
        clipboard_clear_s: int = 30,
        version: str = __version__,
        defer_hidden_sections: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache = cache
        self.service_url = service_url
        self.tenant = tenant
        self.username = username
        self.client = client
        self.session = session
        self._session_store = session_store
        self.runner = runner or BackgroundRunner(self)
        self._clock = clock
        self.error_channel = error_channel or ErrorChannel(self)
        self.secret_clipboard = secret_clipboard or SecretClipboard(
            QGuiApplication.clipboard(), clipboard_clear_s, self
        )
        self._sync = sync or _default_sync
        self._version = version
        self._syncing = False
        self._sync_again = False
        self._signing_out = False
        self._first_painted = False
        self._wizard: GenerateWizard | None = None
        self._about: QWidget | None = None
        self._last_sync_at: datetime | None = cache.last_sync_at if cache is not None else None
        self._snapshot_refreshed_at: float | None = None

        self.setObjectName("MainWindow")
        self.setMinimumSize(720, 420)
        self.banner = OfflineBanner(self)
        self.banner.retry_requested.connect(self.sync_now)  # (or reconnect, before a session)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Token kinds")
        self.sections: dict[TokenKind, TokenSection] = {}
        # `defer_hidden_sections`: only the first tab's tokens are read before the first paint; the
        # other tabs get theirs right after it (MainWindow.first_painted).
        self._deferred_kinds: list[TokenKind] = []
        for kind in _SECTION_KINDS:
            if defer_hidden_sections and self.sections and cache is not None:
                self._deferred_kinds.append(kind)
                tokens: Any = []
            else:
                tokens = _cached_tokens(cache, kind)
            model = TokenTableModel(tokens, clock=clock, kind=kind, warm_up=False, parent=self)
            section = TokenSection(kind, model, self)
            section.generate_requested.connect(self.open_generate_wizard)
            section.revoke_requested.connect(self.revoke_tokens)
            section.revoke_deprovisioned_requested.connect(self.revoke_deprovisioned_tokens)
            section.view.first_painted.connect(self._table_painted)
            self.sections[kind] = section
            self.tabs.addTab(section, kind.label)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.status = SessionStatusBar(self)
        self.setStatusBar(self.status)
        self._build_menus()

        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(int(sync_interval_s * 1000))
        self._sync_timer.timeout.connect(self.sync_now)

        self._show_identity()
        self._apply_role(session.role if session is not None else None)
        self._restore_state()
        if session is not None and client is not None:
            self.set_session(session, client)

    # ---- menus and shortcuts --------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], Any], shortcut: Any = None, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        self.generate_action = self._action(
            "&Generate token…", lambda: self.open_generate_wizard(None), QKeySequence.StandardKey.New,
            "Generate a token in the current section",
        )
        self.refresh_action = self._action(
            "&Refresh", self.sync_now, QKeySequence.StandardKey.Refresh, "Sync with the token service now"
        )
        refresh_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Refresh)
        if QKeySequence("F5") not in refresh_keys:
            refresh_keys.insert(0, QKeySequence("F5"))
        self.refresh_action.setShortcuts(refresh_keys)
        self.sign_out_action = self._action("Sign &out", self.sign_out, None, "Sign out and forget the cached tokens")
        self.sign_in_action = self._action("&Sign in…", self.sign_in_requested.emit, None, "Sign in again")
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.find_action = self._action(
            "&Find…", lambda: self.current_section().focus_search(), QKeySequence.StandardKey.Find,
            "Search the current section by name or owner",
        )
        self.revoke_action = self._action(
            "&Revoke selected tokens…", lambda: self.current_section().request_revoke(), None,
            "Revoke the selected tokens (Delete in the table)",
        )
        self.revoke_deprovisioned_action = self._action(
            "Revoke tokens of &deprovisioned users…",
            lambda: self.current_section().request_revoke_deprovisioned(),
        )
        self.about_action = self._action("&About Token Desk", self.show_about)

        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.generate_action)
        file_menu.addAction(self.refresh_action)
        file_menu.addSeparator()
        file_menu.addAction(self.sign_in_action)
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        tokens_menu = self.menuBar().addMenu("&Tokens")
        tokens_menu.addAction(self.find_action)
        tokens_menu.addAction(self.revoke_action)
        tokens_menu.addAction(self.revoke_deprovisioned_action)
        tokens_menu.addSeparator()
        for number, kind in enumerate(_SECTION_KINDS, start=1):
            action = self._action(
                f"Show {kind.label}", lambda k=kind: self.tabs.setCurrentWidget(self.sections[k]), f"Alt+{number}"
            )
            tokens_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.about_action)

    # ---- state ----------------------------------------------------------------------------------

    def current_section(self) -> TokenSection:
        widget = self.tabs.currentWidget()
        assert isinstance(widget, TokenSection)
        return widget

    def section(self, kind: TokenKind) -> TokenSection:
        return self.sections[TokenKind(kind)]

    @property
    def cache(self) -> Any:
        return self._cache

    @property
    def last_sync_at(self) -> datetime | None:
        return self._last_sync_at

    def set_session_store(self, session_store: Any) -> None:
        """The keyring session store (deleted from on sign-out), when it is created after the first paint."""
        self._session_store = session_store

    def set_service_url(self, service_url: str) -> None:
        """The service's address once known (the embedded tenant picks its port at start)."""
        self.service_url = service_url
        self._show_identity()

    def set_session(self, session: Any, client: Any, cache: Any = None) -> None:
        """Signed in: show who, allow actions by role, sync now and then periodically.

        `cache` replaces the current one (after a sign-out, or another user signing in).
        """
        if cache is not None and cache is not self._cache:
            self._deferred_kinds = []  # every section is filled from the new cache here
            self._cache = cache
            self._last_sync_at = cache.last_sync_at
            self._snapshot_refreshed_at = None
            for kind, section in self.sections.items():
                section.model.replace_rows(cache.rows(kind.value))
        self.session = session
        self.client = client
        self.username = session.username
        self.tenant = session.tenant
        self._apply_role(session.role)
        self._show_identity()
        self.banner.hide()
        self._sync_timer.start()
        self.sync_now()

    def _apply_role(self, role: Role | None) -> None:
        signed_in = role is not None
        if role is None:
            # Before the service says who we are: the owner column helps whenever the cache holds
            # anyone else's tokens (only full admins see those).
            show_owner = any(s.model.has_other_owners(self.username) for s in self.sections.values())
        else:
            show_owner = is_full_admin(role)
        for section in self.sections.values():
            section.set_show_owner(show_owner)
            section.set_signed_in(signed_in)
        self.generate_action.setEnabled(signed_in)
        self.sign_out_action.setEnabled(signed_in)
        self.sign_in_action.setEnabled(not signed_in)
        self.revoke_action.setEnabled(signed_in)
        self.revoke_deprovisioned_action.setEnabled(signed_in and role is not None and is_full_admin(role))

    def _show_identity(self) -> None:
        role = self.session.role if self.session is not None else None
        self.setWindowTitle(f"{self.tenant} ({self.username})")  # Qt appends " — Token Desk"
        self.status.show_target(self.service_url, self.tenant)
        self.status.show_user(self.username if self.session is not None else None, role)
        if self.session is None and self.username:
            self.status.user_label.setText(f"User: {self.username} (not signed in)")
        self.status.show_sync(self._last_sync_at, syncing=self._syncing)

    # ---- cache upkeep (after the first paint, in the background) --------------------------------

    def check_cache(self) -> None:
        """SQLite's integrity check of the cache the window painted from, then its snapshot refreshed.

        The app calls this once the table has painted (the cache was opened without the check). A
        damaged file is moved aside and rebuilt by the cache: the tables then empty, the notice shows
        in the status bar, and the next sync refills them.
        """
        cache = self._cache
        if cache is None or not hasattr(cache, "check"):
            return

        def work() -> str | None:
            notice = cache.check()
            if notice is None and hasattr(cache, "refresh_snapshot"):
                cache.refresh_snapshot()
            return notice

        self.runner.run(work, lambda notice: self._cache_checked(cache, notice), self.error_channel.report)

    def _cache_checked(self, cache: Any, notice: str | None) -> None:
        if not notice or cache is not self._cache:
            return
        log.warning("%s", notice)
        self._last_sync_at = cache.last_sync_at
        for kind, section in self.sections.items():
            section.model.replace_rows(cache.rows(kind.value))
        self._show_identity()
        self.status.showMessage(notice, 15000)
        if self.session is not None:
            self.sync_now()

    def _refresh_snapshot_later(self) -> None:
        """After a sync that changed rows: rewrite the start-up snapshot, at most every few minutes."""
        cache = self._cache
        if cache is None or not hasattr(cache, "refresh_snapshot"):
            return
        now = time.monotonic()
        if self._snapshot_refreshed_at is not None and now - self._snapshot_refreshed_at < SNAPSHOT_REFRESH_S:
            return
        self._snapshot_refreshed_at = now
        self.runner.run(cache.refresh_snapshot, None, lambda error: log.warning("snapshot not refreshed: %s", error))

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
        if not kinds or self._cache is None:
            return
        for kind in kinds:
            self.sections[kind].model.reset_tokens(_cached_tokens(self._cache, kind))
        if self.session is None:
            self._apply_role(None)  # the owner column may depend on those tokens' owners

    @property
    def sections_filled(self) -> bool:
        """False until the hidden tabs have their cached tokens (see `defer_hidden_sections`)."""
        return not self._deferred_kinds

    # ---- sync -----------------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        """Sync with the service in the background (at most one sync at a time)."""
        if self.session is None and not self._signing_out:
            self.reconnect_requested.emit()  # e.g. Retry after the service was unreachable at start
            return
        if self.client is None or self._cache is None or self._signing_out:
            return
        if self._syncing:
            self._sync_again = True
            return
        self._syncing = True
        self.banner.set_retrying(True)
        self.status.show_sync(self._last_sync_at, syncing=True)
        client, cache, sync, now = self.client, self._cache, self._sync, self._clock()
        self.runner.run(lambda: sync(client, cache, now), self._synced, self._sync_failed)

    def _synced(self, result: Any) -> None:
        self._syncing = False
        if self._signing_out or self._cache is None:
            return
        rows = list(result.added) + list(result.changed)
        if rows or result.removed:
            for section in self.sections.values():
                section.model.apply_changes(rows, result.removed)
        self._last_sync_at = self._clock()
        self.banner.set_retrying(False)
        self.banner.hide()
        self.status.show_sync(self._last_sync_at)
        log.info("synced: %d added, %d changed, %d removed", len(result.added), len(result.changed),
                 len(result.removed))
        self.synced.emit(result)
        if not result.full and (rows or result.removed):
            self._refresh_snapshot_later()
        if self._sync_again:
            self._sync_again = False
            self.sync_now()

    def _sync_failed(self, error: BaseException) -> None:
        self._syncing = False
        self._sync_again = False
        self.banner.set_retrying(False)
        self.status.show_sync(self._last_sync_at)
        if isinstance(error, _offline_errors()):
            log.warning("sync failed: %s", type(error).__name__)
            self.banner.show_offline(self.service_url, self._last_sync_at, str(error))
        elif isinstance(error, _session_expired_error()):
            log.info("session expired")
            self._end_session()
            self.session_expired.emit()
        else:
            self.error_channel.report(error)
        self.sync_failed.emit(error)

    def show_unreachable(self, error: BaseException) -> None:
        """The offline banner, for failures outside a sync (checking the saved session at start)."""
        self.banner.set_retrying(False)
        self.banner.show_offline(self.service_url, self._last_sync_at, str(error))

    def is_offline_error(self, error: BaseException) -> bool:
        return isinstance(error, _offline_errors())

    def _end_session(self) -> None:
        self._sync_timer.stop()
        self.session = None
        self._apply_role(None)
        self._show_identity()

    # ---- generate -------------------------------------------------------------------------------

    @Slot(object)
    def open_generate_wizard(self, kind: TokenKind | None = None) -> GenerateWizard | None:
        """Ctrl+N: the wizard for the current section's kind (or `kind`)."""
        if self.session is None or self.client is None:
            return None
        if self._wizard is not None:
            self._wizard.raise_()
            self._wizard.activateWindow()
            return self._wizard
        from .generate_wizard import GenerateWizard  # noqa: PLC0415 - not needed before the first paint

        kind = TokenKind(kind) if kind is not None else self.current_section().kind
        client, username = self.client, self.session.username
        model = self.sections[kind].model

        def live_names() -> Iterable[str]:
            return [model.name_at(r) for r in range(model.token_count()) if model.owner_at(r) == username]

        wizard = GenerateWizard(
            self.runner,
            lambda name, privileges: client.generate_token(name, Privileges(privileges), kind),
            self.session.role,
            live_names,
            kind,
            self.secret_clipboard,
            self.error_channel,
            self,
        )
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.token_generated.connect(self._token_generated)
        wizard.finished.connect(self._wizard_closed)
        self._wizard = wizard
        wizard.open()
        return wizard

    @Slot(object)
    def _token_generated(self, token: TokenInfo) -> None:
        section = self.sections.get(TokenKind(token.kind))
        if section is not None:
            section.model.apply_changes([row_from_token_info(token)])
        self.status.showMessage(f"Generated “{token.name}”.", 8000)
        self.sync_now()

    @Slot()
    def _wizard_closed(self) -> None:
        self._wizard = None

    # ---- revoke ---------------------------------------------------------------------------------

    @Slot(object)
    def revoke_tokens(self, tokens: list[tuple[str, str]]) -> None:
        """Confirm (naming the tokens), then revoke them; rows leave when the service confirms."""
        if not tokens or self.client is None or self.session is None:
            return
        from . import revoke_dialog  # noqa: PLC0415 - not needed before the first paint

        if not revoke_dialog.confirm_revoke(self, [name for _, name in tokens]):
            return
        self._revoke([token_id for token_id, _ in tokens])

    @Slot(object)
    def revoke_deprovisioned_tokens(self, tokens: list[tuple[str, str, str]]) -> None:
        """One step for every token of a deprovisioned owner, listing what will go."""
        if not tokens or self.client is None or self.session is None:
            return
        from . import revoke_dialog  # noqa: PLC0415

        if not revoke_dialog.confirm_revoke_deprovisioned(self, [(name, owner) for _, name, owner in tokens]):
            return
        self._revoke([token_id for token_id, _, _ in tokens])

    def _revoke(self, ids: list[str]) -> None:
        client = self.client
        self.status.showMessage(f"Revoking {len(ids)} token{'s' if len(ids) != 1 else ''}…")

        def done(_revoked: Any) -> None:
            # Ids the service did not find are gone as well (revoked elsewhere meanwhile).
            for section in self.sections.values():
                section.model.apply_changes([], ids)
            self.status.showMessage(f"Revoked {len(ids)} token{'s' if len(ids) != 1 else ''}.", 8000)
            self.revoked.emit(list(ids))
            self.sync_now()

        def failed(error: BaseException) -> None:
            self.status.clearMessage()
            if isinstance(error, _session_expired_error()):
                self._end_session()
                self.session_expired.emit()
            elif isinstance(error, _offline_errors()):
                # The answer was lost, not necessarily the revoke: let a sync show what the service holds.
                self.sync_now()
            self.error_channel.report(error)

        cache = self._cache

        def work() -> Any:
            revoked = client.revoke_tokens(ids)
            # The cache forgets them now: if the follow-up sync fails, an offline start must not list them.
            remove = getattr(cache, "remove_tokens", None)
            if remove is not None:
                try:
                    remove(ids)
                except Exception as error:  # noqa: BLE001 - the revoke itself succeeded
                    log.warning("revoked tokens not removed from the cache (%s)", type(error).__name__)
            return revoked

        self.runner.run(work, done, failed)

    # ---- sign out, about, quit ------------------------------------------------------------------

    @Slot()
    def sign_out(self) -> None:
        """Clear the clipboard, end the session, delete the keyring entry and the cache."""
        if self.session is None or self._signing_out:
            return
        if self._wizard is not None:
            self._wizard.close()
            if self._wizard is not None and self._wizard.isVisible():
                # As when quitting: the user went back to copy the secret (or it is being generated).
                # Signing out anyway would let it be copied afterwards and outlive the sign-out.
                self.status.showMessage("Close the generate wizard to sign out.", 8000)
                return
        self._signing_out = True
        self.secret_clipboard.clear_if_ours()
        self._sync_timer.stop()
        client, cache, store = self.client, self._cache, self._session_store
        service_url, tenant, username = self.service_url, self.tenant, self.username

        def work() -> None:
            try:
                client.sign_out()
            except Exception as error:  # noqa: BLE001 - signing out locally must still happen
                log.info("sign-out at the service failed (%s); forgetting the session here anyway",
                         type(error).__name__)
            if store is not None:
                store.delete(service_url, tenant, username)
            if cache is not None:
                cache.delete()

        self.runner.run(work, lambda _result: self._signed_out(), self._sign_out_failed)

    def _signed_out(self) -> None:
        self._signing_out = False
        self._cache = None
        self._last_sync_at = None
        for section in self.sections.values():
            section.model.replace_rows([])
        self.client = None
        self._end_session()
        self.banner.hide()
        self.status.showMessage("Signed out. The cached tokens were deleted from this computer.", 8000)
        self.signed_out.emit()

    def _sign_out_failed(self, error: BaseException) -> None:
        self._signing_out = False
        self.error_channel.report(error)

    @Slot()
    def show_about(self) -> None:
        from .about import AboutDialog  # noqa: PLC0415

        tenant_api_url = self.session.tenant_api_url if self.session is not None else None
        dialog = AboutDialog(self._version, tenant_api_url, self.service_url, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._about = dialog
        dialog.finished.connect(lambda _result: setattr(self, "_about", None))
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._wizard is not None:
            self._wizard.close()
            if self._wizard is not None and self._wizard.isVisible():
                event.ignore()  # the user went back to copy the secret
                return
        self.secret_clipboard.clear_if_ours()
        self._sync_timer.stop()
        self._save_state()
        super().closeEvent(event)

    # ---- window state (QSettings: geometry and column layout only, nothing secret) ------------

    def _settings(self) -> QSettings:
        return QSettings("token-desk", "desktop-app")

    def _restore_state(self) -> None:
        settings = self._settings()
        settings.beginGroup(_SETTINGS_GROUP)
        geometry = settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        for kind, section in self.sections.items():
            header = settings.value(f"header/{kind.value}")
            if isinstance(header, QByteArray) and not header.isEmpty():
                section.restore_header(header)
        settings.endGroup()

    def _save_state(self) -> None:
        settings = self._settings()
        settings.beginGroup(_SETTINGS_GROUP)
        settings.setValue("geometry", self.saveGeometry())
        for kind, section in self.sections.items():
            settings.setValue(f"header/{kind.value}", section.view.horizontalHeader().saveState())
        settings.endGroup()
        settings.sync()


__all__ = ["DEFAULT_SYNC_INTERVAL_S", "MainWindow"]
