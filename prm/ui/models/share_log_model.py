"""Who got one article: when, by which channel, and what they said. Newest first."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from prm.core.article_shares import ShareRow
from prm.ui.models.reach_out_table_model import MUTED, attention_color, channel_label, local_date
from prm.ui.models.read_only import ReadOnlyRows

Index = QModelIndex | QPersistentModelIndex


class ShareLogModel(ReadOnlyRows, QAbstractTableModel):
    WHO, WHEN, CHANNEL, RESPONSE = range(4)
    HEADERS = ("Who", "When", "Channel", "Their response")
    IdRole = Qt.ItemDataRole.UserRole  # the share id
    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, zone: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self._rows: list[ShareRow] = []

    def set_rows(self, rows: list[ShareRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ShareRow:
        return self._rows[row]

    def contact_ids(self) -> set[int]:
        return {r.contact_id for r in self._rows}

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
        if role == Qt.ItemDataRole.ForegroundRole and column == self.RESPONSE and not row.response:
            return attention_color(MUTED)
        if role == self.IdRole:
            return row.id
        if role == self.RowRole:
            return row
        return None

    def _text(self, row: ShareRow, column: int) -> str:
        if column == self.WHO:
            return row.name
        if column == self.WHEN:
            return local_date(row.shared_at, self.zone)
        if column == self.CHANNEL:
            return channel_label(row.channel)
        if column == self.RESPONSE:
            return row.response or "no response noted"
        return ""
