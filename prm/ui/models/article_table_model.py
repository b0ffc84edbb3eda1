"""The article library as a table: title, source, published, topics, how many got it.

A library holds hundreds of articles, so the whole (searched) list arrives at
once from the DB worker (``set_rows``); no paging.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from prm.core.articles import ArticleRow
from prm.ui.models.reach_out_table_model import MUTED, attention_color, local_date
from prm.ui.models.read_only import ReadOnlyRows

Index = QModelIndex | QPersistentModelIndex


class ArticleTableModel(ReadOnlyRows, QAbstractTableModel):
    TITLE, SOURCE, PUBLISHED, TOPICS, SHARED = range(5)
    HEADERS = ("Title", "Source", "Published", "Topics", "Sent to")
    IdRole = Qt.ItemDataRole.UserRole
    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleRow] = []

    def set_rows(self, rows: list[ArticleRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ArticleRow:
        return self._rows[row]

    def row_for_id(self, article_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == article_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column, tooltip=role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.ForegroundRole and column != self.TITLE:
            return attention_color(MUTED) if column != self.SHARED or not row.shared_with else None
        if role == self.IdRole:
            return row.id
        if role == self.RowRole:
            return row
        return None

    def _text(self, row: ArticleRow, column: int, *, tooltip: bool) -> str:
        if column == self.TITLE:
            return f"{row.title}\n{row.url}" if tooltip else row.title
        if column == self.SOURCE:
            return row.source
        if column == self.PUBLISHED:
            return local_date(row.published_on) if row.published_on else ""
        if column == self.TOPICS:
            return ", ".join(row.topics)
        if column == self.SHARED:
            if not row.shared_with:
                return "nobody yet"
            people = "1 person" if row.shared_with == 1 else f"{row.shared_with} people"
            return people
        return ""
