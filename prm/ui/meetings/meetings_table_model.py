"""Past meetings as a table: when, what, with whom, planned against actual.

A consultant holds a few hundred meetings a year, so the whole (small) list
arrives at once from the DB worker; no paging. Overruns are highlighted where
the user looks for them: the Actual column and the 45-minute rule column.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QFont

from prm.core.meeting_history import MeetingRow
from prm.core.meeting_timer import RULE_MINUTES, minutes_of
from prm.ui.common.formatting import local_date
from prm.ui.common.palette import MUTED, OVERDUE, attention_color
from prm.ui.common.row_table import RowTableModel, bold_font


def minutes_text(minutes: float) -> str:
    return f"{minutes_of(minutes * 60)} min"


def over_by(meeting: MeetingRow) -> int:
    """Whole minutes past the plan (at least 1 when it overran at all)."""
    return meeting.over_plan_minutes


class MeetingsTableModel(RowTableModel[MeetingRow]):
    DATE, TITLE, WITH, PLANNED, ACTUAL, RULE = range(6)
    HEADERS = ("Date", "Meeting", "With", "Planned", "Actual", f"{RULE_MINUTES}-minute rule")
    RIGHT_ALIGNED = (PLANNED, ACTUAL)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._zone: tzinfo | None = None

    def set_rows(self, rows: list[MeetingRow], zone: tzinfo | None) -> None:
        self._zone = zone
        self._reset(rows)

    def _text(self, row: MeetingRow, column: int) -> str:
        if column == self.DATE:
            local = row.started_at.astimezone(self._zone)
            return f"{local_date(local)}, {local:%H:%M}"
        if column == self.TITLE:
            return row.title
        if column == self.WITH:
            return ", ".join(row.attendees)
        if column == self.PLANNED:
            return minutes_text(row.planned_minutes)
        if column == self.ACTUAL:
            return f"{row.actual_whole_minutes} min"
        if column == self.RULE:
            if row.under_rule:
                return "Within"
            return f"Over by {row.over_rule_minutes} min"
        return ""

    def _tooltip(self, row: MeetingRow, column: int) -> str:
        if column == self.ACTUAL:
            if row.overran:
                return f"Ran {over_by(row)} min past its {row.planned_minutes}-minute plan"
            return f"Ended within its {row.planned_minutes}-minute plan"
        if column == self.PLANNED and row.over_rule:
            return f"Planned longer than {RULE_MINUTES} minutes on purpose"
        if column == self.RULE:
            return (
                f"Stayed within {RULE_MINUTES} minutes"
                if row.under_rule
                else f"Longer than the {RULE_MINUTES}-minute rule"
            )
        return self._text(row, column)

    def _font(self, row: MeetingRow, column: int) -> QFont | None:
        return bold_font() if self._highlighted(row, column) else None

    def _highlighted(self, row: MeetingRow, column: int) -> bool:
        return (column == self.ACTUAL and row.overran) or (
            column == self.RULE and not row.under_rule
        )

    def _colour(self, row: MeetingRow, column: int) -> Any:
        if self._highlighted(row, column):
            return attention_color(OVERDUE)
        if column == self.RULE or (column == self.PLANNED and not row.over_rule):
            return attention_color(MUTED)
        return None
