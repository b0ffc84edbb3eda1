"""The pre-meeting brief: walk in knowing the history of everyone at the table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from prm.core.models import Contact, parse_db_timestamp
from prm.core.timeline import TimelineEntry, contact_timeline

if TYPE_CHECKING:
    from prm.core.advocacy.profile import ContactAdvocacy

RECENT_TOUCHES = 3
UPCOMING_DAYS = 60


@dataclass
class AttendeeBrief:
    contact_id: int
    name: str
    organization: str
    title: str
    preferred_channel: str
    preferences: dict[str, str]  # label -> text, only the ones filled in
    last_touches: list[TimelineEntry]
    open_follow_ups: list[tuple[date, str]]  # due date, what
    replies_owed: list[tuple[datetime, str]]  # received, what
    upcoming_events: list[tuple[date, str]] = field(default_factory=list)
    gifts_given: list[tuple[date | None, str]] = field(default_factory=list)
    articles_sent: list[tuple[datetime, str]] = field(default_factory=list)
    last_meeting: tuple[datetime, str, str, str] | None = None  # when, notes, outcomes, next step
    # prm.core.advocacy.profile.ContactAdvocacy: referrals, introductions, value
    advocacy: ContactAdvocacy | None = None


PREFERENCE_LABELS = {
    "pref_coffee": "Coffee",
    "pref_food": "Food",
    "pref_dietary": "Dietary",
    "pref_culture": "Culture",
}


def meeting_brief(session: Session, *, contact_ids: list[int], today: date) -> list[AttendeeBrief]:
    return [b for b in (_brief(session, cid, today) for cid in contact_ids) if b is not None]


def _brief(session: Session, contact_id: int, today: date) -> AttendeeBrief | None:
    from prm.core import article_shares, meeting_history
    from prm.core import gifts as gift_service
    from prm.core.advocacy.profile import contact_advocacy

    contact = session.get(Contact, contact_id)
    if contact is None or contact.deleted_at is not None:
        return None
    conn = session.connection()
    follow_ups = [
        (date.fromisoformat(due), summary or channel)
        for due, summary, channel in conn.exec_driver_sql(
            "SELECT t.follow_up_on, t.summary, t.channel FROM touch_participant p"
            " JOIN touch t ON t.id = p.touch_id WHERE p.contact_id = ?"
            " AND t.follow_up_on IS NOT NULL AND t.follow_up_done = 0 AND t.deleted_at IS NULL"
            " ORDER BY t.follow_up_on",
            (contact_id,),
        )
    ]
    owed = [
        (parse_db_timestamp(at), summary or channel)
        for at, summary, channel in conn.exec_driver_sql(
            "SELECT t.occurred_at, t.summary, t.channel FROM touch_participant p"
            " JOIN touch t ON t.id = p.touch_id WHERE p.contact_id = ?"
            " AND t.needs_reply = 1 AND t.replied_at IS NULL AND t.deleted_at IS NULL"
            " ORDER BY t.occurred_at",
            (contact_id,),
        )
    ]
    given = [
        (g.on_date, g.description)
        for g in gift_service.list_gifts(session, contact_id=contact_id)
        if g.status == gift_service.GIVEN
    ]
    sent = sorted(
        (
            (e.at, e.summary)
            for e in article_shares.timeline_entries(session, contact_id=contact_id)
        ),
        reverse=True,
    )
    last = meeting_history.last_meeting_notes(session, contact_id=contact_id)
    return AttendeeBrief(
        contact_id=contact_id,
        name=contact.display_name,
        organization=contact.organization,
        title=contact.title,
        preferred_channel=contact.preferred_channel,
        preferences={
            label: getattr(contact, key)
            for key, label in PREFERENCE_LABELS.items()
            if getattr(contact, key)
        },
        last_touches=contact_timeline(session, contact_id=contact_id, limit=RECENT_TOUCHES),
        open_follow_ups=follow_ups,
        replies_owed=owed,
        upcoming_events=_upcoming_events(session, contact_id, today),
        gifts_given=given,
        articles_sent=sent,
        last_meeting=(last.started_at, last.notes, last.outcomes, last.next_step) if last else None,
        advocacy=contact_advocacy(session, contact_id=contact_id, today=today),
    )


def _upcoming_events(session: Session, contact_id: int, today: date) -> list[tuple[date, str]]:
    """Their events, birthday and anniversary in the next 60 days: go there, or say so."""
    from prm.core.upcoming import upcoming

    return [
        (o.on, o.what + (f" ({o.years_text})" if o.years_text else ""))
        for o in upcoming(session, today=today, days=UPCOMING_DAYS, contact_ids=[contact_id])
    ]
