"""The embedded local tenant: the token service on 127.0.0.1 in a background thread.

With no service configured the app runs its own: tenant "local", a SQLite file in the user's
data folder, the OS user as global admin signed in without a password. `start()` returns at
once (nothing here delays the first paint); `wait_ready()` and `sign_in_os_user()` block, so
call them off the GUI thread; `stop()` shuts uvicorn down cleanly.

Scripts on this machine keep the address shown when their token was made, so the service stays
on its remembered port. When another program holds that port at start, it serves on the next
free one for this run only: `port_moved` says (remembered, actual) for the window to show, and
the remembered address is kept for the next start.
"""

from __future__ import annotations

import errno
import getpass
import logging
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import uvicorn

from desktop_app.client.api import TokenServiceClient
from desktop_app.client.models import SessionInfo
from desktop_app.core.errors import UserFacingError
from desktop_app.core.roles import Role
from desktop_app.settings import AppSettings

log = logging.getLogger(__name__)

TENANT = "local"
DATABASE_FILE = "local-tenant.db"
DEFAULT_PORT = 8765
PORTS_TO_TRY = 50


class _ReadySignallingServer(uvicorn.Server):
    """uvicorn.Server that sets an event once it is listening."""

    def __init__(self, config: uvicorn.Config, ready: threading.Event) -> None:
        super().__init__(config)
        self._ready_event = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            self._ready_event.set()


class EmbeddedTenantFailed(UserFacingError):
    """The local token service could not be started."""


def bind_first_free_port(host: str, first_port: int, attempts: int = PORTS_TO_TRY) -> socket.socket:
    """A listening-ready socket on `first_port` or the next free port after it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for port in range(first_port, first_port + attempts):
        sock = socket.socket(family, socket.SOCK_STREAM)
        # Like uvicorn: lets us reuse a port in TIME_WAIT after a restart, but (on Linux and
        # macOS) never one another process is listening on.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as error:
            sock.close()
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                continue
            raise
        return sock
    raise EmbeddedTenantFailed(
        f"Ports {first_port} to {first_port + attempts - 1} on {host} are all in use, so the "
        "local token service cannot start. Close what uses them or choose another port."
    )


def _remembered_port(settings: AppSettings | None) -> int | None:
    """The port of the URL remembered last time, so scripts keep working across restarts."""
    if settings is None or not settings.embedded_url:
        return None
    try:
        return urlsplit(settings.embedded_url).port
    except ValueError:
        return None


class EmbeddedTenant:
    """The token service for tenant "local", served from this process on loopback.

    `port`: the first port to try; by default the one remembered in `settings`, else 8765.
    """

    def __init__(
        self,
        data_dir: Path | str,
        port: int | None = None,
        host: str = "127.0.0.1",
        *,
        username: str | None = None,
        settings: AppSettings | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.host = host
        self.preferred_port = port if port is not None else _remembered_port(settings) or DEFAULT_PORT
        self.username = username or getpass.getuser()
        self.settings = settings
        self.port: int | None = None
        # (remembered URL, URL of this run) when the remembered port was taken by another program
        self.port_moved: tuple[str, str] | None = None
        # Called (on the thread that called start()) once the port is bound and `url` is known.
        self.on_started: Callable[[EmbeddedTenant], None] | None = None
        self._server: _ReadySignallingServer | None = None
        self._store: Any = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None

    @property
    def database_path(self) -> Path:
        return self.data_dir / DATABASE_FILE

    @property
    def url(self) -> str:
        """`http://127.0.0.1:<port>` (known once `start()` returned)."""
        if self.port is None:
            raise RuntimeError("the embedded tenant has not been started")
        return self._url_on(self.port)

    def _url_on(self, port: int) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{port}"

    @property
    def tenant_api_url(self) -> str:
        return f"{self.url}/t/{TENANT}"

    def start(self) -> None:
        """Bind the port now (so `.url` is known) and start the service in a daemon thread."""
        if self._thread is not None:
            raise RuntimeError("the embedded tenant is already started")
        sock = bind_first_free_port(self.host, self.preferred_port)
        self.port = sock.getsockname()[1]
        if self.port != self.preferred_port:
            self.port_moved = (self._url_on(self.preferred_port), self.url)
            log.warning(
                "%s is taken by another program: the local token service is on %s for this run "
                "(scripts using the old address cannot reach it)",
                *self.port_moved,
            )
        else:
            self._remember_url()  # a moved port is not remembered: the next start tries the old one
        self._thread = threading.Thread(
            target=self._serve, args=(sock,), name="embedded-token-service", daemon=True
        )
        self._thread.start()
        if self.on_started is not None:
            self.on_started(self)

    def wait_ready(self, timeout: float = 15.0) -> None:
        """Block until the service answers, or raise EmbeddedTenantFailed."""
        if self._thread is None:
            raise RuntimeError("start() the embedded tenant first")
        deadline = time.monotonic() + timeout
        while not self._ready.wait(0.02):
            if not self._thread.is_alive():
                break
            if time.monotonic() >= deadline:
                raise EmbeddedTenantFailed(
                    f"The local token service did not start within {timeout:g} seconds."
                )
        if self._failure is not None or self._server is None or not self._server.started:
            raise EmbeddedTenantFailed(
                f"The local token service could not start ({self._describe_failure()}). "
                f"Its data is in {self.data_dir}."
            )

    def sign_in_os_user(self, timeout: float = 15.0) -> SessionInfo:
        """A session for the OS user, made in-process (no password), checked over HTTP."""
        self.wait_ready(timeout)
        session_token, _expires_at = self._store.create_session(TENANT, self.username)
        with TokenServiceClient(self.url, TENANT, session_token=session_token) as client:
            info = client.whoami()
        return SessionInfo(
            session_token=session_token,
            expires_at=info.expires_at,
            username=info.username,
            role=info.role,
            tenant=info.tenant,
            tenant_api_url=info.tenant_api_url,
        )

    def stop(self, timeout: float = 10.0) -> None:
        """Ask uvicorn to finish (open requests complete) and wait for its thread."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        if self._server is not None:
            self._server.should_exit = True
        thread.join(timeout)
        if thread.is_alive():
            log.warning("the embedded token service did not stop within %s s", timeout)
            if self._server is not None:
                self._server.force_exit = True
                thread.join(timeout)
        self._close_store()

    def __enter__(self) -> EmbeddedTenant:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- the service thread ------------------------------------------------------------------

    def _serve(self, sock: socket.socket) -> None:
        try:
            app = self._build_app()
            config = uvicorn.Config(
                app,
                log_config=None,
                log_level="warning",
                access_log=False,
                ws="none",
                proxy_headers=False,  # no proxy in front: every local program shares 127.0.0.1
                lifespan="on",
                timeout_graceful_shutdown=5,
            )
            self._server = _ReadySignallingServer(config, self._ready)
            self._server.run(sockets=[sock])
        except BaseException as error:
            self._failure = error
            log.exception("embedded token service failed")
        finally:
            sock.close()
            if self._server is None or not self._server.started:
                self._ready.set()  # wake waiters; they see the failure

    def _build_app(self) -> Any:
        # Imported here, in the service thread: FastAPI's import cost stays off the GUI thread.
        from desktop_app.server.app import create_app  # noqa: PLC0415

        self.data_dir.mkdir(parents=True, exist_ok=True)
        app = create_app(str(self.database_path), public_url=self.url)
        store = app.state.store
        store.ensure_tenant(TENANT)
        store.ensure_user(TENANT, self.username, Role.GLOBAL_ADMIN)
        self._store = store
        return app

    def _describe_failure(self) -> str:
        failure = self._failure
        if failure is None:
            return "it exited"
        if isinstance(failure, UserFacingError):
            return str(failure)
        if isinstance(failure, OSError) and failure.strerror:
            return failure.strerror
        return type(failure).__name__

    def _remember_url(self) -> None:
        if self.settings is None:
            return
        if self.settings.embedded_url != self.url:
            self.settings.embedded_url = self.url
            try:
                self.settings.save()
            except OSError:
                log.warning("could not remember the local service URL", exc_info=True)

    def _close_store(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            try:
                store.close()
            except Exception:
                log.debug("closing the embedded store failed", exc_info=True)
