"""The article library as a table: title, source, published, topics, how many got it.

A library holds hundreds of articles, so the whole (searched) list arrives at
once from the DB worker (``set_rows``); no paging. It is sorted here, newest
published first until the user clicks another header; the order survives reloads.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from prm.core.articles import ArticleRow
from prm.ui.common.formatting import local_date
from prm.ui.common.palette import MUTED, attention_color
from prm.ui.common.row_table import RowTableModel


class ArticleTableModel(RowTableModel[ArticleRow]):
    TITLE, SOURCE, PUBLISHED, TOPICS, SHARED = range(5)
    HEADERS = ("Title", "Source", "Published", "Topics", "Sent to")

    sort_column = PUBLISHED
    sort_order = Qt.SortOrder.DescendingOrder

    def set_rows(self, rows: list[ArticleRow]) -> None:
        self._reset(self._sorted(rows))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self.id_at(index.row()) for index in before]
        self._rows = self._sorted(self._rows)
        self.changePersistentIndexList(
            before,
            [
                self.index(self.row_for_id(i), index.column())
                for i, index in zip(ids, before, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def _sorted(self, rows: list[ArticleRow]) -> list[ArticleRow]:
        column = self.sort_column
        newest_first = self.sort_order == Qt.SortOrder.DescendingOrder

        def key(row: ArticleRow) -> tuple:
            title = row.title.casefold()
            if column == self.PUBLISHED:
                # Undated articles last either way.
                day = row.published_on or date.min
                return (row.published_on is None) != newest_first, day, title
            if column == self.SHARED:
                return row.shared_with, title
            text = self._text(row, column).casefold() if column != self.TITLE else title
            return text, title

        return sorted(rows, key=key, reverse=newest_first)

    def _tooltip(self, row: ArticleRow, column: int) -> str:
        return self._text(row, column, tooltip=True)

    def _colour(self, row: ArticleRow, column: int) -> Any:
        if column == self.TITLE or (column == self.SHARED and row.shared_with):
            return None
        return attention_color(MUTED)

    def _text(self, row: ArticleRow, column: int, *, tooltip: bool = False) -> str:
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
