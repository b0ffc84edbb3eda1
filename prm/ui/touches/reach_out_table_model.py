"""The reach-out ranking as a table model: most overdue first, a page at a time.

The first page arrives from the DB worker (``set_rows``); later pages are asked
of the worker too when the view scrolls near the end (``canFetchMore`` /
``fetchMore``) and appended when they arrive, so scrolling never waits for
SQLite. There is no count over every contact: the list simply ends when a page
comes back short.

Every page of one list is asked with the same ``now``, so rows never shift
between pages while the user scrolls; a reload takes a fresh ``now``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon
from sqlmodel import Session

from prm.core import reach_out as core
from prm.core.reach_out import ReachOutRow
from prm.ui.common.formatting import channel_label, days_text, local_date
from prm.ui.common.palette import (
    CALM,
    DUE,
    MUTED,
    OVERDUE,
    attention_color,
    on_track_color,
    status_dot,
)
from prm.ui.common.read_only import ReadOnlyRows

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
# Runs ``fn(session)`` on the DB worker, then ``on_done(result)`` / ``on_error(exc)``
# on the main thread (``Tasks.run``).
Runner = Callable[[Callable[[Session], Any], Callable[[Any], None], Callable[[Any], None]], None]


@dataclass(frozen=True)
class ReachOutQuery:
    """One list: the moment it was asked at and its filters."""

    now: datetime
    zone: tzinfo = field(compare=False)
    tag: str | None = None
    tier_id: int | None = None
    include_snoozed: bool = False

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    def page(self, session: Session, *, limit: int, offset: int = 0) -> list[ReachOutRow]:
        return core.reach_out(
            session,
            now=self.now,
            zone=self.zone,
            limit=limit,
            offset=offset,
            tag=self.tag,
            tier_id=self.tier_id,
            include_snoozed=self.include_snoozed,
        )


_STATUS_TEXT = {
    core.STATUS_OVERDUE: "Overdue",
    core.STATUS_DUE: "Due",
    core.STATUS_NEVER: "Never contacted",
    core.STATUS_ON_TRACK: "On track",
}
_STATUS_LEVEL = {
    core.STATUS_OVERDUE: OVERDUE,
    core.STATUS_DUE: DUE,
    core.STATUS_NEVER: DUE,  # they need a first touch
    core.STATUS_ON_TRACK: CALM,
}


class ReachOutTableModel(ReadOnlyRows, QAbstractTableModel):
    NAME, STATUS, DAYS, LAST_TOUCH, PREFERS, DRIFTING = range(6)
    HEADERS = ("Name", "Status", "Days / target", "Last touch", "Prefers", "Drifting")
    IdRole = Qt.ItemDataRole.UserRole
    StatusRole = Qt.ItemDataRole.UserRole + 1  # the core status (``reach_out.STATUS_*``)
    RowRole = Qt.ItemDataRole.UserRole + 2  # the whole ReachOutRow

    PAGE_SIZE = 100

    def __init__(self, run: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self._rows: list[ReachOutRow] = []
        self._query: ReachOutQuery | None = None
        self._exhausted = True
        self._fetching = False
        self._generation = 0  # bumped by every new list: late pages of an old one are dropped
        self._dots: dict[int, QIcon] = {}  # a handful of colours in all
        self.pages_fetched = 0  # for tests and benchmarks

    # --- contents ------------------------------------------------------------

    def set_rows(
        self,
        query: ReachOutQuery | None,
        rows: list[ReachOutRow],
        *,
        asked: int,
        complete: bool = False,
    ) -> None:
        """Show a freshly loaded list (``asked`` rows were requested; fewer means it ended;
        ``complete``: a short list, no pages follow)."""
        self.beginResetModel()
        self._generation += 1
        self._fetching = False
        self._query = query
        self._rows = list(rows)
        self._exhausted = complete or query is None or len(rows) < asked
        self.endResetModel()

    def query(self) -> ReachOutQuery | None:
        return self._query

    def row_at(self, row: int) -> ReachOutRow:
        return self._rows[row]

    def id_at(self, row: int) -> int:
        return self._rows[row].contact_id

    def row_for_id(self, contact_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.contact_id == contact_id), -1)

    def is_snoozed(self, row: ReachOutRow) -> bool:
        today = self._query.today if self._query else None
        return row.snoozed_until is not None and today is not None and row.snoozed_until > today

    # --- paging --------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._query is None:
            return
        self._fetching = True
        query, offset, generation = self._query, len(self._rows), self._generation
        self._run(
            lambda session: query.page(session, limit=self.PAGE_SIZE, offset=offset),
            lambda page: self._page_arrived(generation, offset, page),
            lambda exc: self._page_failed(generation, exc),
        )

    def is_fetching(self) -> bool:
        return self._fetching

    def _page_arrived(self, generation: int, offset: int, page: list[ReachOutRow]) -> None:
        if generation != self._generation:
            return  # a reload replaced the list meanwhile
        self.pages_fetched += 1
        self._exhausted = len(page) < self.PAGE_SIZE
        log.debug("reach-out page at %s: %s rows", offset, len(page))
        if page:
            self.beginInsertRows(QModelIndex(), offset, offset + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        # Only now: views ask for more while the rows go in, and must not get the same page.
        self._fetching = False

    def _page_failed(self, generation: int, exc: Exception) -> None:
        log.warning("reach-out page not loaded: %s", exc)
        if generation == self._generation:
            self._fetching = False
            self._exhausted = True  # a reload (which the user can ask for) starts afresh

    # --- QAbstractTableModel -------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color(row, column)
        if role == Qt.ItemDataRole.FontRole:
            return self._font(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.STATUS:
            return self._dot(self._level(row))
        if role == self.IdRole:
            return row.contact_id
        if role == self.StatusRole:
            return row.status
        if role == self.RowRole:
            return row
        return None

    def _dot(self, level: str) -> QIcon:
        palette = QGuiApplication.palette()
        color = attention_color(level, palette) or on_track_color(palette)
        icon = self._dots.get(color.rgba())
        if icon is None:
            icon = self._dots[color.rgba()] = status_dot(color)
        return icon

    def _level(self, row: ReachOutRow) -> str:
        return MUTED if self.is_snoozed(row) else _STATUS_LEVEL[row.status]

    def _text(self, row: ReachOutRow, column: int) -> str:
        if column == self.NAME:
            return f"{row.name} · {row.organization}" if row.organization else row.name
        if column == self.STATUS:
            if self.is_snoozed(row):
                assert row.snoozed_until is not None
                return f"Snoozed to {row.snoozed_until.day} {row.snoozed_until:%b}"
            return _STATUS_TEXT[row.status]
        if column == self.DAYS:
            return f"{row.days_since} d / every {row.target_days}"
        if column == self.LAST_TOUCH:
            if row.last_touch_at is None:
                return "never"
            zone = self._query.zone if self._query else None
            when = local_date(row.last_touch_at, zone)
            return f"{when} · {channel_label(row.last_channel)}" if row.last_channel else when
        if column == self.PREFERS:
            if not row.preferred_channel:
                return ""
            return f"prefers {channel_label(row.preferred_channel).lower()}"
        if column == self.DRIFTING:
            return "▼ Drifting" if row.drifting else ""
        return ""

    def _tooltip(self, row: ReachOutRow, column: int) -> str:
        if column == self.DRIFTING and row.drifting and row.typical_gap_days is not None:
            return f"Usually every {round(row.typical_gap_days)} days; now {row.days_since}"
        if column == self.DAYS:
            since = "since the last touch" if row.last_touch_at else "since added"
            return (
                f"{days_text(row.days_since)} {since}. Aim: every {row.target_days} days; "
                f"overdue after {row.max_days}."
            )
        if column == self.STATUS and self.is_snoozed(row):
            return f"Snoozed until {local_date(row.snoozed_until)}"  # type: ignore[arg-type]
        return self._text(row, column)

    def _color(self, row: ReachOutRow, column: int) -> QColor | None:
        if column == self.STATUS:
            return attention_color(self._level(row))
        if column == self.DRIFTING and row.drifting:
            return attention_color(DUE)
        if column in (self.LAST_TOUCH, self.PREFERS) or self.is_snoozed(row):
            return attention_color(MUTED)
        return None

    def _font(self, row: ReachOutRow, column: int) -> QFont | None:
        if column == self.STATUS and row.status == core.STATUS_OVERDUE and not self.is_snoozed(row):
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if row.status == core.STATUS_NEVER and column in (self.STATUS, self.LAST_TOUCH):
            font = QFont()
            font.setItalic(True)
            return font
        return None
