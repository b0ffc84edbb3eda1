"""A read-only table of people where single letters act on the current row
(L log a touch, S snooze, O open): shared by Reach out and Awaiting reply."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from prm.ui.widgets.list_table import style_list_table

LOG, SNOOZE, OPEN, MEET = "log", "snooze", "open", "meet"
K = Qt.Key
REACH_OUT_KEYS = {
    K.Key_Return: LOG,
    K.Key_Enter: LOG,
    K.Key_L: LOG,
    K.Key_S: SNOOZE,
    K.Key_O: OPEN,
    K.Key_M: MEET,
}


class ActionTable(QTableView):
    """A read-only list of people with single-letter actions on the current row."""

    action = Signal(str)

    def __init__(
        self,
        model: QAbstractItemModel,
        keys: dict[Qt.Key, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._keys = REACH_OUT_KEYS if keys is None else keys
        self.setModel(model)
        style_list_table(self, QAbstractItemView.SelectionMode.SingleSelection)

    def size_columns(self, samples: dict[int, str], stretch: int) -> None:
        """Fixed columns as wide as a sample text; ``stretch`` takes the rest."""
        metrics = self.fontMetrics()
        for column, sample in samples.items():
            self.setColumnWidth(column, metrics.horizontalAdvance(sample) + 36)
        self.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        index = self.model().index(row, 0)
        flags = QItemSelectionModel.SelectionFlag
        self.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        action = self._keys.get(Qt.Key(event.key()))
        if action and mods == Qt.KeyboardModifier.NoModifier and self.current_row() >= 0:
            self.action.emit(action)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        """Letters are commands here, not type-ahead."""
