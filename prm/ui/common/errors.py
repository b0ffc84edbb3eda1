"""How problems reach the user: kind words for KnownError, a traceback for bugs.

``install_excepthook`` routes every uncaught exception (including those raised
in Qt slots and in worker jobs, see ``prm.ui.common.tasks``) to the log and to one
dialog showing the traceback and where the log file is.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from prm.core.errors import KnownError

log = logging.getLogger(__name__)


def known_error_box(parent: QWidget | None, exc: KnownError, *, title: str = "PRM") -> QMessageBox:
    """A warning box for an environmental problem: what happened, then what to do."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(exc.message)
    if exc.hint:
        box.setInformativeText(exc.hint)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def show_known_error(parent: QWidget | None, exc: KnownError, *, title: str = "PRM") -> None:
    """Show ``exc`` without blocking the caller (window-modal over ``parent``)."""
    box = known_error_box(parent, exc, title=title)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


class ExceptionDialog(QDialog):
    """A bug happened: say so plainly, show the traceback, point at the log."""

    def __init__(self, details: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        # Imported here: PySide6 creates each class on first use, and start-up needs none of these.
        from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

        super().__init__(parent)
        self.setWindowTitle("PRM — Unexpected error")
        self.resize(640, 420)
        where = f"The details were also written to {log_file}." if log_file else ""
        intro = QLabel(
            "<b>Something went wrong inside PRM.</b><br>"
            "This is a bug in PRM, not something you did. Your saved data is safe; "
            f"the last action may not have completed. {where}"
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)


class ExceptHook:
    """``sys.excepthook`` for the app: log, then show one dialog at a time."""

    def __init__(self, log_file: Path | None) -> None:
        self.log_file = log_file
        self._showing = False

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        log.critical("uncaught exception", exc_info=(exc_type, exc, tb))
        app = QApplication.instance()
        if app is None or self._showing:
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, KnownError):  # a known error nobody handled: still say it kindly
            known_error_box(QApplication.activeWindow(), exc).exec()
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        self._showing = True
        try:
            ExceptionDialog(details, self.log_file, QApplication.activeWindow()).exec()
        finally:
            self._showing = False


def install_excepthook(log_file: Path | None) -> ExceptHook:
    hook = ExceptHook(log_file)
    sys.excepthook = hook
    return hook
