"""The article library as a table: title, source, published, topics, how many got it.

A library holds hundreds of articles, so the whole (searched) list arrives at
once from the DB worker (``set_rows``); no paging.
"""

from __future__ import annotations

from typing import Any

from prm.core.articles import ArticleRow
from prm.ui.common.formatting import local_date
from prm.ui.common.palette import MUTED, attention_color
from prm.ui.common.row_table import RowTableModel


class ArticleTableModel(RowTableModel[ArticleRow]):
    TITLE, SOURCE, PUBLISHED, TOPICS, SHARED = range(5)
    HEADERS = ("Title", "Source", "Published", "Topics", "Sent to")

    def set_rows(self, rows: list[ArticleRow]) -> None:
        self._reset(rows)

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
