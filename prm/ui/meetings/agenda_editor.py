"""The agenda while planning: items with planned minutes, the total against the
meeting's length, and a one-click "scale to fit" when it adds up to too much."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from prm.core.meeting_timer import MINUTE, scale_to_fit
from prm.core.meetings import AgendaDraft
from prm.ui.meetings.agenda_table import AgendaTable

WARNING_STYLE = "color: #b15c00;"


class AgendaEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._length = 45
        self.table = AgendaTable()
        self.table.itemChanged.connect(lambda _item: self._update_total())
        self.table.blank_item_left.connect(self._drop_blank)
        self.add_button = QPushButton("Add item")
        self.add_button.clicked.connect(lambda: self.add_item("", 10, edit=True))
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.total = QLabel()
        self.total.setWordWrap(True)
        self.fit_button = QPushButton("Scale to fit")
        self.fit_button.setToolTip("Shrink every item in proportion so the agenda fits the meeting")
        self.fit_button.clicked.connect(self.scale_to_fit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        footer = QHBoxLayout()
        footer.addWidget(self.total, 1)
        footer.addWidget(self.fit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(footer)
        self._update_total()

    # --- content ---------------------------------------------------------------------

    def add_item(self, title: str, minutes: int, *, edit: bool = False) -> None:
        row = self.table.append(title, minutes)
        self._update_total()
        if edit:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.edit_cell(row, 0)

    def _drop_blank(self, row: int) -> None:
        self.table.removeRow(row)
        self._update_total()
        self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self._update_total()

    def items(self) -> list[AgendaDraft]:
        """The agenda to start with; a row added and left blank (Add item, then
        Escape or nothing typed) is no item. One with its minutes set still is."""
        return [
            AgendaDraft(self.table.title_at(row), self._minutes(row))
            for row in range(self.table.rowCount())
            if not self.table.is_blank(row)
        ]

    def _minutes(self, row: int) -> int:
        return self.table.minutes_at(row)

    def set_length(self, minutes: int) -> None:
        self._length = minutes
        self._update_total()

    def total_minutes(self) -> int:
        return sum(self._minutes(row) for row in range(self.table.rowCount()))

    def over_by(self) -> int:
        return max(0, self.total_minutes() - self._length)

    def scale_to_fit(self) -> None:
        rows = [row for row in range(self.table.rowCount()) if self._minutes(row) > 0]
        if not rows:
            return
        try:
            fitted = scale_to_fit([self._minutes(r) * MINUTE for r in rows], self._length * MINUTE)
        except ValueError as exc:  # more items than minutes
            self.total.setText(str(exc).capitalize() + ".")
            return
        for row, ms in zip(rows, fitted, strict=True):
            self.table.set_minutes(row, ms // MINUTE)
        self._update_total()

    def _update_total(self) -> None:
        total, over = self.total_minutes(), self.over_by()
        if not self.table.rowCount():
            self.total.setText("No agenda yet: one open discussion for the whole meeting.")
        elif over:
            self.total.setText(
                f"The agenda adds up to {total} minutes: {over} more than the meeting."
            )
        else:
            spare = self._length - total
            self.total.setText(
                f"Agenda: {total} of {self._length} minutes"
                + (f" ({spare} spare)" if spare else "")
            )
        self.total.setStyleSheet(WARNING_STYLE if over else "")
        self.fit_button.setVisible(bool(over))
        self.remove_button.setEnabled(self.table.rowCount() > 0)
        self.changed.emit()
