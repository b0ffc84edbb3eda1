"""One past meeting, read-only: who was there, each agenda item planned against
actual, the pauses, and what came out of it. "Discard meeting…" removes a
meeting that did not really happen (and the touch it logged), after a question.
"""

from __future__ import annotations

import logging
from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from prm.core import meeting_history
from prm.core.errors import KnownError
from prm.core.meeting_history import MeetingDetails
from prm.core.meeting_timer import RULE_MINUTES, minutes_of, over_by_minutes
from prm.ui.common.formatting import local_date
from prm.ui.common.palette import OVERDUE, attention_color
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack
from prm.ui.widgets.form_fields import HintLabel

log = logging.getLogger(__name__)

COLUMN_PADDING = 18  # px after the widest planned/actual time


def _minutes(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    whole, rest = divmod(seconds, 60)
    return f"{whole} min" if not rest else f"{whole} min {rest} s"


class MeetingDetailsDialog(QDialog):
    discarded = Signal(int)  # the meeting (and its touch) went to the trash

    def __init__(
        self, tasks: Tasks, undo_stack: UndoStack, meeting_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._ops = undo_stack.meetings
        self.meeting_id = meeting_id
        self.details: MeetingDetails | None = None
        self.setWindowTitle("Meeting")
        self.setMinimumWidth(520)

        self.title = QLabel("Loading…")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.when = HintLabel("", self)

        self.items = QTableWidget(0, 3)
        self.items.setHorizontalHeaderLabels(["Agenda item", "Planned", "Actual"])
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.items.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.items.verticalHeader().hide()
        self.items.setShowGrid(False)
        self.items.setAlternatingRowColors(True)
        header = self.items.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(8)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("with", "With"),
            ("pauses", "Pauses"),
            ("notes", "Notes"),
            ("outcomes", "Outcomes"),
            ("next_step", "Next step"),
            ("next_touch", "Next touch"),
        ):
            value = QLabel("")
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)  # the user's own words
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            self.form.addRow(label + ":", value)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.discard_button = QPushButton("Discard meeting…")
        self.discard_button.setToolTip("Remove this meeting and the touch it logged")
        self.discard_button.setEnabled(False)
        self.discard_button.clicked.connect(self._confirm_discard)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.when)
        layout.addSpacing(10)
        layout.addWidget(self.items)
        layout.addSpacing(8)
        layout.addLayout(self.form)
        layout.addStretch(1)  # any spare height goes here, not between the lines above
        layout.addSpacing(8)
        layout.addWidget(buttons)

        self._tasks.run(
            lambda session: meeting_history.meeting_details(session, meeting_id=meeting_id),
            self._loaded,
            self._failed,
        )

    # --- showing --------------------------------------------------------------------------

    def _loaded(self, details: MeetingDetails) -> None:
        self.details = details
        zone = self._tasks.ctx.zone
        self.title.setText(details.title)
        self.setWindowTitle(details.title)
        self.when.setText(self._when_text(details, zone))
        self._fill_items(details)
        pauses = [
            f"{s.astimezone(zone):%H:%M}–{e.astimezone(zone):%H:%M}"
            if e
            else f"from {s.astimezone(zone):%H:%M}"
            for s, e in ((p.started_at, p.ended_at) for p in details.pauses)
        ]
        if pauses:
            pauses[-1] += f" · {_minutes(details.paused_seconds)} in all"
        self._set("with", ", ".join(details.attendees))
        self._set("pauses", ", ".join(pauses) or "None")
        self._set("notes", details.notes.strip())
        self._set("outcomes", details.outcomes)
        self._set("next_step", details.next_step)
        self._set("next_touch", local_date(details.next_touch_on) if details.next_touch_on else "")
        self.discard_button.setEnabled(True)
        self.adjustSize()
        fits = self.layout().totalHeightForWidth(self.width())
        if fits > 0:  # word-wrapped lines: as tall as they need at this width
            self.resize(self.width(), fits)

    def _when_text(self, d: MeetingDetails, zone: tzinfo) -> str:
        start = d.started_at.astimezone(zone)
        text = f"{local_date(start)}, {start:%H:%M}"
        if d.ended_at is not None:
            text += f"–{d.ended_at.astimezone(zone):%H:%M}"
        text += f" · {minutes_of(d.actual_seconds)} min of {d.planned_minutes} planned"
        if over := over_by_minutes(d.actual_seconds, d.planned_minutes):
            text += f", over by {over}"
        if d.actual_seconds > RULE_MINUTES * 60:
            text += f" · longer than the {RULE_MINUTES}-minute rule"
        return text

    def _fill_items(self, d: MeetingDetails) -> None:
        self.items.setRowCount(len(d.items))
        over = attention_color(OVERDUE)
        for row, item in enumerate(d.items):
            title, planned, actual = item.title, item.planned_seconds, item.actual_seconds
            cells = [
                QTableWidgetItem(title),
                QTableWidgetItem(_minutes(planned)),
                QTableWidgetItem(_minutes(actual)),
            ]
            if actual is not None and actual > planned:
                cells[2].setForeground(over)
                cells[2].setToolTip(f"Over by {_minutes(actual - planned)}")
            for column, cell in enumerate(cells):
                self.items.setItem(row, column, cell)
        header = self.items.horizontalHeader()
        for column in (1, 2):  # the numbers, with room to breathe before the edge
            width = max(self.items.sizeHintForColumn(column), header.sectionSizeHint(column))
            self.items.setColumnWidth(column, width + COLUMN_PADDING)
        height = header.height() + 2 * self.items.frameWidth()
        height += sum(self.items.rowHeight(r) for r in range(len(d.items)))
        self.items.setFixedHeight(min(height, 260))
        self.items.setVisible(bool(d.items))

    def _set(self, key: str, text: str) -> None:
        label = self.fields[key]
        label.setText(text)
        self.form.setRowVisible(label, bool(text))

    def _failed(self, exc: KnownError) -> None:
        self.title.setText("This meeting could not be opened")
        self.when.setText(str(exc))

    # --- discarding ------------------------------------------------------------------------

    def _confirm_discard(self) -> None:
        title = self.details.title if self.details else "this meeting"
        answer = QMessageBox.question(
            self,
            "Discard meeting",
            f"Discard “{title}”?\n\nThe meeting and the touch it logged are removed "
            "from the history and the statistics (Undo brings them back).",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self.discard()

    def discard(self) -> None:
        """Discard without asking (the confirmation is ``_confirm_discard``)."""
        self.discard_button.setEnabled(False)
        title = self.details.title if self.details else f"meeting #{self.meeting_id}"
        self._ops.discard(
            self.meeting_id, title, on_done=self._discarded, on_error=self._discard_failed
        )

    def _discard_failed(self, exc: KnownError) -> None:
        self.discard_button.setEnabled(True)
        self._failed(exc)

    def _discarded(self) -> None:
        self.discarded.emit(self.meeting_id)
        self.accept()
