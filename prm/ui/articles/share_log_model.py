"""Who got one article: when, by which channel, and what they said. Newest first."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QObject

from prm.core.article_shares import ShareRow
from prm.ui.common.formatting import channel_label, local_date
from prm.ui.common.palette import MUTED, attention_color
from prm.ui.common.row_table import RowTableModel


class ShareLogModel(RowTableModel[ShareRow]):
    WHO, WHEN, CHANNEL, RESPONSE = range(4)
    HEADERS = ("Who", "When", "Channel", "Their response")

    def __init__(self, zone: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zone = zone

    def set_rows(self, rows: list[ShareRow]) -> None:
        self._reset(rows)

    def contact_ids(self) -> set[int]:
        return {r.contact_id for r in self._rows}

    def _tooltip(self, row: ShareRow, column: int) -> str:
        return self._text(row, column)

    def _colour(self, row: ShareRow, column: int) -> Any:
        return attention_color(MUTED) if column == self.RESPONSE and not row.response else None

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
