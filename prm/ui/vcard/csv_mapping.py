"""The column mapping of CSV files in the import preview: each column, what PRM reads it as
(a choice the user can change), and a sample value from the file."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from prm.core.csv_contacts.columns import FIELDS
from prm.core.csv_contacts.table import Table


class ColumnMapping(QTableWidget):
    """One row per column of each CSV file; ``changed`` when the user picks another field."""

    changed = Signal(int, int, str)  # file index, column index, field key

    def __init__(self, files: list[tuple[Table, list[str]]], parent=None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(["Column in the file", "Read as", "Sample"])
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.combos: dict[tuple[int, int], QComboBox] = {}
        several = len(files) > 1
        for index, (table, mapping) in enumerate(files):
            prefix = table.name.replace("\\", "/").rsplit("/", 1)[-1] + ": " if several else ""
            for column, key in enumerate(mapping):
                row = self.rowCount()
                self.insertRow(row)
                name = table.header[column] if column < len(table.header) else ""
                self.setItem(row, 0, QTableWidgetItem(prefix + (name or f"column {column + 1}")))
                self.setCellWidget(row, 1, self._combo(index, column, key))
                self.setItem(row, 2, QTableWidgetItem(table.sample(column)))

    def _combo(self, index: int, column: int, key: str) -> QComboBox:
        combo = QComboBox()
        for field, label in FIELDS.items():
            combo.addItem(label, field)
        combo.setCurrentIndex(combo.findData(key))
        combo.currentIndexChanged.connect(
            lambda _i: self.changed.emit(index, column, combo.currentData())
        )
        self.combos[(index, column)] = combo
        return combo

    def set_field(self, index: int, column: int, key: str) -> None:
        """Choose ``key`` for a column, as the user would (tests, keyboard users)."""
        combo = self.combos[(index, column)]
        combo.setCurrentIndex(combo.findData(key))
