"""The session: who is signed in, to which service, with which client and cache, and everything that runs
against them (sync now and periodically, generate, revoke, sign in and out), with one error triage.

A QObject without widgets. The window shows its state (read from its properties when a signal says it
changed) and sends it requests (its slots); the app builds it and stops it. Blocking work runs in the
runner's lanes: syncs and cache upkeep in `Lane.SYNC`, what the user waits on in `Lane.ACTION`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ..core.policy import TokenPolicy
from ..core.roles import Privileges, Role
from ..core.token_fields import row_from_token
from ..core.tokens import TokenInfo, TokenKind
from ..sync import SyncResult, sync_tokens
from . import session_cache, session_details, session_policy, session_revoke, session_rotate
from .background import BackgroundRunner, Lane
from .errors import ErrorChannel, ErrorKind, classify
from .protocols import (
    ClientFactory,
    GeneratedToken,
    Session,
    SessionStore,
    SyncFunction,
    TokenClient,
    TokenStore,
)
from .session_connect import Connection, EmbeddedConnection, RemoteConnection

log = logging.getLogger(__name__)

DEFAULT_SYNC_INTERVAL_S = 60


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _default_sync(client: TokenClient, cache: TokenStore, now: datetime) -> SyncResult:
    return sync_tokens(client, cache, now)  # type: ignore[arg-type]  # the app hands it the real ones


def _cache_not_updated(error: BaseException) -> None:
    log.warning("revoked tokens not removed from the cache (%s)", type(error).__name__)


class SessionController(QObject):
    """`set_session(session, client)` starts syncing (now, every `sync_interval_s`, and on `sync_now()`)."""

    session_changed = Signal()  # signed in, or the session ended: read `session` and `role`
    identity_changed = Signal()  # service url, tenant or username changed
    cache_replaced = Signal()  # the tables reload from `cache` (another user's, emptied, damaged, or none)
    tokens_changed = Signal(list, list)  # rows (ROW_FIELDS tuples) added or changed, ids removed
    syncing_changed = Signal(bool)  # a sync started (True) or ended; `last_sync_at` then holds its time
    synced = Signal(SyncResult)
    sync_failed = Signal(BaseException)
    offline = Signal(str)  # the service cannot be reached (why); the cached tokens stay readable
    online = Signal()  # it answered again
    session_expired = Signal()  # the service no longer accepts the session
    signed_out = Signal()  # the keyring entry and the cache are gone
    revoked = Signal(list)  # the ids of the revoked tokens (they have left the tables)
    revoke_started = Signal(object)  # a chunked_revoke.RevokeJob: its progress, and Cancel
    sign_in_needed = Signal()  # remote mode: ask for credentials, answer `finish_sign_in` (see sign_in_call)
    message = Signal(str, int)  # a status line and how long it shows in ms (0: until the next one)
    keyring_warning_changed = Signal(str)  # "" once the session is kept in the keyring again
    details_loaded = Signal(object)  # a protocols.TokenDetails of the token last asked for (load_details)
    details_failed = Signal(str, str, bool)  # token id, what went wrong, whether the service is unreachable
    described = Signal(TokenInfo)  # the description was saved: the token's new fields
    describe_failed = Signal(str, str)  # token id, what went wrong
    policy_changed = Signal()  # `policy` (the tenant's core.policy.TokenPolicy) was read or changed

    def __init__(
        self,
        cache: TokenStore | None,
        *,
        service_url: str,
        tenant: str,
        username: str,
        error_channel: ErrorChannel,
        session_store: SessionStore | None = None,
        session_store_factory: Callable[[], SessionStore] | None = None,
        connection: Connection | None = None,  # None: no way to sign in (a window over a cache only)
        runner: BackgroundRunner | None = None,
        clock: Callable[[], datetime] = _utc_now,
        sync: SyncFunction | None = None,
        sync_interval_s: float = DEFAULT_SYNC_INTERVAL_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache = cache
        self.service_url = service_url
        self.tenant = tenant
        self.username = username
        self.error_channel = error_channel
        self._session_store = session_store
        self._session_store_factory = session_store_factory
        self._connection = connection
        self.runner = runner or BackgroundRunner(self)
        self.clock = clock
        self._sync = sync or _default_sync
        self.client: TokenClient | None = None
        self.session: Session | None = None
        self.policy: TokenPolicy | None = None  # the tenant policy, once read (session_policy.py)
        self._last_sync_at = cache.last_sync_at if cache is not None else None
        self._syncing = False
        self._sync_again = False
        self._revoked_while_syncing: set[str] = set()
        self._signing_out = False
        self._user_signed_out = False
        self._stopped = False
        self._keyring_warning = ""
        self.snapshot_refreshed_at: float | None = None
        self.details_loader = session_details.DetailsLoader()
        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(int(sync_interval_s * 1000))
        self._sync_timer.timeout.connect(self.sync_now)

    # ---- state ----------------------------------------------------------------------------------

    @property
    def cache(self) -> TokenStore | None:
        return self._cache

    @property
    def role(self) -> Role | None:
        return self.session.role if self.session is not None else None

    @property
    def last_sync_at(self) -> datetime | None:
        return self._last_sync_at

    @property
    def syncing(self) -> bool:
        return self._syncing

    @property
    def stopped(self) -> bool:
        return self._stopped

    @property
    def session_store(self) -> SessionStore | None:
        """The keyring session store; probing the keyring waits until after the first paint."""
        if self._session_store is None and self._session_store_factory is not None:
            self._session_store = self._session_store_factory()
            self._session_store_factory = None
            self.check_keyring()
        return self._session_store

    def tell(self, notice: str | None, msecs: int = 15000) -> None:
        """A notice for the status bar, logged as a warning too."""
        if notice:
            self.message.emit(notice, msecs)
            log.warning("%s", notice)

    def check_keyring(self) -> None:
        """Say it once, and keep a mark while the session lives in memory only. After each keyring call:
        a locked keyring only shows itself when it is used. The local tenant saves no sign-in: nothing to say."""
        if self._connection is not None and not self._connection.saves_session:
            return
        store = self._session_store
        warning = (store.warning if store is not None else None) or ""
        if warning != self._keyring_warning:
            self._keyring_warning = warning
            self.tell(warning)
            self.keyring_warning_changed.emit(warning)

    # ---- one triage for every failed call ---------------------------------------------------------

    def handle_failure(self, error: BaseException) -> ErrorKind:
        """Offline: the banner. Session expired: end it and sign in again. Otherwise: the error channel."""
        kind = classify(error)
        if kind is ErrorKind.OFFLINE:
            log.warning("cannot reach the token service (%s)", type(error).__name__)
            self.offline.emit(str(error))
        elif kind is ErrorKind.SESSION_EXPIRED:
            log.info("session expired")
            self._end_session()
            self.session_expired.emit()
            QTimer.singleShot(0, self._sign_in_again)
        else:
            self.error_channel.report(error)
        return kind

    # ---- connecting (after the first paint; session_connect holds the two ways) ------------------

    @Slot()
    def connect_service(self) -> None:
        """Embedded: start the local tenant and sign the OS user in. Remote: resume the saved session."""
        if self._stopped or self.session is not None:
            return
        self.session_store  # noqa: B018 - resolve it now, after the first paint
        if self._connection is not None:
            self._connection.connect(self)

    def connect_failed(self, error: BaseException) -> None:
        self.message.emit("", 0)
        self.handle_failure(error)

    def replace_client(self, client: TokenClient) -> TokenClient:
        """The client of the session being started (the previous one is closed)."""
        if self.client is not None and self.client is not client:
            self.client.close()
        self.client = client
        return client

    def anonymous_client_factory(self) -> ClientFactory | None:
        """Makes clients for calls that need no session (a leak report while signed out)."""
        return self._connection.client_factory if self._connection is not None else None

    def set_service_url(self, service_url: str) -> None:
        """The service's address once known (the embedded tenant picks its port at start)."""
        self.service_url = service_url
        self.identity_changed.emit()

    def sign_in_call(self) -> Callable[[str, str], Session]:
        """The blocking call the sign-in dialog runs with the user's credentials (a fresh client's)."""
        assert isinstance(self._connection, RemoteConnection), "only a remote service asks for a password"
        return self._connection.sign_in_call(self)

    def finish_sign_in(self, session: Session | None) -> None:
        """The dialog's answer: the session (saved to the keyring, its user's cache opened), or None."""
        if session is None or not isinstance(self._connection, RemoteConnection):
            self.message.emit(self.tr("Not signed in: File → Sign in… when you are ready."), 10000)
            return
        self._connection.finish_sign_in(self, session)

    @Slot()
    def request_sign_in(self) -> None:
        """File → Sign in…"""
        self._user_signed_out = False
        self.connect_service()

    def _sign_in_again(self) -> None:
        if not self._stopped and self.session is None and self._connection is not None:
            self._connection.sign_in_again(self)

    # ---- the session ------------------------------------------------------------------------------

    def set_session(self, session: Session, client: TokenClient, cache: TokenStore | None = None) -> None:
        """Signed in: sync now and then periodically. `cache` replaces the current one (after a sign-out,
        or another user signing in)."""
        if cache is not None and cache is not self._cache:
            self._cache = cache
            self._last_sync_at = cache.last_sync_at
            self.snapshot_refreshed_at = None
            self.cache_replaced.emit()
        self.session = session
        self.client = client
        self.username = session.username
        self.tenant = session.tenant
        self._user_signed_out = False
        self.identity_changed.emit()
        self.session_changed.emit()
        self.online.emit()
        self._sync_timer.start()
        self.sync_now()
        session_policy.fetch(self)

    def _end_session(self) -> None:
        self._sync_timer.stop()
        self.session = None
        self.session_changed.emit()

    # ---- sync ---------------------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        """Sync in the background (one at a time); before a session, try to connect again."""
        if self.session is None and not self._signing_out:
            if not self._user_signed_out:
                self.connect_service()  # e.g. Retry after the service was unreachable at start
            return
        if self.client is None or self._cache is None or self._signing_out:
            return
        if self._syncing:
            self._sync_again = True
            return
        self._syncing = True
        self.syncing_changed.emit(True)
        client, cache, sync, now = self.client, self._cache, self._sync, self.clock()
        self.runner.run(lambda: sync(client, cache, now), self._synced, self._sync_failed, lane=Lane.SYNC)

    def _synced(self, result: SyncResult) -> None:
        self._syncing = False
        revoked, self._revoked_while_syncing = self._revoked_while_syncing, set()
        if self._signing_out or self._cache is None:
            return
        # A revoke that finished during this sync: the sync may still have seen those tokens.
        rows = [row for row in (*result.added, *result.changed) if row[0] not in revoked]
        if rows or result.removed:
            self.tokens_changed.emit(rows, list(result.removed))
        self._last_sync_at = self.clock()
        self.syncing_changed.emit(False)
        self.online.emit()
        # A periodic sync that found nothing is routine: DEBUG, so the log is not a line a minute.
        log.log(
            logging.INFO if rows or result.removed else logging.DEBUG,
            "synced: %d added, %d changed, %d removed",
            len(result.added),
            len(result.changed),
            len(result.removed),
        )
        self.synced.emit(result)
        if not result.full and (rows or result.removed):
            self._refresh_snapshot_later()
        if self._sync_again:
            self._sync_again = False
            self.sync_now()

    def _sync_failed(self, error: BaseException) -> None:
        self._syncing = False
        self._sync_again = False
        self._revoked_while_syncing = set()
        self.syncing_changed.emit(False)
        self.handle_failure(error)
        self.sync_failed.emit(error)

    # ---- generate and revoke ----------------------------------------------------------------------

    def generate_call(self, kind: TokenKind) -> Callable[..., GeneratedToken] | None:
        """The blocking call the generate wizard runs (None when not signed in): (name, privileges,
        **lifetime and description options of client.generate_token)."""
        client = self.client
        if client is None or self.session is None:
            return None
        return lambda name, privileges, **options: client.generate_token(
            name, Privileges(privileges), kind, **options
        )

    def set_policy(self, policy: TokenPolicy | None) -> None:
        """The tenant policy as read or saved (session_policy.py)."""
        self.policy = policy
        self.policy_changed.emit()

    @Slot(TokenInfo)
    def add_generated(self, token: TokenInfo) -> None:
        """The wizard generated `token`: its row shows now, and a sync follows."""
        self.tokens_changed.emit([row_from_token(token)], [])
        self.message.emit(self.tr("Generated “{name}”.").format(name=token.name), 8000)
        self.sync_now()

    @Slot(list)
    def revoke(self, ids: list[str]) -> None:
        """Revoke in chunks in the action lane (never behind a sync); `revoke_started` gives the window the
        job (progress, Cancel); what the service confirmed leaves the tables when it ends."""
        session_revoke.revoke_ids(self, ids)

    @Slot(object, list)
    def revoke_deprovisioned(self, kind: TokenKind | None, known_ids: list[str]) -> None:
        """Every token of deprovisioned owners (of `kind`, or all kinds) in one call by criteria; the ones
        the tables know (`known_ids`) leave them at once, a sync brings the rest of the truth."""
        session_revoke.revoke_deprovisioned(self, kind, known_ids)

    # ---- rotate (session_rotate holds how) ----------------------------------------------------------

    def rotate_call(self) -> session_rotate.RotateCall | None:
        """The blocking call the rotate dialog runs (None when not signed in)."""
        return session_rotate.rotate_call(self)

    @Slot(TokenInfo)
    def add_rotated(self, token: TokenInfo) -> None:
        """The rotate dialog rotated `token`: its row shows now, and a sync follows."""
        session_rotate.apply_rotated(self, token)

    @Slot(str)
    def end_grace(self, token_id: str) -> None:
        """Stop the rotation's old secret of `token_id` now, in the action lane."""
        session_rotate.end_grace(self, token_id)

    def remove_revoked(self, ids: list[str]) -> None:
        """Revoked `ids` leave the tables and the cache now; a sync follows."""
        if self._syncing:
            self._revoked_while_syncing.update(ids)
        self.tokens_changed.emit([], ids)
        cache = self._cache
        if cache is not None:
            # The cache forgets them now (in the sync lane, which owns the cache): if the follow-up sync
            # fails, an offline start must not list them.
            self.runner.run(lambda: cache.remove_tokens(ids), None, _cache_not_updated, lane=Lane.SYNC)
        self.revoked.emit(ids)
        self.sync_now()

    # ---- details pane (session_details) --------------------------------------------------------------

    @Slot(object)
    def load_details(self, token_id: str | None) -> None:
        """The token's details and usage, answered by `details_loaded` (stale answers dropped)."""
        session_details.load_details(self, token_id)

    @Slot(str, str)
    def describe(self, token_id: str, text: str) -> None:
        """Save a token's description; `described` or `describe_failed` answers."""
        session_details.describe(self, token_id, text)

    # ---- sign out -----------------------------------------------------------------------------------

    @Slot()
    def sign_out(self) -> None:
        """End the session at the service, delete the keyring entry and the cache (after any sync)."""
        if self.session is None or self._signing_out:
            return
        self._signing_out = True
        self._sync_timer.stop()
        client, cache, store = self.client, self._cache, self._session_store
        service_url, tenant, username = self.service_url, self.tenant, self.username

        def work() -> None:
            if client is not None:
                try:
                    client.sign_out()
                except Exception as error:
                    log.info(
                        "sign-out at the service failed (%s); forgetting the session here anyway",
                        type(error).__name__,
                    )
                finally:
                    client.close()  # its last use: the next session gets a client of its own
            if store is not None:
                store.delete(service_url, tenant, username)
            if cache is not None:
                cache.delete()

        self.runner.run(work, self._signed_out, self._sign_out_failed, lane=Lane.SYNC)

    def _signed_out(self, _result: None) -> None:
        self._signing_out = False
        self._user_signed_out = True
        self._cache = None
        self._last_sync_at = None
        self.cache_replaced.emit()
        self.client = None
        self._end_session()
        self.online.emit()
        self.message.emit(self.tr("Signed out. The cached tokens were deleted from this computer."), 8000)
        self.signed_out.emit()
        if isinstance(self._connection, EmbeddedConnection):
            # The local tenant needs no password: File → Sign in… signs the OS user in again.
            self.message.emit(self.tr("Signed out. File → Sign in… signs you in again."), 10000)
        elif isinstance(self._connection, RemoteConnection):
            QTimer.singleShot(0, self._ask_after_sign_out)

    def _ask_after_sign_out(self) -> None:
        if not self._stopped and self.session is None:
            self.sign_in_needed.emit()

    def _sign_out_failed(self, error: BaseException) -> None:
        self._signing_out = False
        self.error_channel.report(error)

    # ---- cache upkeep (after the first paint, in the sync lane; session_cache holds how) ------------

    @Slot()
    def check_cache(self) -> None:
        """SQLite's integrity check of the cache the window painted from, then its snapshot refreshed."""
        session_cache.check_cache(self)

    def _refresh_snapshot_later(self) -> None:
        session_cache.refresh_snapshot_later(self)

    def cache_was_replaced(self, cache: TokenStore) -> None:
        """The check found `cache` damaged and rebuilt it: the tables reload from it (empty)."""
        self._last_sync_at = cache.last_sync_at
        self.cache_replaced.emit()

    # ---- stop ---------------------------------------------------------------------------------------

    def stop(self, *, refresh_snapshot: bool = True) -> None:
        """Quitting: let background work finish, close the client, refresh the snapshot, close the cache."""
        if self._stopped:
            return
        self._stopped = True
        self._sync_timer.stop()
        self.runner.wait_for_done(10000)
        if self.client is not None:
            self.client.close()
        cache = self._cache
        if cache is not None:
            if refresh_snapshot:
                try:
                    cache.refresh_snapshot()  # the next start paints from it (a few ms, not every row)
                except Exception:
                    log.warning("could not refresh the cache's snapshot", exc_info=True)
            cache.close()


__all__ = ["DEFAULT_SYNC_INTERVAL_S", "SessionController"]
