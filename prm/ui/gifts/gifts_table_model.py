"""One group of the Gifts view (open ideas, upcoming, given this year) as a table.

The groups are short (a person's gifts, not their touches), so each arrives
whole from the worker and the model is reset; no paging.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt

from prm.core.gifts import GiftRow
from prm.core.vocab import GIFT_STATUSES
from prm.ui.common.formatting import days_text, local_date
from prm.ui.common.palette import DUE, MUTED, attention_color
from prm.ui.common.read_only import Index
from prm.ui.common.row_table import RowTableModel

SOON_DAYS = 14  # an occasion this close turns amber


def price_text(row: GiftRow) -> str:
    return " ".join(p for p in (row.price, row.currency) if p)


def when_text(day: date | None, today: date) -> str:
    """``2 Apr 2026 · in 19 days``; the distance only while it is ahead."""
    if day is None:
        return ""
    ahead = (day - today).days
    if ahead == 0:
        return f"{local_date(day)} · today"
    if 0 < ahead <= 60:
        return f"{local_date(day)} · in {days_text(ahead)}"
    return local_date(day)


class GiftsTableModel(RowTableModel[GiftRow]):
    WHO, GIFT, OCCASION, WHEN, PRICE, STATUS = range(6)
    HEADERS = ("Who", "Gift", "Occasion", "When", "Price", "Status")
    ContactIdRole = Qt.ItemDataRole.UserRole + 2
    RIGHT_ALIGNED = (PRICE,)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today = date.min

    def set_rows(self, rows: list[GiftRow], today: date) -> None:
        self._today = today
        self._reset(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self.ContactIdRole and index.isValid():
            return self.row_at(index.row()).contact_id
        return super().data(index, role)

    def _text(self, row: GiftRow, column: int) -> str:
        if column == self.WHO:
            return row.contact_name
        if column == self.GIFT:
            return row.description
        if column == self.OCCASION:
            return row.occasion
        if column == self.WHEN:
            return when_text(row.on_date, self._today)
        if column == self.PRICE:
            return price_text(row)
        if column == self.STATUS:
            return GIFT_STATUSES.get(row.status, row.status)
        return ""

    def _tooltip(self, row: GiftRow, column: int) -> str | None:
        if column == self.GIFT:
            details = [row.description, row.where, row.url, row.notes]
            if row.reaction:
                details.append(f"Reaction: {row.reaction}")
            return "\n".join(d for d in details if d)
        text = self._text(row, column)
        return text or None

    def _colour(self, row: GiftRow, column: int) -> Any:
        if column == self.WHEN and row.on_date is not None and row.status == "idea":
            ahead = (row.on_date - self._today).days
            if 0 <= ahead <= SOON_DAYS:
                return attention_color(DUE)
            if ahead < 0:
                return attention_color(MUTED)  # the occasion passed without it
        if column == self.STATUS and row.status != "idea":
            return attention_color(MUTED)
        return None
