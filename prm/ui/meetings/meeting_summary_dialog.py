"""The end of a meeting: notes, outcomes, next step and when to follow up, with
the agenda's plan next to what really happened. Saving logs the meeting touch."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from prm.core.meeting_timer import MINUTE, MeetingTimer, minutes_of
from prm.core.meetings import MeetingSummary

DEFAULT_FOLLOW_UP_DAYS = 14


def minutes_text(ms: int) -> str:
    """Whole minutes, half a minute rounding up (as the logged touch does)."""
    return f"{minutes_of(ms / 1000)} min" if ms >= MINUTE or ms == 0 else f"{ms // 1000} s"


class MeetingSummaryDialog(QDialog):
    """``timer`` is read as it would end at ``ended_ms``; nothing is saved here —
    the caller saves ``summary()`` when the dialog is accepted."""

    def __init__(
        self,
        *,
        title: str,
        timer: MeetingTimer,
        ended_ms: int,
        texts: dict[str, str],
        today: date,
        recovered: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("End meeting")
        self.setMinimumSize(560, 600)
        ended = MeetingTimer.from_dict(timer.to_dict())
        ended.end(max(ended_ms, ended.started_ms or ended_ms))
        actual = ended.elapsed(ended_ms)
        planned = ended.length_ms

        heading = QLabel(f"<b>{title}</b>")
        heading.setWordWrap(True)
        over = actual - planned
        verdict = f"{minutes_text(actual)} of {minutes_text(planned)} planned" + (
            f" — {minutes_text(over)} over" if over >= MINUTE else " — on time"
        )
        if ended.pauses:
            verdict += f" · paused {minutes_text(ended.paused_ms(ended_ms))}"
        self.verdict = QLabel(verdict)
        if recovered:
            self.verdict.setText(
                verdict + "\nEnded at the last moment PRM knew the meeting was running."
            )
        self.items = QTableWidget(len(ended.items), 3)
        self.items.setHorizontalHeaderLabels(["Agenda item", "Planned", "Actual"])
        self.items.verticalHeader().hide()
        self.items.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.items.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, item in enumerate(ended.items):
            reached = row <= ended.current
            cells = [
                item.title,
                minutes_text(item.planned_ms),
                minutes_text(item.actual_ms) if reached else "not reached",
            ]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if col:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.items.setItem(row, col, cell)
        header = self.items.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows = sum(self.items.rowHeight(r) for r in range(len(ended.items)))
        # As tall as its rows (no empty band under them), scrolling past a long agenda.
        self.items.setFixedHeight(
            min(header.sizeHint().height() + rows + 2 * self.items.frameWidth(), 240)
        )

        self.notes = QPlainTextEdit(texts.get("notes", ""))
        self.outcomes = QPlainTextEdit(texts.get("outcomes", ""))
        self.outcomes.setPlaceholderText("What was decided")
        self.outcomes.setMaximumHeight(80)
        self.next_step = QLineEdit(texts.get("next_step", ""))
        self.next_step.setPlaceholderText("Who does what, by when")
        self.follow_up = QCheckBox("Next touch on")
        self.follow_up.setChecked(True)
        self.follow_up_date = QDateEdit(QDate(today + timedelta(days=DEFAULT_FOLLOW_UP_DAYS)))
        self.follow_up_date.setCalendarPopup(True)
        self.follow_up_date.setDisplayFormat("ddd d MMM yyyy")
        self.follow_up_date.setMinimumDate(QDate(today))
        self.follow_up.toggled.connect(self.follow_up_date.setEnabled)
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_up)
        follow_row.addWidget(self.follow_up_date)
        follow_row.addStretch(1)

        form = QFormLayout()
        form.addRow("Notes", self.notes)
        form.addRow("Outcomes", self.outcomes)
        form.addRow("Next step", self.next_step)
        form.addRow("", follow_row)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            "Save and log meeting", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.back_button = buttons.addButton(
            "Back to meeting" if not recovered else "Cancel", QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.addWidget(heading)
        layout.addWidget(self.verdict)
        layout.addWidget(self.items)
        layout.addLayout(form, 1)
        layout.addWidget(buttons)
        self.outcomes.setFocus(Qt.FocusReason.OtherFocusReason)

    def summary(self) -> MeetingSummary:
        return MeetingSummary(
            notes=self.notes.toPlainText(),
            outcomes=self.outcomes.toPlainText(),
            next_step=self.next_step.text(),
            next_touch_on=self.follow_up_date.date().toPython()
            if self.follow_up.isChecked()
            else None,
        )
