"""Progress and Cancel for long work on the DB worker (an import, an export).

The worker cannot touch widgets, so it reports through a ``WorkProgress``: its
``changed`` signal is emitted on the worker thread and delivered queued on the
main thread, where a ``QProgressDialog`` shows it. Cancel sets a thread-safe
flag the work polls between steps (``progress.cancelled``); the work then stops
and its transaction rolls back, so a cancelled job writes nothing.
"""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

SCALE = 1000  # the dialog's range: fractions in thousandths


class WorkProgress(QObject):
    changed = Signal(int, str)  # thousandths done, what is happening

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()

    def report(self, fraction: float, text: str = "") -> None:
        """From the worker: how far along (0..1) and a line for the user."""
        self.changed.emit(int(max(0.0, min(1.0, fraction)) * SCALE), text)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


def progress_dialog(
    parent: QWidget, progress: WorkProgress, title: str, text: str
) -> QProgressDialog:
    """A window-modal progress dialog that follows ``progress``; its Cancel cancels the work.

    It appears only if the work takes longer than half a second. The caller
    closes it with ``close_progress`` when the work's result (or error) arrives.
    """
    dialog = QProgressDialog(text, "Cancel", 0, SCALE, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(380)
    dialog.canceled.connect(progress.cancel)

    def follow(value: int, line: str) -> None:
        if not dialog.wasCanceled():
            dialog.setValue(value)
            if line:
                dialog.setLabelText(line)

    progress.changed.connect(follow)
    dialog.setValue(0)
    dialog.follow = follow  # type: ignore[attr-defined]  # for close_progress
    dialog.progress = progress  # type: ignore[attr-defined]
    return dialog


def close_progress(dialog: QProgressDialog) -> None:
    """The work is over: close the dialog for good.

    ``done`` alone only hides it: the timer that shows a slow job's dialog
    after half a second keeps running, so work quicker than that got its
    dialog afterwards, stuck until Cancel. ``reset`` stops that timer.
    """
    progress = getattr(dialog, "progress", None)
    if progress is not None:
        with contextlib.suppress(RuntimeError, TypeError):  # already gone
            progress.changed.disconnect(dialog.follow)  # type: ignore[attr-defined]
    dialog.canceled.disconnect()
    dialog.reset()
    dialog.done(0)
    dialog.hide()
    dialog.deleteLater()
