"""Meetings: are they staying short? The numbers, a chart of recent lengths
against the 45-minute rule, who the overruns happen with, and every past meeting.

Enter or a double-click opens a meeting's details. Choosing someone under
"Overruns by contact" narrows the table to meetings with them. The page
reloads when shown; the window calls ``refresh`` after a meeting ends.
"""

from __future__ import annotations

import logging
from datetime import tzinfo

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from prm.core import meeting_history
from prm.core.meeting_history import MeetingRow, MeetingStats
from prm.core.meeting_timer import RULE_MINUTES, minutes_of
from prm.ui.common.latest import LatestOnly
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack
from prm.ui.meetings.meeting_details_dialog import MeetingDetailsDialog
from prm.ui.meetings.meeting_length_chart import MeetingLengthChart
from prm.ui.meetings.meetings_table_model import MeetingsTableModel
from prm.ui.meetings.overruns_panel import OverrunsPanel
from prm.ui.widgets.action_table import OPEN, ActionTable
from prm.ui.widgets.empty_state import EmptyState
from prm.ui.widgets.list_page import PageHeader, table_or_empty
from prm.ui.widgets.stat_tiles import StatTiles, card, card_heading, card_hint

log = logging.getLogger(__name__)

K = Qt.Key
OPEN_KEYS = {K.Key_Return: OPEN, K.Key_Enter: OPEN, K.Key_O: OPEN}
SIDE_BY_SIDE_FROM = 600  # px of view width: narrower stacks the overruns under the chart


class MeetingsView(QWidget):
    changed = Signal()  # a meeting was discarded: its touch went too
    loaded = Signal()

    def __init__(self, tasks: Tasks, undo_stack: UndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._undo_stack = undo_stack
        self._latest = LatestOnly(tasks)
        self._filter: tuple[int, str] | None = None  # (contact id, name)
        self.stats: MeetingStats | None = None
        self.details_dialog: MeetingDetailsDialog | None = None

        header = PageHeader(
            "Meetings", f"How long your meetings run, against the {RULE_MINUTES}-minute rule.", self
        )
        self.summary = header.summary

        self.tiles = StatTiles(
            {
                "count": "meetings",
                "median": "median length",
                "under": f"under {RULE_MINUTES} min",
                "overruns": "ran over their plan",
            }
        )
        self.chart = MeetingLengthChart()
        self.chart.shown_changed.connect(self._update_chart_note)
        self.chart_note = card_hint()
        self.chart_note.setWordWrap(False)
        self.chart_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        chart_card = card()
        chart_box = QVBoxLayout(chart_card)
        chart_box.setContentsMargins(14, 10, 14, 8)
        chart_title = QHBoxLayout()
        chart_title.addWidget(card_heading("Meeting lengths"))
        chart_title.addSpacing(8)
        chart_title.addWidget(self.chart_note, 1, Qt.AlignmentFlag.AlignBaseline)
        chart_box.addLayout(chart_title)
        chart_box.addWidget(self.chart, 1)

        self.overruns_card = OverrunsPanel()
        self.overruns_card.contact_chosen.connect(self._filter_to)

        self.charts = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.charts.setSpacing(10)
        self.charts.addWidget(chart_card, 3)
        self.charts.addWidget(self.overruns_card, 1)

        self.table_heading = card_heading("Past meetings")
        self.show_all = QPushButton("Show all")
        self.show_all.setToolTip("Show meetings with everyone again")
        self.show_all.clicked.connect(self.clear_filter)
        self.show_all.hide()
        table_bar = QHBoxLayout()
        table_bar.addWidget(self.table_heading)
        table_bar.addStretch(1)
        table_bar.addWidget(self.show_all)

        self.model = MeetingsTableModel(self)
        self.table = ActionTable(self.model, OPEN_KEYS)
        self.table.setAccessibleName("Past meetings")
        self.table.size_columns(
            {
                MeetingsTableModel.DATE: "30 Sep 2026, 23:59",
                MeetingsTableModel.PLANNED: "120 min",
                MeetingsTableModel.ACTUAL: "120 min",
                MeetingsTableModel.RULE: "Over by 15 min",
            },
            MeetingsTableModel.TITLE,
        )
        # Who and what share the room left; at narrow widths both give way.
        self.table.horizontalHeader().setSectionResizeMode(
            MeetingsTableModel.WITH, QHeaderView.ResizeMode.Stretch
        )
        self.table.action.connect(self._act)
        self.table.doubleClicked.connect(self._double_clicked)

        self.page = QWidget()
        page = QVBoxLayout(self.page)
        page.setContentsMargins(14, 0, 14, 12)
        page.setSpacing(10)
        page.addWidget(self.tiles)
        page.addLayout(self.charts, 4)
        page.addLayout(table_bar)
        page.addWidget(self.table, 5)

        self.empty = EmptyState(
            "No meetings yet",
            f"When a meeting ends, it shows up here with its length, so you can see "
            f"how often you keep to the {RULE_MINUTES}-minute rule.",
        )
        self.stack = table_or_empty(self, header, self.page, self.empty)
        self.stack.setCurrentWidget(self.empty)

    # --- what the window asks --------------------------------------------------------

    def refresh(self) -> None:
        """Reload the numbers, the chart and the table (after a meeting ended, say)."""
        zone = self._tasks.ctx.zone
        contact_id = self._filter[0] if self._filter else None

        self._latest.run(
            lambda session: meeting_history.meetings_screen(session, contact_id=contact_id),
            lambda screen: self._loaded(zone, screen.rows, screen.shown, screen.stats),
        )

    def current_id(self) -> int | None:
        row = self.table.current_row()
        return (
            self.model.id_at(row) if row >= 0 and self.stack.currentWidget() is self.page else None
        )

    def open_details(self, meeting_id: int) -> MeetingDetailsDialog:
        dialog = MeetingDetailsDialog(self._tasks, self._undo_stack, meeting_id, parent=self)
        dialog.discarded.connect(self._discarded)
        dialog.finished.connect(self._dialog_finished)
        self.details_dialog = dialog
        dialog.open()
        return dialog

    def clear_filter(self) -> None:
        self._filter = None
        self.refresh()

    # --- loading ------------------------------------------------------------------------

    def _loaded(
        self,
        zone: tzinfo,
        rows: list[MeetingRow],
        shown: list[MeetingRow],
        stats: MeetingStats,
    ) -> None:
        self.stats = stats
        keep = self.current_id()
        self.stack.setCurrentWidget(self.page if rows else self.empty)
        self._show_stats(stats)
        self.chart.set_meetings(rows, zone)
        self.overruns_card.set_people(stats.overruns_by_contact)
        self.model.set_rows(shown, zone)
        if self._filter:
            self.table_heading.setText(f"Meetings with {self._filter[1]}")
        else:
            self.table_heading.setText("Past meetings")
        self.show_all.setVisible(self._filter is not None)
        if shown:
            row = self.model.row_for_id(keep) if keep is not None else -1
            self.table.select_row(max(row, 0))
        self.loaded.emit()

    def _show_stats(self, s: MeetingStats) -> None:
        tiles = self.tiles.tiles
        tiles["count"].set_value(f"{s.count:,}")
        median = "—" if s.median_minutes is None else f"{minutes_of(s.median_minutes * 60)} min"
        tiles["median"].set_value(median, "Half of your meetings were shorter than this")
        under = "—" if s.share_under_rule is None else f"{round(s.share_under_rule * 100)}%"
        within = round((s.share_under_rule or 0) * s.count)
        tiles["under"].set_value(
            under, f"{within} of {s.count} meetings stayed within {RULE_MINUTES} minutes"
        )
        tiles["overruns"].set_value(
            f"{s.overruns:,}", "Meetings that ran past the length they were planned for"
        )
        self.summary.setText(
            f"How long your meetings run, against the {RULE_MINUTES}-minute rule."
            if s.count
            else "Nothing to measure yet."
        )

    def _update_chart_note(self, count: int) -> None:
        latest = "The latest meeting" if count == 1 else f"The latest {count}"
        self.chart_note.setText(f"{latest}, in minutes · ticks mark the plan" if count else "")

    # --- reactions -------------------------------------------------------------------------

    def _filter_to(self, contact_id: int, name: str) -> None:
        self._filter = (contact_id, name)
        self.refresh()

    def _act(self, action: str) -> None:
        meeting_id = self.current_id()
        if action == OPEN and meeting_id is not None:
            self.open_details(meeting_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_details(self.model.id_at(index.row()))

    def _dialog_finished(self, _result: int) -> None:
        dialog = self.sender()
        if dialog is self.details_dialog:
            self.details_dialog = None
        if dialog is not None:
            dialog.deleteLater()

    def _discarded(self, meeting_id: int) -> None:
        log.info("meeting #%s discarded", meeting_id)
        self.refresh()
        self.changed.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = event.size().width() >= SIDE_BY_SIDE_FROM
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.charts.direction() != direction:
            self.charts.setDirection(direction)
            self.overruns_card.setMaximumHeight(16_777_215 if wide else 150)
