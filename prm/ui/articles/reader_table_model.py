"""The "Who would this help?" list: suggested readers of one article, most overdue first.

Rows arrive ranked from ``prm.core.article_readers`` (on the DB worker). The
overdue column speaks the reach-out screen's language (status colour, days
against their rhythm), because an article is a reason to reach out.
"""

from __future__ import annotations

from typing import Any

from prm.core import reach_out as core
from prm.core.article_readers import SuggestedReader
from prm.ui.common.formatting import days_text
from prm.ui.common.palette import CALM, DUE, MUTED, OVERDUE, attention_color
from prm.ui.common.row_table import RowTableModel

_LEVEL = {
    core.STATUS_OVERDUE: OVERDUE,
    core.STATUS_DUE: DUE,
    core.STATUS_NEVER: MUTED,
    core.STATUS_ON_TRACK: CALM,
    "": MUTED,
}
_WORD = {
    core.STATUS_OVERDUE: "overdue",
    core.STATUS_DUE: "due",
    core.STATUS_NEVER: "never touched",
    core.STATUS_ON_TRACK: "on track",
    "": "no rhythm",
}


def rhythm_text(row: SuggestedReader) -> str:
    """``52 days · overdue (every 30)``: how long since, against their own rhythm."""
    since = (
        f"{days_text(row.days_since)}"
        if row.last_touch_at
        else f"added {days_text(row.days_since)} ago"
    )
    if row.target_days is None:
        return f"{since} · no rhythm"
    return f"{since} · {_WORD[row.status]} (every {row.target_days})"


class ReaderTableModel(RowTableModel[SuggestedReader]):
    NAME, TOPICS, RHYTHM = range(3)
    HEADERS = ("Name", "Shared interests", "Since last touch")

    def set_rows(self, rows: list[SuggestedReader]) -> None:
        self._reset(rows)

    def row_id(self, row: SuggestedReader) -> int:
        return row.contact_id  # a suggestion is a person

    def _tooltip(self, row: SuggestedReader, column: int) -> str:
        return self._text(row, column)

    def _colour(self, row: SuggestedReader, column: int) -> Any:
        return attention_color(_LEVEL[row.status]) if column == self.RHYTHM else None

    def _text(self, row: SuggestedReader, column: int) -> str:
        if column == self.NAME:
            return f"{row.name} · {row.organization}" if row.organization else row.name
        if column == self.TOPICS:
            return ", ".join(row.matched_topics)
        if column == self.RHYTHM:
            return rhythm_text(row)
        return ""
