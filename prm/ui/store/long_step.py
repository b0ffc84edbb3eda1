"""A step the user waits for before any window exists: an upgrade, a restore, an
encryption. Minutes on a large store; run on a worker thread while a small
window says what is happening, so the desktop never shows PRM as frozen and
nobody kills it thinking it hung (which would only start the step over)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout, QWidget

from prm import APP_NAME

_POLL_MS = 50  # how often the window looks whether the step is done

RESTORING = "PRM is restoring the backup. This takes a minute or more for a large address book."


class LongStepDialog(QDialog):
    """Says what is happening, with a busy bar; it cannot be dismissed (the step
    cannot be stopped half way), it closes when the step ends."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 20)
        layout.setSpacing(14)
        self.label = QLabel(what)
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(460)
        layout.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: the steps cannot say how far they are
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Working")
        layout.addWidget(self.bar)
        self._done = False

    def finish(self) -> None:
        self._done = True
        self.accept()

    def reject(self) -> None:  # Esc
        if self._done:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._done:
            super().closeEvent(event)
        else:
            event.ignore()


def run_showing_progress(what: str, step: Callable[[], Any]) -> Any:
    """Run ``step`` on a worker thread while a window says ``what``; return its
    result or raise its error, here on the GUI thread."""
    outcome: dict[str, Any] = {}
    finished = threading.Event()

    def work() -> None:
        try:
            outcome["value"] = step()
        except BaseException as exc:  # handed to the GUI thread, raised there
            outcome["error"] = exc
        finally:
            finished.set()

    dialog = LongStepDialog(what)
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(_POLL_MS)
    timer.timeout.connect(lambda: finished.is_set() and loop.quit())
    worker = threading.Thread(target=work, name="prm-long-step")
    dialog.show()
    worker.start()
    timer.start()
    if not finished.is_set():
        loop.exec()
    timer.stop()
    worker.join()
    dialog.finish()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
