"""The suggested pairs, cluster by cluster: a cluster of three shows as its pairs together."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont

from prm.core.duplicates.screen import PairRow
from prm.ui.common.row_table import RowTableModel, bold_font


class DuplicatesTableModel(RowTableModel[PairRow]):
    GROUP, FIRST, SECOND, SCORE, WHY = range(5)
    HEADERS = ("Group", "Contact", "Possible duplicate", "Score", "Why")
    RIGHT_ALIGNED = (GROUP, SCORE)

    def set_rows(self, rows: list[PairRow]) -> None:
        self._reset(rows)

    def _text(self, row: PairRow, column: int) -> str:
        if column == self.GROUP:
            return str(row.cluster)
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
        if column == self.GROUP:
            return f"{row.cluster_size} contacts look like the same person"
        return self._text(row, column) or None

    def _font(self, row: PairRow, column: int) -> QFont | None:
        return bold_font() if column == self.GROUP and row.cluster_size > 2 else None

    def _colour(self, row: PairRow, column: int) -> Any:
        return None
