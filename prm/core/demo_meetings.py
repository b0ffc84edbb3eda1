"""Sample meetings: a few months of ended meetings with a handful of regulars,
run through the real ``start_meeting``/``end_meeting`` services on a clock that
moves through each meeting, so the touches, items and pauses are what the app
itself would have saved.

Most meetings end within 20–45 minutes; some run over their plan (a couple of
regulars more often than the rest), and a few were planned at an hour on purpose.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlmodel import Session

from prm.core import meetings
from prm.core.clock import FakeClock
from prm.core.meeting_timer import MINUTE, scale_to_fit
from prm.core.meetings import AgendaDraft, MeetingDraft, MeetingSummary, now_ms

DAYS_BACK = 200  # the history spreads over about half a year
REGULARS = 8  # people met again and again (so "overruns by contact" means something)
CHATTY = 2  # of those, the ones whose meetings tend to run long

# (title, agenda items) — the minutes are relative weights, scaled to the plan.
AGENDAS = [
    (
        "Kick-off",
        [("Introductions", 5), ("Goals and scope", 15), ("Timeline", 10), ("Next steps", 5)],
    ),
    ("Proposal walkthrough", [("Recap of the brief", 5), ("The proposal", 20), ("Questions", 10)]),
    ("Pilot check-in", [("What worked", 10), ("What did not", 10), ("Decisions", 5)]),
    ("Quarterly review", [("Results", 15), ("Risks", 10), ("Next quarter", 15)]),
    ("Budget planning", [("Current spend", 10), ("Options", 15), ("Decision", 5)]),
    ("Roadmap session", [("Where we are", 10), ("Priorities", 20), ("Owners", 5)]),
    ("Renewal discussion", [("Value delivered", 10), ("Terms", 10), ("Next steps", 5)]),
    ("Workshop prep", [("Audience", 5), ("Agenda", 15), ("Logistics", 5)]),
    ("Steering committee", [("Status", 10), ("Escalations", 10), ("Decisions", 10)]),
    ("Intro call", [("Who we are", 5), ("Their situation", 15), ("Fit", 5)]),
]
OUTCOMES = [
    "Agreed on scope for phase one.",
    "They will take the proposal to their board.",
    "Pilot extended by a month.",
    "Budget approved in principle.",
    "Two open questions on pricing.",
    "Priorities for the quarter settled.",
    "Renewal likely; legal to review terms.",
    "",
]
NEXT_STEPS = [
    "Send the revised proposal",
    "Share the meeting notes",
    "Book the follow-up workshop",
    "Introduce them to the data team",
    "Draft the statement of work",
    "Check in after their offsite",
]
NOTES = [
    "Good energy; they are under time pressure.",
    "Their CFO joined for the last ten minutes.",
    "Mentioned a reorganisation coming in the autumn.",
    "Prefer short written updates over calls.",
    "Asked for references from similar clients.",
    "",
]


def add_meetings(
    session: Session, *, contact_ids: list[int], count: int, rng: random.Random, now: datetime
) -> int:
    """Add ``count`` ended meetings, oldest first, the last one a few days before ``now``."""
    if count <= 0 or not contact_ids:
        return 0
    regulars = rng.sample(contact_ids, min(REGULARS, len(contact_ids)))
    chatty = set(regulars[:CHATTY])
    days = sorted(rng.uniform(2, DAYS_BACK) for _ in range(count))[::-1]  # furthest back first
    for days_ago in days:
        day = (now - timedelta(days=days_ago)).replace(minute=0, second=0, microsecond=0)
        start = day.replace(
            hour=rng.choice([8, 9, 10, 12, 13, 14, 15]), minute=rng.choice([0, 0, 30])
        )
        clock = FakeClock(min(start, now - timedelta(hours=2)))
        _one_meeting(session, rng, clock, regulars, chatty, contact_ids)
    return count


def _attendees(rng: random.Random, regulars: list[int], everyone: list[int]) -> list[int]:
    first = rng.choice(regulars) if rng.random() < 0.7 else rng.choice(everyone)
    others = [rng.choice(everyone) for _ in range(rng.choices([0, 1, 2], [70, 22, 8])[0])]
    return list(dict.fromkeys([first, *others]))


def _one_meeting(session, rng, clock: FakeClock, regulars, chatty, everyone) -> None:
    attendees = _attendees(rng, regulars, everyone)
    length = rng.choices([25, 30, 45, 60], [20, 35, 35, 10])[0]
    title, agenda = rng.choice(AGENDAS)
    planned = scale_to_fit([m * MINUTE for _, m in agenda], length * MINUTE)
    draft = MeetingDraft(
        attendees,
        title=title if rng.random() < 0.8 else "",  # the rest get "Meeting with …"
        length_minutes=length,
        items=[AgendaDraft(t, ms // MINUTE) for (t, _), ms in zip(agenda, planned, strict=True)],
        over_rule_confirmed=length > 45,
    )
    meeting = meetings.start_meeting(session, draft=draft, clock=clock)
    timer = meetings.saved_timer(meeting)
    # How this one went: usually a little early, sometimes over (more often with the chatty).
    over_odds = 0.6 if chatty & set(attendees) else 0.15
    factor = rng.uniform(1.05, 1.4) if rng.random() < over_odds else rng.uniform(0.7, 1.0)
    for i, item_ms in enumerate(planned):
        clock.advance(seconds=round(item_ms / 1000 * factor * rng.uniform(0.85, 1.15)))
        if rng.random() < 0.06:  # a phone call, a fire drill
            timer.pause(now_ms(clock))
            clock.advance(minutes=rng.randint(2, 8))
            timer.resume(now_ms(clock))
        if i < len(planned) - 1:
            timer.next_item(now_ms(clock))
    follow = rng.random() < 0.5
    meetings.end_meeting(
        session,
        meeting_id=meeting.id,
        timer=timer,
        summary=MeetingSummary(
            notes=rng.choice(NOTES),
            outcomes=rng.choice(OUTCOMES),
            next_step=rng.choice(NEXT_STEPS) if rng.random() < 0.8 else "",
            next_touch_on=(clock.now() + timedelta(days=rng.randint(7, 30))).date()
            if follow
            else None,
        ),
        clock=clock,
    )
