"""A read-only table over a list of plain row objects (dataclasses from core).

Subclasses say what a cell shows, one method per role (``_text``,
``_tooltip``, ``_colour``, ``_font``, ``_alignment``); the bookkeeping every
such model needs — rows, counts, bounds checks, the row and id roles — is here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from prm.ui.common.read_only import Index, ReadOnlyRows

Row = TypeVar("Row")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def bold_font() -> QFont:
    font = QFont()
    font.setWeight(QFont.Weight.DemiBold)
    return font


class RowTableModel(ReadOnlyRows, QAbstractTableModel, Generic[Row]):
    IdRole = Qt.ItemDataRole.UserRole
    RowRole = Qt.ItemDataRole.UserRole + 1
    RIGHT_ALIGNED: tuple[int, ...] = ()  # columns of numbers

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    # --- rows ---------------------------------------------------------------------

    def _reset(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_id(self, row: Row) -> int | None:
        return getattr(row, "id", None)

    def row_for_id(self, row_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if self.row_id(r) == row_id), -1)

    def id_at(self, row: int) -> int | None:
        return self.row_id(self._rows[row])

    # --- Qt ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        R = Qt.ItemDataRole
        if role == R.DisplayRole:
            return self._text(row, column)
        if role == R.ToolTipRole:
            return self._tooltip(row, column)
        if role == R.ForegroundRole:
            return self._colour(row, column)
        if role == R.FontRole:
            return self._font(row, column)
        if role == R.TextAlignmentRole:
            return _RIGHT if column in self.RIGHT_ALIGNED else None
        if role == self.IdRole:
            return self.row_id(row)
        if role == self.RowRole:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # A column of numbers has its title over the numbers' right edge.
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and orientation == Qt.Orientation.Horizontal
            and section in self.RIGHT_ALIGNED
        ):
            return _RIGHT
        return super().headerData(section, orientation, role)

    # --- what subclasses say ----------------------------------------------------------

    def _text(self, row: Row, column: int) -> str:
        raise NotImplementedError

    def _tooltip(self, row: Row, column: int) -> str | None:
        return None

    def _colour(self, row: Row, column: int) -> Any:
        return None

    def _font(self, row: Row, column: int) -> QFont | None:
        return None
