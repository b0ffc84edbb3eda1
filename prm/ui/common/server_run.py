"""Work that waits on servers (a capture run, a sync): progress, Stop and passwords.

Passwords are asked on the main thread before the work starts, and never by a
scheduled run (``quiet``). The work itself runs on the network worker
(``Tasks.call_remote``) and writes through the store, whose change channel tells
open screens; quitting the app stops it between steps.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from prm.ui.common.tasks import Tasks
from prm.ui.common.work_progress import WorkProgress


class ServerRun(QObject):
    busy_changed = Signal(bool)
    progress = Signal(int, str)  # thousandths (-1: unknown), what is happening
    finished = Signal(list)  # one outcome per source or account

    def __init__(self, tasks: Tasks, window: QWidget) -> None:
        super().__init__(window)
        self._tasks, self._window = tasks, window
        self._progress: WorkProgress | None = None
        tasks.closing.connect(self.cancel)  # quitting stops the run between steps
        self.quiet = False  # the run in progress (or the last one) was not asked for

    @property
    def running(self) -> bool:
        return self._progress is not None

    def start(self, work: Callable[[WorkProgress], list], *, quiet: bool) -> None:
        """Run ``work(progress)`` off the GUI thread; ``finished`` gets its outcomes."""
        self.quiet = quiet
        progress = self._progress = WorkProgress(self)
        progress.changed.connect(self.progress)
        self.busy_changed.emit(True)
        self._tasks.call_remote(
            lambda: work(progress), self.finished.emit, None, on_settled=self._settled
        )

    def cancel(self) -> None:
        if self._progress is not None:
            self._progress.cancel()

    def _settled(self) -> None:
        self._progress = None
        self.busy_changed.emit(False)

    def ask_password(self, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(
            self._window, "Password", prompt, QLineEdit.EchoMode.Password
        )
        return text if ok else None
