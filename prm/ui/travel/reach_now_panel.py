"""Reach out's "Can call now" list: who can politely be called in the next two hours,
their time and their hours against the computer's clock, most overdue first.

The same keys as Reach out: L (or Enter) logs a touch, O opens, M plans a meeting.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget
from sqlmodel import Session

from prm.core.travel.reach_now import ReachNowRow
from prm.ui.common.formatting import channel_label
from prm.ui.common.latest import LatestOnly
from prm.ui.common.row_table import RowTableModel
from prm.ui.common.tasks import Tasks
from prm.ui.widgets.action_table import LOG, MEET, OPEN, ActionTable
from prm.ui.widgets.empty_state import EmptyState

HOURS_AHEAD = 2


def window_text(row: ReachNowRow) -> str:
    """ "open now · 3 h 10 min left" / "opens in 40 min · for 8 h"."""
    left = _span(row.window_left_minutes)
    if row.opens_in_minutes <= 0:
        return f"open now · {left} left"
    return f"opens in {_span(row.opens_in_minutes)} · for {left}"


def _span(minutes: int) -> str:
    h, m = divmod(max(0, minutes), 60)
    return f"{h} h {m} min" if h and m else f"{h} h" if h else f"{m} min"


class ReachNowModel(RowTableModel[ReachNowRow]):
    NAME, LOCAL, WINDOW, PREFERS, WHY = range(5)
    HEADERS = ("Name", "Their time", "Their hours", "Prefers", "Why now")

    def set_rows(self, rows: list[ReachNowRow]) -> None:
        self._reset(rows)

    def row_id(self, row: ReachNowRow) -> int:
        return row.contact_id

    def _text(self, row: ReachNowRow, column: int) -> str:
        if column == self.NAME:
            return row.name
        if column == self.LOCAL:
            return row.local_time_text
        if column == self.WINDOW:
            return window_text(row)
        if column == self.PREFERS:
            return channel_label(row.channel).lower() if row.channel else ""
        return row.reason

    def _tooltip(self, row: ReachNowRow, column: int) -> Any:
        return row.reason if column == self.WHY else None


class ReachNowPanel(QWidget):
    log_touch_requested = Signal(int)
    contact_activated = Signal(int)
    meeting_requested = Signal(int)
    loaded = Signal()

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._latest = LatestOnly(tasks, reads_only=True)
        self.model = ReachNowModel(self)
        self.table = ActionTable(self.model)
        self.table.setAccessibleName("People you can call now")
        self.table.size_columns(
            {
                ReachNowModel.LOCAL: "14:05 Tue (San Francisco)",
                ReachNowModel.WINDOW: "opens in 1 h 40 min · for 9 h",
                ReachNowModel.PREFERS: "video call",
                ReachNowModel.NAME: "Margaret Hamilton",
            },
            ReachNowModel.WHY,
        )
        self.table.action.connect(self._act)
        self.table.doubleClicked.connect(self._double_clicked)
        self.empty = EmptyState(
            "Nobody to call in the next two hours",
            "It is outside the hours of everyone who needs you, their time. People without a "
            "time zone, an address or a phone country are left out.",
        )
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def refresh(self) -> None:
        from prm.core.travel.reach_now import reach_now

        now = self._tasks.ctx.clock.now()

        def work(session: Session) -> list[ReachNowRow]:
            return reach_now(session, hours=HOURS_AHEAD, now=now)

        self._latest.run(work, self._loaded)

    def _loaded(self, rows: list[ReachNowRow]) -> None:
        keep = self.current_id()
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        if rows:
            at = self.model.row_for_id(keep) if keep is not None else -1
            self.table.select_row(max(at, 0))
        self.loaded.emit()

    def current_id(self) -> int | None:
        row = self.table.current_row()
        return self.model.id_at(row) if 0 <= row < self.model.rowCount() else None

    def _act(self, action: str) -> None:
        contact_id = self.current_id()
        if contact_id is None:
            return
        signal = {LOG: self.log_touch_requested, OPEN: self.contact_activated,
                  MEET: self.meeting_requested}.get(action)  # fmt: skip
        if signal is not None:
            signal.emit(contact_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        self.table.select_row(index.row())
        self._act(OPEN)


def show_call_now(view, on: bool) -> None:
    """Put the list in Reach out's place (``view``: the ReachOutView), made when first
    asked; the filters that do not apply to it rest meanwhile."""
    if on and view.call_now is None:
        view.call_now = panel = ReachNowPanel(view._tasks, view)
        panel.log_touch_requested.connect(view.log_touch_requested)
        panel.contact_activated.connect(view.contact_activated)
        panel.meeting_requested.connect(view.meeting_requested)
        panel.table.selectionModel().currentRowChanged.connect(view._update_buttons)
        panel.loaded.connect(view._update_buttons)
        view.stack.addWidget(panel)
    for widget in (view.capacity_spin, view.scope_button, view.tag_combo, view.tier_combo,
                   view.snoozed_check):  # fmt: skip
        widget.setEnabled(not on)
    if on:
        view.stack.setCurrentWidget(view.call_now)
        view.call_now.table.setFocus()
