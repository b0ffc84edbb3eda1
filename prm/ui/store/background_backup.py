"""The daily backup on a thread of its own, never on the DB worker.

The copy reads the store on its own connection, in small steps with short
pauses (``prm.core.backups.backup_store``), so the worker's writes go on while
it runs; the result comes back to the GUI thread through a queued signal.
"""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtCore import QObject, Qt, Signal

from prm.core.clock import Clock
from prm.core.db import Store
from prm.core.errors import KnownError

log = logging.getLogger(__name__)


class BackgroundBackup(QObject):
    """``start()`` a backup if one is due; ``finished(info or None, KnownError or None)``."""

    finished = Signal(object, object)
    _done = Signal(object, object)  # emitted on the backup thread

    def __init__(
        self,
        store: Store,
        clock: Clock,
        parent: QObject | None = None,
        *,
        every_days: int | None = 1,  # None: the user turned automatic backups off
        keep_daily: int | None = None,
        force: bool = False,  # "Back up now": a manual copy, due or not
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._every_days, self._keep_daily, self._force = every_days, keep_daily, force
        self._thread: threading.Thread | None = None
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="prm-backup", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the copy is done (before the store is closed or replaced)."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def _run(self) -> None:
        from datetime import timedelta

        from prm.core.backups import backup_is_due, backup_store

        try:
            now = self._clock.now()
            info = None
            keep = {} if self._keep_daily is None else {"keep_daily": self._keep_daily}
            if self._force:
                info = backup_store(self._store, now=now, kind="manual", **keep)
            elif self._every_days is not None and backup_is_due(
                self._store.paths.backup_dir, now=now, every=timedelta(days=self._every_days)
            ):
                info = backup_store(self._store, now=now, kind="daily", **keep)
            result, error = info, None
        except BaseException as exc:
            result, error = None, exc
        self._done.emit(result, error)

    def _deliver(self, result: object, error: BaseException | None) -> None:
        if error is not None and not isinstance(error, KnownError):
            sys.excepthook(type(error), error, error.__traceback__)
            return
        if result is not None:
            log.info("daily backup written: %s", getattr(result, "path", result))
        self.finished.emit(result, error)
