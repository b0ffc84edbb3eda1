"""The search box: filters as you type (debounced), Esc clears, Down moves to the list."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from prm.ui.common.icons import icon

DEBOUNCE_MS = 120


class SearchField(QLineEdit):
    # The text, once the user paused typing for DEBOUNCE_MS.
    query_changed = Signal(str)
    # Down arrow / Enter: the user wants to move into the results.
    leave_down = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Search")
        self._search_icon = self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit_query)
        self.textChanged.connect(self._timer.start)

    def query(self) -> str:
        return self.text().strip()

    def flush(self) -> None:
        """Emit a pending change now instead of after the pause."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit_query()

    def retint_icons(self) -> None:
        self._search_icon.setIcon(icon("search"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            if self.text():
                self.clear()
                self.flush()
            else:
                self.leave_down.emit()
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
            self.leave_down.emit()
            return
        super().keyPressEvent(event)

    def _emit_query(self) -> None:
        self.query_changed.emit(self.query())
