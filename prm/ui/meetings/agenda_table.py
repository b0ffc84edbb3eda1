"""The agenda's table, made for the keyboard: editing a cell selects what is in it
(typing replaces it), Return commits and moves on (name, then minutes, then the
next item's name, a new item after the last), and Return never reaches the dialog
(it would start the meeting)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

TITLE, MINUTES = 0, 1
MAX_ITEM_MINUTES = 480
RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class MinutesDelegate(QStyledItemDelegate):
    """Minutes shown as "10 min", edited in a spin box whose number is selected."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(0, MAX_ITEM_MINUTES)
        spin.setSuffix(" min")
        spin.setFrame(False)
        return spin

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 0))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)

    def displayText(self, value, locale) -> str:
        return f"{int(value or 0)} min"


_OFFERED = Qt.ItemDataRole.UserRole + 1  # the minutes a row was added with


class AgendaTable(QTableWidget):
    blank_item_left = Signal(int)  # Return on an empty last item: the row to drop

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels(["Agenda item", "Minutes"])
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MINUTES, QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setColumnWidth(MINUTES, 96)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setItemDelegateForColumn(MINUTES, MinutesDelegate(self))

    # --- rows ------------------------------------------------------------------------

    def append(self, title: str, minutes: int) -> int:
        row = self.rowCount()
        self.blockSignals(True)  # the row is complete only once both cells exist
        self.insertRow(row)
        self.setItem(row, TITLE, QTableWidgetItem(title))
        cell = QTableWidgetItem()
        cell.setData(Qt.ItemDataRole.EditRole, minutes)
        cell.setData(_OFFERED, minutes)
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setItem(row, MINUTES, cell)
        self.blockSignals(False)
        return row

    def title_at(self, row: int) -> str:
        item = self.item(row, TITLE)
        return item.text() if item else ""

    def minutes_at(self, row: int) -> int:
        item = self.item(row, MINUTES)
        return int(item.data(Qt.ItemDataRole.EditRole) or 0) if item else 0

    def is_blank(self, row: int) -> bool:
        """Added and left alone: no title, the minutes it came with."""
        item = self.item(row, MINUTES)
        offered = item.data(_OFFERED) if item else None
        return not self.title_at(row).strip() and self.minutes_at(row) == (offered or 0)

    def set_minutes(self, row: int, minutes: int) -> None:
        self.item(row, MINUTES).setData(Qt.ItemDataRole.EditRole, minutes)

    def edit_cell(self, row: int, column: int) -> None:
        self.setCurrentCell(row, column)
        self.editItem(self.item(row, column))

    # --- the keyboard ------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in RETURN_KEYS:
            # Also the Return an editor let through: it is the table's, never the dialog's.
            event.accept()
            index = self.currentIndex()
            if self.state() != QAbstractItemView.State.EditingState and index.isValid():
                self.edit_cell(index.row(), index.column())
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        index = QPersistentModelIndex(self.currentIndex())
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache and index.isValid():
            # Return: after the editor has gone, move on (queued: we are inside its close).
            QTimer.singleShot(0, lambda: self._after_return(index))

    def _after_return(self, index: QPersistentModelIndex) -> None:
        if not index.isValid():
            return
        row, column = index.row(), index.column()
        last = row == self.rowCount() - 1
        if column == TITLE:
            if last and not self.title_at(row).strip():
                self.blank_item_left.emit(row)  # Return on an empty new item: done
            else:
                self.edit_cell(row, MINUTES)
        elif not last:
            self.edit_cell(row + 1, TITLE)
        else:
            self.edit_cell(self.append("", self.minutes_at(row) or 10), TITLE)
