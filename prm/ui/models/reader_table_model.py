"""The "Who would this help?" list: suggested readers of one article, most overdue first.

Rows arrive ranked from ``prm.core.article_readers`` (on the DB worker). The
overdue column speaks the reach-out screen's language (status colour, days
against their rhythm), because an article is a reason to reach out.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from prm.core import reach_out as core
from prm.core.article_readers import SuggestedReader
from prm.ui.models.reach_out_table_model import (
    CALM,
    DUE,
    MUTED,
    OVERDUE,
    attention_color,
    days_text,
)
from prm.ui.models.read_only import ReadOnlyRows

Index = QModelIndex | QPersistentModelIndex

_LEVEL = {core.STATUS_OVERDUE: OVERDUE, core.STATUS_DUE: DUE, core.STATUS_NEVER: MUTED,
          core.STATUS_ON_TRACK: CALM, "": MUTED}
_WORD = {core.STATUS_OVERDUE: "overdue", core.STATUS_DUE: "due", core.STATUS_NEVER: "never touched",
         core.STATUS_ON_TRACK: "on track", "": "no rhythm"}


def rhythm_text(row: SuggestedReader) -> str:
    """``52 days · overdue (every 30)``: how long since, against their own rhythm."""
    since = f"{days_text(row.days_since)}" if row.last_touch_at else f"added {days_text(row.days_since)} ago"
    if row.target_days is None:
        return f"{since} · no rhythm"
    return f"{since} · {_WORD[row.status]} (every {row.target_days})"


class ReaderTableModel(ReadOnlyRows, QAbstractTableModel):
    NAME, TOPICS, RHYTHM = range(3)
    HEADERS = ("Name", "Shared interests", "Since last touch")
    IdRole = Qt.ItemDataRole.UserRole
    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SuggestedReader] = []

    def set_rows(self, rows: list[SuggestedReader]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> SuggestedReader:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.RHYTHM:
            return attention_color(_LEVEL[row.status])
        if role == self.IdRole:
            return row.contact_id
        if role == self.RowRole:
            return row
        return None

    def _text(self, row: SuggestedReader, column: int) -> str:
        if column == self.NAME:
            return f"{row.name} · {row.organization}" if row.organization else row.name
        if column == self.TOPICS:
            return ", ".join(row.matched_topics)
        if column == self.RHYTHM:
            return rhythm_text(row)
        return ""
