"""Past meetings as rows: local times, plan against actual, overruns stand out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from prm.core.meeting_history import MeetingRow
from prm.ui.common.palette import OVERDUE, attention_color
from prm.ui.meetings.meetings_table_model import MeetingsTableModel as M

AT = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
ROWS = [
    MeetingRow(3, "Renewal", AT, 60, 76.4, True, ("Ann", "Bob")),
    MeetingRow(2, "Pilot check-in", AT - timedelta(days=2), 30, 33.0, False, ("Ann",)),
    MeetingRow(1, "Intro call", AT - timedelta(days=9), 45, 21.2, False, ("Cy",)),
]
PLUS_TWO = timezone(timedelta(hours=2))


def model() -> M:
    m = M()
    m.set_rows(ROWS, PLUS_TWO)
    return m


def test_passes_qtmodeltester(qtmodeltester):
    m = M()
    qtmodeltester.check(m, force_py=True)
    m.set_rows(ROWS, PLUS_TWO)
    qtmodeltester.check(m, force_py=True)


def test_rows_read_as_the_user_expects_in_local_time():
    m = model()

    def text(r, c):
        return m.index(r, c).data()

    assert m.rowCount() == 3
    assert text(0, M.DATE) == "14 Mar 2026, 11:30"
    assert text(0, M.TITLE) == "Renewal" and text(0, M.WITH) == "Ann, Bob"
    assert (text(0, M.PLANNED), text(0, M.ACTUAL)) == ("60 min", "76 min")
    assert text(0, M.RULE) == "Over by 31 min"
    assert text(2, M.RULE) == "Within"
    assert m.index(1, M.ACTUAL).data(M.IdRole) == 2


def test_overruns_are_highlighted_only_where_they_happened():
    m = model()
    red = attention_color(OVERDUE)

    def colour(r, c):
        return m.index(r, c).data(Qt.ItemDataRole.ForegroundRole)

    def font(r, c):
        return m.index(r, c).data(Qt.ItemDataRole.FontRole)

    # Renewal: past its own plan and past the rule; the pilot: past its plan only.
    assert colour(0, M.ACTUAL) == red and colour(0, M.RULE) == red
    assert colour(1, M.ACTUAL) == red and colour(1, M.RULE) != red
    assert colour(2, M.ACTUAL) is None and colour(2, M.RULE) != red
    assert isinstance(font(1, M.ACTUAL), QFont) and font(2, M.ACTUAL) is None
    assert "3 min past its 30-minute plan" in m.index(1, M.ACTUAL).data(Qt.ItemDataRole.ToolTipRole)
    assert "on purpose" in m.index(0, M.PLANNED).data(Qt.ItemDataRole.ToolTipRole)
