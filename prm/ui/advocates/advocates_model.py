"""The Advocates section's rows: one shape for every list (who, value, why), made
from core's lists, and the breakdown of one contact's value as rich text."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Any

from prm.core.advocacy.lists import AdvocatesLists
from prm.core.advocacy.value import DIMENSIONS, ContactValue
from prm.ui.common.row_table import RowTableModel

RANKED, OVERDUE, NOT_ASKED, TOO_OFTEN, OWED, DORMANT = range(6)
# (button text, what the list is, what an empty one says)
LISTS = {
    RANKED: ("By value", "Everyone with something recorded, highest value first.",
             "Record a referral, an introduction, advocacy or an engagement to see value here."),
    OVERDUE: ("Valuable, overdue", "High value, but past their cadence (or 90 days untouched).",
              "Nobody valuable is overdue."),
    NOT_ASKED: ("Not yet asked", "Clients who never referred anyone and were never asked.",
                "Every client has referred someone or been asked."),
    TOO_OFTEN: ("Asked too often", "Asked 3 or more times in the last 12 months: ask someone else.",
                "Nobody has been asked too often."),
    OWED: ("Thank-yous owed", "A referral with no touch to the referrer since it came or was won.",
           "No thank-yous owed."),
    DORMANT: ("Dormant ties", "No touch for 3+ years, but high past value: worth reviving.",
              "No dormant ties worth reviving."),
}  # fmt: skip


@dataclass(frozen=True)
class AdvocateRow:
    contact_id: int
    name: str
    value: float | None  # None: the list is not about value (asked too often, owed)
    why: str
    value_detail: ContactValue | None = None
    owed_text: str = ""  # a thank-you owed: "thank Erik — Acme signed"
    late: bool = False

    @property
    def id(self) -> int:
        return self.contact_id


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def ago(day: date, today: date) -> str:
    """ "today", "12 days ago", "5 months ago", "3 years ago"."""
    days = (today - day).days
    if days <= 0:
        return "today" if days == 0 else f"on {day_text(day)}"
    for size, unit in ((365, "year"), (30, "month"), (1, "day")):
        if days >= size:
            n = days // size
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "today"


def _top_terms(value: ContactValue) -> str:
    terms = sorted((d for d in value.breakdown if d.score > 0), key=lambda d: -d.score)
    return " · ".join(f"{d.label} {d.score:.1f}" for d in terms[:3]) or "nothing recorded yet"


def _from_value(value: ContactValue, today: date, *, dormant: bool = False) -> AdvocateRow:
    why = _top_terms(value)
    if value.last_touch_on is not None and (dormant or (today - value.last_touch_on).days > 30):
        why = f"{why} — last touch {ago(value.last_touch_on, today)}"
    elif value.last_touch_on is None and dormant:
        why = f"{why} — never touched"
    shown = value.past_value() if dormant else value.total
    return AdvocateRow(value.contact_id, value.name, shown, why, value)


def rows_for(lists: AdvocatesLists, which: int, today: date) -> list[AdvocateRow]:
    if which == TOO_OFTEN:
        return [
            AdvocateRow(
                r.contact_id,
                r.name,
                None,
                f"asked {r.asks}× in 12 months"
                + (f", last {ago(r.last_asked_on, today)}" if r.last_asked_on else ""),
            )  # fmt: skip
            for r in lists.asked_too_often
        ]
    if which == OWED:
        return [
            AdvocateRow(
                o.referrer_id,
                o.referrer_name,
                None,
                f"{o.text} — "
                + (f"late since {day_text(o.due_on)}" if o.late else f"due {day_text(o.due_on)}"),
                owed_text=o.text,
                late=o.late,
            )  # fmt: skip
            for o in lists.thank_yous_owed
        ]
    source = {
        RANKED: lists.ranked,
        OVERDUE: lists.valuable_overdue,
        NOT_ASKED: lists.not_yet_asked,
        DORMANT: lists.dormant,
    }[which]
    return [_from_value(v, today, dormant=which == DORMANT) for v in source]


def counts(lists: AdvocatesLists) -> dict[int, int]:
    return {
        RANKED: len(lists.ranked),
        OVERDUE: len(lists.valuable_overdue),
        NOT_ASKED: len(lists.not_yet_asked),
        TOO_OFTEN: len(lists.asked_too_often),
        OWED: len(lists.thank_yous_owed),
        DORMANT: len(lists.dormant),
    }


class AdvocatesTableModel(RowTableModel[AdvocateRow]):
    NAME, VALUE, WHY = range(3)
    HEADERS = ("Contact", "Value", "Why")
    RIGHT_ALIGNED = (VALUE,)

    def set_rows(self, rows: list[AdvocateRow]) -> None:
        self._reset(rows)

    def _text(self, row: AdvocateRow, column: int) -> str:
        if column == self.NAME:
            return row.name
        if column == self.VALUE:
            return "" if row.value is None else f"{row.value:.1f}"
        return row.why

    def _tooltip(self, row: AdvocateRow, column: int) -> str | None:
        return self._text(row, column) or None

    def _colour(self, row: AdvocateRow, column: int) -> Any:
        return None


def breakdown_html(value: ContactValue, muted: str) -> str:
    """Every dimension: what was counted, its points, the weight, the score; then the total."""
    e = html.escape
    cell = "padding:3px 0 3px 10px; white-space:nowrap"
    head = "".join(
        f'<th align="{a}" style="color:{muted}; font-weight:600; {cell if i else "padding:3px 0"}">'
        f"{t}</th>"
        for i, (t, a) in enumerate(
            (("Dimension — what was counted", "left"), ("Points", "right"),
             ("× Weight", "right"), ("= Score", "right"))
        )
    )  # fmt: skip
    rows = "".join(
        "<tr>"
        f'<td style="padding:3px 0">{e(d.label)}<br>'
        f'<span style="color:{muted}; font-size:small">{e(d.amount) or "—"}</span></td>'
        f'<td align="right" valign="top" style="{cell}">{d.points:.2f}</td>'
        f'<td align="right" valign="top" style="{cell}">{d.weight:g}</td>'
        f'<td align="right" valign="top" style="{cell}"><b>{d.score:.2f}</b></td>'
        "</tr>"
        for d in value.breakdown
    )
    rules = "".join(f"<li>{e(label)}: {e(rule)}</li>" for label, rule in DIMENSIONS.values())
    return (
        f'<p style="margin:0 0 6px 0"><b>{e(value.name)}</b> — value '
        f"<b>{value.total:.1f}</b></p>"
        f'<table cellspacing="0" width="100%"><tr>{head}</tr>{rows}</table>'
        f'<p style="margin:14px 0 2px 0; color:{muted}; font-weight:600">How points are counted'
        f'</p><ul style="margin:0; color:{muted}">{rules}</ul>'
        f'<p style="color:{muted}">Weights: Edit ▸ Advocacy ▸ Value weights, or Weights… above.</p>'
    )
