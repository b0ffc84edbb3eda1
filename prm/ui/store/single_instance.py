"""One PRM window per data folder.

The first launch takes a lock file in the data folder and listens on a local
socket; a second launch finds the lock taken, asks the first (over the
socket) to bring its window forward, and exits. The lock, not the socket, is
the truth: two processes must never write the same store.
"""

from __future__ import annotations

import getpass
import hashlib
import logging

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from prm.core.paths import AppPaths

log = logging.getLogger(__name__)

RAISE = b"raise\n"
ANSWER = b"ok\n"


def server_name(paths: AppPaths) -> str:
    """Per user and data folder, short enough for a Unix socket path."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        user = "user"
    digest = hashlib.sha256(f"{user}:{paths.data_dir}".encode()).hexdigest()[:20]
    return f"prm-{digest}"


class SingleInstance(QObject):
    """``acquire()`` the data folder, or ``ask_running_to_raise()`` the one that has it."""

    raise_requested = Signal()

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = server_name(paths)
        self._lock = QLockFile(str(paths.lock_file))
        # Held for the app's lifetime, so never "stale" by age; a lock left by a
        # crashed PRM is still recognised (its process is gone) and taken over.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Take the lock and start listening; False if another PRM holds it."""
        if not self._lock.tryLock(200):
            log.info("data folder is locked by another PRM (%s)", self._lock.error())
            return False
        # We hold the lock, so any socket with our name is a leftover of a crash.
        QLocalServer.removeServer(self._name)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(self._name):
            log.warning("cannot listen on %s: %s", self._name, self._server.errorString())
        else:
            self._server.newConnection.connect(self._accept)
            log.info("listening for other launches as %s", self._name)
        return True

    def ask_running_to_raise(self, timeout_ms: int = 3000) -> bool:
        """Ask the PRM holding the lock to show its window; True if it answered."""
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(RAISE)
        socket.flush()
        answered = socket.waitForReadyRead(timeout_ms) and socket.readAll().data() == ANSWER
        socket.disconnectFromServer()
        return answered

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _accept(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if socket.readAll().data().startswith(RAISE.strip()):
            log.info("another launch asked for the window")
            self.raise_requested.emit()
            socket.write(ANSWER)
            socket.flush()
