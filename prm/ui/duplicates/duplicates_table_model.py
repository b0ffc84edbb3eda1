"""The suggested pairs, best first; more are read a page at a time as the user scrolls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex

from prm.core.duplicates.screen import PairRow
from prm.ui.common.row_table import RowTableModel


class DuplicatesTableModel(RowTableModel[PairRow]):
    FIRST, SECOND, SCORE, WHY = range(4)
    HEADERS = ("Contact", "Possible duplicate", "Score", "Why")
    RIGHT_ALIGNED = (SCORE,)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.total = 0  # pairs suggested in all (the rows hold the pages read so far)
        self.more: Callable[[int], None] | None = None  # asks for the page at an offset
        self._asked = -1

    def set_rows(self, rows: list[PairRow], total: int) -> None:
        self.total, self._asked = total, -1
        self._reset(rows)

    def append_rows(self, rows: list[PairRow], offset: int) -> None:
        if offset != len(self._rows):
            return  # a page for a list that has since been read again
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def drop(self, gone: Callable[[PairRow], bool]) -> None:
        """Remove resolved pairs here, at once, without reading again."""
        for row in reversed(range(len(self._rows))):
            if gone(self._rows[row]):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
                self.total -= 1

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self.total and self.more is not None

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.more is not None and self._asked != len(self._rows):
            self._asked = len(self._rows)
            self.more(len(self._rows))

    def _text(self, row: PairRow, column: int) -> str:
        if column == self.FIRST:
            return f"{row.a_name}  #{row.a}"
        if column == self.SECOND:
            return f"{row.b_name}  #{row.b}"
        if column == self.SCORE:
            return str(row.score)
        if column == self.WHY:
            return row.reason
        return ""

    def _tooltip(self, row: PairRow, column: int) -> str | None:
        return self._text(row, column) or None

    def _colour(self, row: PairRow, column: int) -> Any:
        return None
