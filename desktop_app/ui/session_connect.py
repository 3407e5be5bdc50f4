"""How the session controller gets a session: the two ways to connect, each a small strategy it owns.

`EmbeddedConnection`: start the local tenant (after the first paint) and sign the OS user in; no password.
`RemoteConnection`: the saved session from the keyring, checked with the service; else credentials, asked
through the controller's `sign_in_needed` (the window shows the dialog and answers `finish_sign_in`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from .errors import ErrorKind, classify
from .protocols import CacheFactory, ClientFactory, EmbeddedService, Session, TokenClient

if TYPE_CHECKING:
    from .session_controller import SessionController

log = logging.getLogger(__name__)


class EmbeddedConnection:
    """The local tenant, started once by `start_embedded` (the app owns and stops it)."""

    saves_session = False  # the OS user is signed in anew at each start: no keyring involved

    def __init__(
        self,
        start_embedded: Callable[[], EmbeddedService],
        client_factory: ClientFactory,
        cache_factory: CacheFactory,
    ) -> None:
        self._start_embedded = start_embedded
        self._client_factory = client_factory
        self._cache_factory = cache_factory
        self._embedded: EmbeddedService | None = None

    @property
    def client_factory(self) -> ClientFactory:
        return self._client_factory

    def connect(self, c: SessionController) -> None:
        if self._embedded is None:
            try:
                self._embedded = self._start_embedded()
            except Exception as error:
                c.error_channel.report(error)
                return
            c.set_service_url(self._embedded.url)
        c.message.emit(
            QCoreApplication.translate("SessionController", "Starting the local token service…"), 0
        )
        c.runner.run(
            self._embedded.sign_in_os_user, lambda session: self._signed_in(c, session), c.connect_failed
        )

    def sign_in_again(self, c: SessionController) -> None:
        self.connect(c)  # the OS user needs no password

    def _signed_in(self, c: SessionController, session: Session) -> None:
        if c.stopped or self._embedded is None:
            return
        client = c.replace_client(self._client_factory(self._embedded.url, session.session_token))
        c.message.emit("", 0)
        log.info("signed in to the embedded tenant as %s", session.username)
        cache = self._cache_factory(c.username) if c.cache is None else None  # after a sign-out
        c.set_session(session, client, cache)


class RemoteConnection:
    """A token service elsewhere: the keyring's session, or the sign-in dialog."""

    saves_session = True  # the session goes to the keyring, so a failing keyring is worth saying

    def __init__(
        self,
        client_factory: ClientFactory,
        cache_factory: CacheFactory,
        remember_username: Callable[[str], None],
    ) -> None:
        self._client_factory = client_factory
        self._cache_factory = cache_factory
        self._remember_username = remember_username

    @property
    def client_factory(self) -> ClientFactory:
        return self._client_factory

    def connect(self, c: SessionController) -> None:
        username, store, url, tenant = c.username, c.session_store, c.service_url, c.tenant
        if not username or store is None:
            c.sign_in_needed.emit()
            return
        factory = self._client_factory

        def check() -> tuple[Session, TokenClient] | None:
            token = store.load(url, tenant, username)
            if token is None:
                return None
            client = factory(url, token)
            try:
                return client.whoami(), client
            except BaseException:
                client.close()
                raise

        c.message.emit(
            QCoreApplication.translate("SessionController", "Connecting to {url}…").format(url=url), 0
        )
        c.runner.run(check, lambda found: self._checked(c, found), lambda error: self._check_failed(c, error))

    def sign_in_again(self, c: SessionController) -> None:
        c.sign_in_needed.emit()

    def _checked(self, c: SessionController, found: tuple[Session, TokenClient] | None) -> None:
        c.message.emit("", 0)
        c.check_keyring()
        if c.stopped:
            if found is not None:
                found[1].close()
            return
        if found is None:
            c.sign_in_needed.emit()
            return
        session, client = found
        log.info("resumed the saved session of %s", session.username)
        c.set_session(session, c.replace_client(client))

    def _check_failed(self, c: SessionController, error: BaseException) -> None:
        c.check_keyring()
        if classify(error) is ErrorKind.SESSION_EXPIRED:
            c.message.emit("", 0)
            c.sign_in_needed.emit()
        else:
            c.connect_failed(error)

    def sign_in_call(self, c: SessionController) -> Callable[[str, str], Session]:
        return c.replace_client(self._client_factory(c.service_url, None)).sign_in

    def finish_sign_in(self, c: SessionController, session: Session) -> None:
        client = c.client
        if client is None:
            return
        cache = None
        if session.username != c.username or c.cache is None:
            cache = self._cache_factory(session.username)
            self._remember_username(session.username)
        store, url, tenant, token = c.session_store, c.service_url, c.tenant, session.session_token
        if store is not None and token:
            c.runner.run(
                lambda: store.save(url, tenant, session.username, token),
                lambda _none: c.check_keyring(),
                c.error_channel.report,
            )
        c.set_session(session, client, cache)


Connection = EmbeddedConnection | RemoteConnection

__all__ = ["Connection", "EmbeddedConnection", "RemoteConnection"]
