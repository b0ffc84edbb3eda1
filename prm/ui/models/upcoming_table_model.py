"""Upcoming occurrences as a table: when, who, what, kind, my status.

The list comes whole from the worker (``set_rows``): 90 days is at most a few
thousand rows even at 100k contacts, and every row is a small frozen
``Occurrence`` already in date order.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from prm.core.upcoming import Occurrence
from prm.core.vocab import EVENT_KINDS, EVENT_STATUSES
from prm.ui.models.reach_out_table_model import CALM, DUE, MUTED, attention_color
from prm.ui.models.read_only import ReadOnlyRows

Index = QModelIndex | QPersistentModelIndex

_STATUS_LEVEL = {"considering": DUE, "declined": MUTED, "attended": CALM}


def day_text(day: date, today: date) -> str:
    """ "Today", "Tomorrow", or "Sat 28 Nov" (with the year when it is not this one)."""
    if day == today:
        return "Today"
    if day == today + timedelta(days=1):
        return "Tomorrow"
    shown = f"{day:%a} {day.day} {day:%b}"
    return shown if day.year == today.year else f"{shown} {day.year}"


def when_text(o: Occurrence, today: date, zone: tzinfo | None = None) -> str:
    """The day, then the time (with its zone's abbreviation when it is not the user's)."""
    if o.end_on is not None and o.on < today:
        text = f"Until {day_text(o.end_on, today)}"
    elif o.end_on is not None:
        text = f"{day_text(o.on, today)} – {day_text(o.end_on, today)}"
    else:
        text = day_text(o.on, today)
    if o.start_at is not None:
        same_zone = (
            zone is not None and o.start_at.utcoffset() == o.start_at.astimezone(zone).utcoffset()
        )
        text += f" · {o.start_at:%H:%M}" + ("" if same_zone else f" {o.start_at:%Z}")
    return text


def what_text(o: Occurrence) -> str:
    return f"{o.what} · {o.years_text}" if o.years_text else o.what


class UpcomingTableModel(ReadOnlyRows, QAbstractTableModel):
    WHEN, WHO, WHAT, KIND, STATUS = range(5)
    HEADERS = ("When", "Who", "What", "Kind", "My status")
    OccurrenceRole = Qt.ItemDataRole.UserRole
    ContactIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Occurrence] = []
        self._today = date.today()  # replaced by set_rows; only a placeholder before
        self._zone: tzinfo | None = None

    def set_rows(self, rows: list[Occurrence], today: date, zone: tzinfo | None = None) -> None:
        self.beginResetModel()
        self._rows, self._today, self._zone = list(rows), today, zone
        self.endResetModel()

    def row_at(self, row: int) -> Occurrence:
        return self._rows[row]

    def row_for_event(self, event_id: int) -> int:
        return next((i for i, o in enumerate(self._rows) if o.event_id == event_id), -1)

    def occurrences(self) -> list[Occurrence]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        o, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(o, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(o, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.STATUS:
                return attention_color(
                    _STATUS_LEVEL.get(o.my_status, MUTED if o.is_virtual else CALM)
                )
            if column == self.KIND:
                return attention_color(MUTED)
            return None
        if (
            role == Qt.ItemDataRole.FontRole
            and column == self.WHEN
            and o.on <= self._today + timedelta(days=1)
        ):
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)  # today and tomorrow stand out
            return font
        if role == self.OccurrenceRole:
            return o
        if role == self.ContactIdRole:
            return o.contact_id
        return None

    def _text(self, o: Occurrence, column: int) -> str:
        if column == self.WHEN:
            return when_text(o, self._today, self._zone)
        if column == self.WHO:
            return o.contact_name
        if column == self.WHAT:
            return what_text(o)
        if column == self.KIND:
            return EVENT_KINDS.get(o.kind, o.kind)
        if column == self.STATUS:
            return EVENT_STATUSES.get(o.my_status, "—")
        return ""

    def _tooltip(self, o: Occurrence, column: int) -> str:
        if column == self.STATUS and o.is_virtual:
            return "From the contact’s details. Add an event (Edit…) to track your plans for it."
        if column == self.WHEN and o.start_at is not None and self._zone is not None:
            mine = o.start_at.astimezone(self._zone)
            return f"{o.start_at:%a %d %b %H:%M %Z} · {mine:%a %d %b %H:%M} your time"
        if column == self.WHAT:
            extra = [p for p in (o.location, o.url) if p]
            return " · ".join([what_text(o), *extra])
        return self._text(o, column)
