"""What an observation means for the relationships: pure rules, no database.

``propose`` turns one event or message into a ``Proposed`` touch, or ``None``
when it is not a relationship moment (bulk mail, a robot sender, a crowd, a
declined or cancelled event, a holiday, something not yet happened, something
the user said to ignore, or no contact involved). The people are matched to
contacts through a ``Book`` (built once per run by :mod:`.book`); people who
are not contacts stay on the proposal with ``contact_id=None`` and become
"new contacts?" suggestions, never contacts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from prm.core.capture.observations import CalendarEvent, MailMessage, Person
from prm.core.text_fold import words

MAX_PEOPLE = 15
# Longest contact name (in words) looked for in an event's title.
MAX_NAME_WORDS = 5
# Senders that are machines or broadcasts, by the part before the @.
_ROBOT_LOCAL = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]daemon|postmaster|bounces?"
    r"|notifications?|notify|info|newsletters?|news|marketing|alerts?)(?:[-_.+].*)?$"
)
_PHONE = re.compile(r"^\s*(?:tel:)?\+?[\d\s().\-/]{6,}\s*$")
_URL = re.compile(r"https?://", re.IGNORECASE)


@dataclass(frozen=True)
class Book:
    """What the rules need to know about the user's contacts and wishes."""

    emails: Mapping[str, int] = field(default_factory=dict)  # lower-cased email -> contact id
    # A contact's display name, folded into words -> contact id (unambiguous names only).
    names: Mapping[tuple[str, ...], int] = field(default_factory=dict)
    mine: frozenset[str] = frozenset()  # my own addresses, lower-cased
    ignored_senders: frozenset[str] = frozenset()
    ignored_domains: frozenset[str] = frozenset()
    ignored_calendars: frozenset[str] = frozenset()  # folded names


@dataclass(frozen=True)
class ProposedPerson:
    email: str
    name: str = ""
    contact_id: int | None = None


@dataclass(frozen=True)
class Proposed:
    """A touch the queue will offer; ``needs_reply`` is settled by the queue
    against the thread's other messages."""

    item_kind: str  # "event" | "message"
    key: str
    occurred_at: datetime
    channel: str
    direction: str
    summary: str
    people: tuple[ProposedPerson, ...]
    duration_minutes: int | None = None
    needs_reply: bool = False
    thread: str = ""
    calendar: str = ""
    sender: str = ""
    location: str = ""  # an event's LOCATION

    @property
    def contact_ids(self) -> list[int]:
        return list(dict.fromkeys(p.contact_id for p in self.people if p.contact_id is not None))


def propose(item: CalendarEvent | MailMessage, book: Book, *, now: datetime) -> Proposed | None:
    if isinstance(item, CalendarEvent):
        return propose_event(item, book, now=now)
    return propose_message(item, book)


def is_robot(email: str) -> bool:
    return bool(_ROBOT_LOCAL.match(email.partition("@")[0].lower()))


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()


def _people(persons: list[Person], book: Book) -> tuple[ProposedPerson, ...]:
    seen: dict[str, ProposedPerson] = {}
    for p in persons:
        email = p.email.lower()
        if not email or email in book.mine or email in seen:
            continue
        seen[email] = ProposedPerson(email, p.name, book.emails.get(email))
    return tuple(seen.values())


def named_in(title: str, book: Book) -> list[int]:
    """Contacts whose whole display name appears in ``title`` as words."""
    found: list[int] = []
    tokens = words(title)
    for size in range(min(MAX_NAME_WORDS, len(tokens)), 1, -1):
        for start in range(len(tokens) - size + 1):
            cid = book.names.get(tokens[start : start + size])
            if cid is not None and cid not in found:
                found.append(cid)
    return found


def event_channel(event: CalendarEvent) -> str:
    if event.conference_url or _URL.search(event.location):
        return "video"
    if event.location and _PHONE.match(event.location):
        return "call"
    return "meeting"


def propose_event(event: CalendarEvent, book: Book, *, now: datetime) -> Proposed | None:
    if event.cancelled or event.start > now:
        return None
    if words(event.calendar) and " ".join(words(event.calendar)) in book.ignored_calendars:
        return None
    everyone = [*([event.organizer] if event.organizer else []), *event.attendees]
    if any(p.email.lower() in book.mine and p.status == "declined" for p in everyone):
        return None
    if len({p.email.lower() for p in everyone if p.email}) > MAX_PEOPLE:
        return None
    if event.all_day and not event.attendees:
        return None  # holidays, birthdays, "office closed"
    people = list(_people(everyone, book))
    known = {p.contact_id for p in people}
    for cid in named_in(event.title, book):
        if cid not in known:
            people.append(ProposedPerson("", "", cid))
    if not people:
        return None  # nobody but me: a note to self, a focus block
    duration = None
    if event.end is not None and not event.all_day:
        duration = max(0, min(24 * 60, int((event.end - event.start).total_seconds() // 60)))
    return Proposed(
        item_kind="event",
        key=event.key,
        occurred_at=event.start,
        channel=event_channel(event),
        direction="out",
        summary=event.title.strip(),
        people=tuple(people),
        duration_minutes=duration,
        calendar=event.calendar,
        location=event.location.strip(),
    )


def propose_message(msg: MailMessage, book: Book) -> Proposed | None:
    sender = msg.sender.email.lower()
    if msg.bulk or is_robot(sender):
        return None
    if sender in book.ignored_senders or domain_of(sender) in book.ignored_domains:
        return None
    everyone = {p.email.lower() for p in (msg.sender, *msg.to, *msg.cc) if p.email}
    if len(everyone) > MAX_PEOPLE:
        return None
    outbound = sender in book.mine
    parties = _people([*msg.to, *msg.cc] if outbound else [msg.sender], book)
    if not parties:
        return None
    # Someone not yet a contact is kept too: they appear under "New contacts?",
    # and once added as a contact the proposal waits like any other.
    return Proposed(
        item_kind="message",
        key=msg.key,
        occurred_at=msg.sent_at,
        channel="email",
        direction="out" if outbound else "in",
        summary=msg.subject.strip(),
        people=parties,
        needs_reply=not outbound,
        thread=msg.thread,
        sender=sender,
    )
