"""What each of Home's lists says, as plain data: a card per list, a line per row,
and where a click on it leads. Pure functions of ``prm.core.home.HomeLists``
(tested without a window)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, tzinfo

from prm.core.home import HomeLists
from prm.core.reach_out import STATUS_NEVER, STATUS_OVERDUE
from prm.ui.common.formatting import channel_label, days_text, plural
from prm.ui.common.palette import CALM, DUE, OVERDUE
from prm.ui.touches.reach_out_texts import people

# Where a row or a card's "all" link leads.
CONTACT, SECTION, CONFLICTS = "contact", "section", "conflicts"


@dataclass(frozen=True)
class Target:
    kind: str  # CONTACT, SECTION or CONFLICTS
    key: str | int = ""  # the contact's id, or the section's key


@dataclass(frozen=True)
class Line:
    name: str
    detail: str
    target: Target
    level: str = CALM  # the detail's colour: calm, due, overdue

    @property
    def spoken(self) -> str:
        return f"{self.name}: {self.detail}" if self.detail else self.name


@dataclass(frozen=True)
class Card:
    key: str  # stable, for tests and focus: "reach_out", "replies", ...
    title: str
    total: int | None  # None: more than shown, still being counted
    lines: tuple[Line, ...]
    empty: str  # what the card says with nothing in it
    more: Target | None = None  # "All N in …"
    more_text: str = ""
    extra: tuple[str, ...] = field(default_factory=tuple)  # a quiet line under the title


def _contact(contact_id: int) -> Target:
    return Target(CONTACT, contact_id)


def _more(total: int | None, shown: int, section: str, label: str) -> tuple[Target | None, str]:
    if total is None or total <= shown:
        return Target(SECTION, section), f"Open {label}"
    return Target(SECTION, section), f"All {total:,} in {label}"


def _ago(days: int, what: str) -> str:
    if days <= 0:
        return f"{what} today"
    return f"{what} {days_text(days)} ago"


def cards(lists: HomeLists, today: date, zone: tzinfo | None = None) -> list[Card]:
    from prm.ui.events.upcoming_table_model import day_text, what_text  # the Upcoming words

    reach = tuple(
        Line(
            row.name,
            "never contacted"
            if row.status == STATUS_NEVER
            else f"{days_text(row.days_since)} since the last touch",
            _contact(row.contact_id),
            OVERDUE if row.status == STATUS_OVERDUE else DUE,
        )
        for row in lists.reach_out
    )
    replies = tuple(
        Line(
            r.name,
            f"{channel_label(r.channel)}: {r.summary}" if r.summary else channel_label(r.channel),
            _contact(r.contact_id),
            OVERDUE if r.waiting_days > 2 else DUE if r.waiting_days else CALM,
        )
        for r in lists.replies
    )
    follow = tuple(
        Line(
            f.name,
            f"{f.summary} · " * bool(f.summary) + _ago((today - f.due_on).days, "due"),
            _contact(f.contact_id),
            OVERDUE if f.due_on < today else DUE,
        )
        for f in lists.follow_ups
    )
    soon = tuple(
        Line(
            o.contact_name,
            f"{what_text(o)} · {day_text(o.on, today)}",
            _contact(o.contact_id),
            DUE if o.on <= today else CALM,
        )
        for o in lists.upcoming
    )
    thanks = tuple(
        Line(
            t.referrer_name,
            t.text[0].upper() + t.text[1:] + (" · late" if t.late else ""),
            _contact(t.referrer_id),
            OVERDUE if t.late else DUE,
        )
        for t in lists.thank_yous
    )
    reach_extra = ()
    if lists.needing_attention:
        reach_extra = (
            f"Most overdue first, of {people(lists.needing_attention)} who need you; "
            f"{lists.reach_out_total:,} fit your week",
        )
    found = [
        _card("reach_out", "Reach out this week", lists.reach_out_total, reach,
              "Nobody needs you this week.", "reach_out", "Reach out", reach_extra),
        _card("replies", "Awaiting your reply", lists.replies_total, replies,
              "Nobody is waiting for an answer.", "replies", "Awaiting reply"),
        _card("follow_ups", "Follow-ups due", lists.follow_ups_total, follow,
              "No follow-up is due.", "review", "Weekly review"),
        _card("upcoming", "Next 7 days", lists.upcoming_total, soon,
              "No events or birthdays this week.", "upcoming", "Upcoming"),
        _card("thank_yous", "Thank-yous owed", lists.thank_yous_total, thanks,
              "No thank-you is owed.", "advocates", "Advocates"),
    ]  # fmt: skip
    waiting = []
    if lists.capture_waiting:
        waiting.append(
            Line(
                plural(lists.capture_waiting, "proposed touch"),
                "from your calendars and mail, to accept or reject",
                Target(SECTION, "capture"),
                DUE,
            )
        )
    if lists.conflicts:
        waiting.append(
            Line(
                "Sync conflicts",
                "contacts changed here and on the server: choose what to keep",
                Target(CONFLICTS),
                OVERDUE,
            )
        )
    found.append(
        Card(
            "waiting",
            "Waiting for you",
            len(waiting),
            tuple(waiting),
            "Nothing to review from capture or sync.",
        )
    )
    return found


def _card(
    key: str,
    title: str,
    total: int | None,
    lines: tuple[Line, ...],
    empty: str,
    section: str,
    label: str,
    extra: tuple[str, ...] = (),
) -> Card:
    more, more_text = _more(total, len(lines), section, label)
    return Card(key, title, total, lines, empty, more, more_text, extra)
