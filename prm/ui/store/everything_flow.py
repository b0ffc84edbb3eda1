"""File > Export everything… / Import everything…: the full JSON export, on the worker."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from prm.core.errors import KnownError
from prm.ui.common.errors import show_known_error
from prm.ui.common.formatting import plural
from prm.ui.common.tasks import Tasks

log = logging.getLogger(__name__)

FILTER = "PRM export (*.json)"


class EverythingFlow(QObject):
    message = Signal(str)
    imported = Signal()  # every view shows new data

    def __init__(self, tasks: Tasks, window: QWidget) -> None:
        super().__init__(window)
        self._tasks, self._window = tasks, window
        self.last_dir = str(Path.home())

    # The file dialogs are separate methods so tests can answer them.
    def choose_target(self) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self._window,
            "Export everything",
            str(Path(self.last_dir) / "prm-everything.json"),
            FILTER,
        )
        if path and not path.lower().endswith(".json"):
            path += ".json"
        return path

    def choose_source(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self._window, "Import everything", self.last_dir, FILTER
        )
        return path

    def export_all(self) -> None:
        target = self.choose_target()
        if not target:
            return
        self.last_dir = str(Path(target).parent)
        store, clock = self._tasks.ctx.store, self._tasks.ctx.clock

        def work():
            from prm.core.export_all import export_everything

            return export_everything(
                store, target, now=clock.now(), progress=self._progress("Exporting")
            )

        def done(summary) -> None:
            self.message.emit(f"Exported everything ({plural(summary.total, 'row')}) to {target}")

        self.message.emit("Exporting everything…")
        self._tasks.call(work, done, lambda exc: self._failed(exc, "Export everything"))

    def import_all(self) -> None:
        source = self.choose_source()
        if not source:
            return
        self.last_dir = str(Path(source).parent)
        store = self._tasks.ctx.store

        def work():
            from prm.core.import_all import import_everything

            return import_everything(store, source, progress=self._progress("Importing"))

        def done(summary) -> None:
            self.imported.emit()
            self.message.emit(f"Imported everything ({plural(summary.total, 'row')}) from {source}")

        self.message.emit("Importing everything…")
        self._tasks.call(work, done, lambda exc: self._failed(exc, "Import everything"))

    def _progress(self, verb: str):
        """A callback for the worker: one status line per table (signals cross threads safely)."""
        shown = set()

        def report(table: str, done: int, total: int) -> None:
            if table not in shown and total:
                shown.add(table)
                self.message.emit(f"{verb} everything… {table.replace('_', ' ')} ({total:,} rows)")

        return report

    def _failed(self, exc: KnownError, title: str) -> None:
        self.message.emit("")
        show_known_error(self._window, exc, title=title)
