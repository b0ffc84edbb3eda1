"""Past meetings as a table: when, what, with whom, planned against actual.

A consultant holds a few hundred meetings a year, so the whole (small) list
arrives at once from the DB worker; no paging. Overruns are highlighted where
the user looks for them: the Actual column and the 45-minute rule column.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from prm.core.meeting_timer import RULE_MINUTES
from prm.core.meetings import MeetingRow
from prm.ui.models.reach_out_table_model import MUTED, OVERDUE, attention_color, local_date
from prm.ui.models.read_only import ReadOnlyRows

Index = QModelIndex | QPersistentModelIndex


def minutes_text(minutes: float) -> str:
    return f"{round(minutes)} min"


def over_by(meeting: MeetingRow) -> int:
    """Whole minutes past the plan (at least 1 when it overran at all)."""
    return max(1, round(meeting.actual_minutes - meeting.planned_minutes)) if meeting.overran else 0


class MeetingsTableModel(ReadOnlyRows, QAbstractTableModel):
    DATE, TITLE, WITH, PLANNED, ACTUAL, RULE = range(6)
    HEADERS = ("Date", "Meeting", "With", "Planned", "Actual", f"{RULE_MINUTES}-minute rule")
    IdRole = Qt.ItemDataRole.UserRole  # the meeting's id
    RowRole = Qt.ItemDataRole.UserRole + 1  # the whole MeetingRow

    _RIGHT = (PLANNED, ACTUAL)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MeetingRow] = []
        self._zone: tzinfo | None = None

    def set_rows(self, rows: list[MeetingRow], zone: tzinfo | None) -> None:
        self.beginResetModel()
        self._rows, self._zone = list(rows), zone
        self.endResetModel()

    def id_at(self, row: int) -> int:
        return self._rows[row].id

    def row_at(self, row: int) -> MeetingRow:
        return self._rows[row]

    def row_for_id(self, meeting_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == meeting_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
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
            return self._colour(row, column)
        if role == Qt.ItemDataRole.FontRole and self._highlighted(row, column):
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self._RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.IdRole:
            return row.id
        if role == self.RowRole:
            return row
        return None

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
            return minutes_text(row.actual_minutes)
        if column == self.RULE:
            if row.under_rule:
                return "Within"
            return f"Over by {max(1, round(row.actual_minutes - RULE_MINUTES))} min"
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
