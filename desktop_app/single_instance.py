"""One Token Desk per user: a later start hands its arguments to the running one and exits.

The first instance holds a QLockFile in the user's runtime folder and listens on a QLocalServer
there. A later start cannot take the lock, connects, sends its command line (one JSON line) and
waits for "ok". A lock left by a crashed instance is stale (its process is gone): QLockFile
takes it over, and the socket file left beside it is removed before listening again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

import platformdirs
from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

APP_NAME = "token-desk"
LOCK_FILE = "instance.lock"
SOCKET_FILE = "instance.sock"
ANSWER = b"ok\n"
HAND_OVER_SECONDS = 5.0


class InstanceNotAnswering(RuntimeError):
    """Another instance holds the lock but does not answer on its socket."""


def runtime_dir() -> Path:
    """The user's private runtime folder for the lock and the socket (created 0700)."""
    try:
        path = platformdirs.user_runtime_path(APP_NAME)
        # Never create the runtime folder itself: one made here (0755) would make platformdirs pick
        # another folder at the next start, and the two starts would not find each other.
        path.mkdir(exist_ok=True, mode=0o700)
        return path
    except OSError:
        # No XDG_RUNTIME_DIR and /run/user/<uid> missing (a container, a bare session).
        import getpass  # noqa: PLC0415

        path = Path(tempfile.gettempdir()) / f"{APP_NAME}-{getpass.getuser()}"
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path


def server_name(directory: Path) -> str:
    """A socket path on Unix; a pipe name unique to the user's folder on Windows."""
    if sys.platform == "win32":
        digest = hashlib.sha256(str(directory).lower().encode()).hexdigest()[:16]
        return f"{APP_NAME}-{digest}"
    return str(directory / SOCKET_FILE)


class SingleInstance(QObject):
    """Claim the instance, or hand the command line over to the one that has it.

    `activated(argv)` is emitted in the running instance for every later start.
    """

    activated = Signal(list)

    def __init__(self, directory: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.directory = Path(directory) if directory is not None else runtime_dir()
        self.name = server_name(self.directory)
        self._lock = QLockFile(str(self.directory / LOCK_FILE))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, however long it runs
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytes] = {}

    @property
    def is_primary(self) -> bool:
        return self._server is not None

    def claim_or_hand_over(self, argv: list[str], timeout: float = HAND_OVER_SECONDS) -> bool:
        """True: this process is the instance (listening now). False: the running one took `argv`.

        Raises InstanceNotAnswering when another instance holds the lock but never answers.
        """
        deadline = time.monotonic() + timeout
        while True:
            if self._try_claim():
                return True
            if self._send(argv, deadline):
                return False
            if time.monotonic() >= deadline:
                pid, _host, _app = self._lock.getLockInfo()  # (0, "", "") when the file is unreadable
                raise InstanceNotAnswering(
                    f"Token Desk is already running (process {pid or '?'}) but does not answer; "
                    f"end it, or remove {self.directory / LOCK_FILE} if it is gone."
                )
            time.sleep(0.1)  # it is starting up and not listening yet

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    # -- the running instance ------------------------------------------------------------------

    def _try_claim(self) -> bool:
        if not self._lock.tryLock(0):
            if self._lock.error() == QLockFile.LockError.LockFailedError:
                return False  # held by a live instance
            # The folder is not writable or the like: run alone rather than not at all.
            log.warning("cannot take the single-instance lock in %s; running without it", self.directory)
        QLocalServer.removeServer(self.name)  # a socket file left by a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning(
                "cannot listen on %s (%s); later starts cannot hand over", self.name, server.errorString()
            )
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def _accept(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if b"\n" not in data:
            self._buffers[socket] = data[:65536]
            return
        line = data.split(b"\n", 1)[0]
        self._buffers[socket] = b""
        try:
            argv = json.loads(line.decode("utf-8"))["argv"]
            if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
                raise ValueError("argv is not a list of strings")
        except (ValueError, KeyError, TypeError):
            log.warning("ignored a malformed request on the single-instance socket")
            socket.disconnectFromServer()
            return
        socket.write(ANSWER)
        socket.flush()
        socket.disconnectFromServer()
        self.activated.emit(argv)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    # -- a later start -------------------------------------------------------------------------

    def _send(self, argv: list[str], deadline: float) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        try:
            if not socket.waitForConnected(500):
                return False  # starting up and not listening yet, or gone: try again
            socket.write(json.dumps({"argv": argv}).encode("utf-8") + b"\n")
            socket.waitForBytesWritten(1000)
            answer = b""
            connected = QLocalSocket.LocalSocketState.ConnectedState
            while ANSWER not in answer and time.monotonic() < deadline:
                ready = socket.waitForReadyRead(200)
                answer += bytes(socket.readAll().data())
                if not ready and socket.state() != connected:
                    break
            return ANSWER in answer
        finally:
            socket.abort()
