"""The shape every repeating-row editor shares (emails, phones, links, addresses,
relationships): a column of rows, an "Add …" button under it, rows that remove
themselves. Subclasses say how to build a row and which field a new row focuses."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget


def add_button(text: str, parent: QWidget) -> QPushButton:
    """The flat "+  Add …" button under a list of rows."""
    button = QPushButton(f"+  {text}", parent)
    button.setAutoDefault(False)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class RowListEditor(QWidget):
    changed = Signal()
    rows_changed = Signal()  # a row came or went: the page re-does its keyboard order

    def __init__(
        self,
        add_text: str,
        *,
        row_spacing: int = 6,
        spacing: int = 4,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self._rows_box.setSpacing(row_spacing)
        self.add = add_button(add_text, self)
        self.add.clicked.connect(self._add_clicked)
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.add)
        footer.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(spacing)
        outer.addLayout(self._rows_box)
        outer.addLayout(footer)

    # --- for subclasses ------------------------------------------------------

    def _make_row(self, item: Any) -> QWidget:
        """A new row showing ``item`` (None: a blank row)."""
        raise NotImplementedError

    def _first_input(self, row: Any) -> QWidget:
        """Where the cursor goes in a row the user just added."""
        raise NotImplementedError

    # --- shared --------------------------------------------------------------

    def rows(self) -> list[Any]:
        return list(self._rows)

    def add_row(self) -> Any:
        row = self._append(None)
        self.changed.emit()
        return row

    def _replace_all(self, items: list[Any]) -> None:
        for row in list(self._rows):
            self._remove(row, notify=False)
        for item in items:
            self._append(item)

    def _add_clicked(self) -> None:
        self._first_input(self.add_row()).setFocus(Qt.FocusReason.OtherFocusReason)

    def _append(self, item: Any) -> Any:
        row = self._make_row(item)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self._remove_clicked)
        self._rows.append(row)
        self._rows_box.addWidget(row)
        self.rows_changed.emit()
        return row

    def _remove_clicked(self, row: QWidget) -> None:
        self._remove(row, notify=True)

    def _remove(self, row: Any, *, notify: bool) -> None:
        self._rows.remove(row)
        self._rows_box.removeWidget(row)
        row.hide()
        row.deleteLater()
        self.rows_changed.emit()
        if notify:
            self.add.setFocus(Qt.FocusReason.OtherFocusReason)
            self.changed.emit()
