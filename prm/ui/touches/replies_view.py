"""Awaiting my reply: people who wrote first and are still waiting, oldest first.

Logging an outbound touch to someone answers everything they sent before it
(core clears it), so L (or Enter) asks for the quick-log dialog and a reload
afterwards empties the row. O or a double-click opens the contact.
"""

from __future__ import annotations

import logging
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPushButton, QWidget

from prm.core import review
from prm.core.review import OwedReply
from prm.ui.common.formatting import channel_label, days_text, local_date
from prm.ui.common.latest import LatestOnly
from prm.ui.common.palette import DUE, OVERDUE, attention_color
from prm.ui.common.read_only import ReadOnlyRows
from prm.ui.common.tasks import Tasks
from prm.ui.widgets.action_table import LOG, OPEN, REACH_OUT_KEYS, SNOOZE, ActionTable
from prm.ui.widgets.empty_state import EmptyState
from prm.ui.widgets.list_page import PageHeader, table_or_empty

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex

REPLY_KEYS = {k: a for k, a in REACH_OUT_KEYS.items() if a != SNOOZE}
# Waiting this many days turns amber, then red.
AMBER_AFTER_DAYS = 2
RED_AFTER_DAYS = 7


def waiting_level(days: int) -> str | None:
    if days >= RED_AFTER_DAYS:
        return OVERDUE
    if days >= AMBER_AFTER_DAYS:
        return DUE
    return None


class RepliesTableModel(ReadOnlyRows, QAbstractTableModel):
    """The owed replies, already in order (a short list: no paging)."""

    WHO, CHANNEL, SUMMARY, RECEIVED, WAITING = range(5)
    HEADERS = ("Who", "Channel", "Summary", "Received", "Waiting")
    IdRole = Qt.ItemDataRole.UserRole  # the contact's id
    TouchIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[OwedReply] = []
        self._zone: tzinfo | None = None

    def set_rows(self, rows: list[OwedReply], zone: tzinfo) -> None:
        self.beginResetModel()
        self._rows, self._zone = list(rows), zone
        self.endResetModel()

    def row_at(self, row: int) -> OwedReply:
        return self._rows[row]

    def id_at(self, row: int) -> int:
        return self._rows[row].contact_id

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.WAITING:
            level = waiting_level(row.waiting_days)
            return attention_color(level) if level else None
        late = waiting_level(row.waiting_days)
        if role == Qt.ItemDataRole.FontRole and column == self.WAITING and late:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == self.IdRole:
            return row.contact_id
        if role == self.TouchIdRole:
            return row.touch_id
        return None

    def _text(self, row: OwedReply, column: int) -> str:
        if column == self.WHO:
            return row.name
        if column == self.CHANNEL:
            return channel_label(row.channel)
        if column == self.SUMMARY:
            return row.summary
        if column == self.RECEIVED:
            local = row.received_at.astimezone(self._zone)
            return f"{local_date(local)}, {local:%H:%M}"
        if column == self.WAITING:
            return "today" if row.waiting_days == 0 else days_text(row.waiting_days)
        return ""


class RepliesView(QWidget):
    contact_activated = Signal(int)
    log_touch_requested = Signal(int)
    changed = Signal()
    count_changed = Signal(int)  # messages waiting (a badge, if the sidebar wants one)
    loaded = Signal()

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._latest = LatestOnly(tasks)

        header = PageHeader(
            "Awaiting my reply", "Messages still waiting for your answer, oldest first.", self
        )
        self.summary = header.summary
        self.reply_button = QPushButton("Reply…")
        self.reply_button.setToolTip("Log your answer to this person (L or Enter)")
        self.reply_button.clicked.connect(lambda: self._act(LOG))
        self.open_button = QPushButton("Open")
        self.open_button.setToolTip("Open this person's page (O or double-click)")
        self.open_button.clicked.connect(lambda: self._act(OPEN))
        header.add_to_title_row(self.reply_button, self.open_button)

        self.model = RepliesTableModel(self)
        self.table = ActionTable(self.model, REPLY_KEYS)
        self.table.setAccessibleName("Messages awaiting a reply")
        self.table.size_columns(
            {
                RepliesTableModel.WHO: "Margaret Hamilton-Smith",
                RepliesTableModel.CHANNEL: "Social media",
                RepliesTableModel.RECEIVED: "30 Sep 2026, 23:59",
                RepliesTableModel.WAITING: "365 days",
            },
            RepliesTableModel.SUMMARY,
        )
        self.table.action.connect(self._act)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)

        self.empty = EmptyState(
            "No one is waiting for a reply", "Messages that need an answer show up here."
        )
        self.stack = table_or_empty(self, header, self.table, self.empty)
        self._update_buttons()

    def refresh(self) -> None:
        ctx = self._tasks.ctx
        now, zone = ctx.clock.now(), ctx.zone
        keep = self.table.current_row()
        self._latest.run(
            lambda session: review.awaiting_reply(session, now=now, zone=zone),
            lambda rows: self._loaded(rows, zone, keep),
        )

    def current_id(self) -> int | None:
        row = self.table.current_row()
        return self.model.id_at(row) if row >= 0 else None

    def _loaded(self, rows: list[OwedReply], zone: tzinfo, keep: int) -> None:
        self.model.set_rows(rows, zone)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        if rows:
            self.table.select_row(min(max(keep, 0), len(rows) - 1))
            people = len({r.contact_id for r in rows})
            messages = "1 message" if len(rows) == 1 else f"{len(rows)} messages"
            who = "1 person" if people == 1 else f"{people} people"
            self.summary.setText(f"{messages} from {who} waiting for your answer, oldest first.")
        else:
            self.summary.setText("You are all caught up.")
        self.count_changed.emit(len(rows))
        self._update_buttons()
        self.loaded.emit()

    def _update_buttons(self, *_args: QModelIndex) -> None:
        chosen = self.stack.currentWidget() is self.table and self.table.current_row() >= 0
        for button in (self.reply_button, self.open_button):
            button.setEnabled(chosen)

    def _double_clicked(self, index: QModelIndex) -> None:
        self._act(OPEN, index.row())

    def _act(self, action: str, row: int | None = None) -> None:
        row = self.table.current_row() if row is None else row
        if not 0 <= row < self.model.rowCount():
            return
        if action == LOG:
            self.log_touch_requested.emit(self.model.id_at(row))
        elif action == OPEN:
            self.contact_activated.emit(self.model.id_at(row))
