"""The pre-meeting brief as HTML for a QTextBrowser: one section per attendee."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from html import escape

from prm.core.meeting_brief import AttendeeBrief
from prm.core.vocab import CHANNELS, TOUCH_CHANNELS


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _when(moment: datetime, zone: tzinfo) -> str:
    return _day(moment.astimezone(zone).date())


def _list(title: str, lines: list[str]) -> str:
    if not lines:
        return ""
    items = "".join(f"<li>{line}</li>" for line in lines)
    return f"<p style='margin:6px 0 0 0'><b>{title}</b></p><ul style='margin-top:2px'>{items}</ul>"


def brief_html(briefs: list[AttendeeBrief], *, zone: tzinfo, today: date | None = None) -> str:
    """``today``: the user's date, for "last gave: …, 5 months ago" (None: the zone's now)."""
    if not briefs:
        return "<p style='color:gray'>Add attendees to see what you know about them.</p>"
    today = today or datetime.now(zone).date()
    return "<hr>".join(_attendee(b, zone, today) for b in briefs)


def _attendee(b: AttendeeBrief, zone: tzinfo, today: date) -> str:
    role = ", ".join(p for p in (b.title, b.organization) if p)
    head = f"<h3 style='margin-bottom:0'>{escape(b.name)}</h3>"
    if role:
        head += f"<div style='color:gray'>{escape(role)}</div>"
    facts = []
    if b.preferred_channel:
        facts.append(
            f"Prefers {escape(CHANNELS.get(b.preferred_channel, b.preferred_channel).lower())}"
        )
    facts += [f"{label}: {escape(text)}" for label, text in b.preferences.items()]
    body = _list("Preferences", facts)
    if b.last_meeting:
        when, notes, outcomes, next_step = b.last_meeting
        lines = [f"{_when(when, zone)}"]
        lines += [
            escape(t)
            for t in (
                notes.strip(),
                outcomes and f"Outcomes: {outcomes}",
                next_step and f"Next step: {next_step}",
            )
            if t
        ]
        body += _list("Last meeting", ["<br>".join(lines)])
    body += _list(
        "Replies you owe",
        [f"{escape(what)} — since {_when(at, zone)}" for at, what in b.replies_owed],
    )
    body += _list(
        "Open follow-ups", [f"{escape(what)} — due {_day(due)}" for due, what in b.open_follow_ups]
    )
    body += _list(
        "Last touches",
        [
            f"{_when(e.at, zone)} · {escape(TOUCH_CHANNELS.get(e.channel, e.channel))}"
            + (f" — {escape(e.summary)}" if e.summary else "")
            for e in b.last_touches
        ],
    )
    body += _list(
        "Their upcoming events", [f"{_day(d)} — {escape(t)}" for d, t in b.upcoming_events]
    )
    body += _list(
        "Gifts already given",
        [(f"{_day(d)} — " if d else "") + escape(t) for d, t in b.gifts_given],
    )
    body += _list(
        "Articles already sent", [f"{_when(at, zone)} — {escape(t)}" for at, t in b.articles_sent]
    )
    if b.advocacy is not None:  # referrals, introductions, value (imported only then)
        from prm.ui.advocates.advocacy_html import brief_lines

        body += _list("Advocacy", brief_lines(b.advocacy, today))
    if not body:
        body = "<p style='color:gray'>Nothing on record yet: a first meeting.</p>"
    return head + body
