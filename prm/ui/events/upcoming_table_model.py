"""Upcoming occurrences as a table: when, who, what, kind, my status.

The list comes a week at a time from the worker (``set_rows``, then
``append_rows``): 90 days hold ~15,000 rows at 100k contacts, more than is worth
building before anything shows. The view's scrolling asks for the next week
through Qt's ``canFetchMore``/``fetchMore`` (``more_wanted``).
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont

from prm.core.upcoming import Occurrence
from prm.core.vocab import EVENT_KINDS, EVENT_STATUSES
from prm.ui.common.palette import CALM, DUE, MUTED, attention_color
from prm.ui.common.read_only import Index
from prm.ui.common.row_table import RowTableModel, bold_font

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


class UpcomingTableModel(RowTableModel[Occurrence]):
    WHEN, WHO, WHAT, KIND, STATUS = range(5)
    HEADERS = ("When", "Who", "What", "Kind", "My status")
    OccurrenceRole = RowTableModel.RowRole
    ContactIdRole = Qt.ItemDataRole.UserRole + 2
    more_wanted = Signal()  # scrolled to the end of the rows loaded so far

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today = date.today()  # replaced by set_rows; only a placeholder before
        self._zone: tzinfo | None = None
        self._complete = True  # every row of the window is here
        self._asked = False  # more_wanted sent, its rows not back yet

    def set_rows(
        self,
        rows: list[Occurrence],
        today: date,
        zone: tzinfo | None = None,
        *,
        complete: bool = True,
    ) -> None:
        self._today, self._zone = today, zone
        self._complete, self._asked = complete, False
        self._reset(rows)

    def append_rows(self, rows: list[Occurrence], *, complete: bool) -> None:
        """The next rows, after the last loaded (they follow it in the list's order)."""
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._complete, self._asked = complete, False

    @property
    def complete(self) -> bool:
        return self._complete

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and not self._complete and not self._asked

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._asked = True
            self.more_wanted.emit()

    def row_id(self, row: Occurrence) -> int | None:
        return row.event_id  # None for a birthday from the contact's fields

    def row_for_event(self, event_id: int) -> int:
        return self.row_for_id(event_id)

    def occurrences(self) -> list[Occurrence]:
        return self.rows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self.ContactIdRole and index.isValid():
            return self.row_at(index.row()).contact_id
        return super().data(index, role)

    def _colour(self, o: Occurrence, column: int) -> Any:
        if column == self.STATUS:
            return attention_color(_STATUS_LEVEL.get(o.my_status, MUTED if o.is_virtual else CALM))
        return attention_color(MUTED) if column == self.KIND else None

    def _font(self, o: Occurrence, column: int) -> QFont | None:
        if column == self.WHEN and o.on <= self._today + timedelta(days=1):
            return bold_font()  # today and tomorrow stand out
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
