"""What a reader saw in a calendar or a mailbox, before anyone decides what it means.

Readers yield these and nothing else: the proposer never sees a file, a socket
or a server's quirks, and a reader never sees the contacts. Every item carries
a ``key`` that names it forever (an event's UID plus its recurrence id, a
message's Message-ID), so a second run, a resumed run or another copy of the
same mail never proposes the same thing twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Person:
    """Someone named in a header or an invitation; ``email`` is lower-cased."""

    email: str
    name: str = ""
    # An invitation's PARTSTAT for this attendee: "accepted", "declined",
    # "tentative", "needs-action", or "" when the source does not say.
    status: str = ""


@dataclass(frozen=True)
class CalendarEvent:
    """One occurrence of a calendar event (a recurring event yields one per occurrence)."""

    key: str  # UID, plus "/" and the recurrence id in UTC for an occurrence of a series
    title: str
    start: datetime  # aware; a floating time is read in the user's zone
    end: datetime | None
    all_day: bool = False
    location: str = ""
    conference_url: str = ""  # a video link from the location, URL, description or X- property
    organizer: Person | None = None
    attendees: tuple[Person, ...] = ()
    cancelled: bool = False  # STATUS:CANCELLED
    calendar: str = ""  # the calendar's name, for "always ignore this calendar"


@dataclass(frozen=True)
class MailMessage:
    """The headers of one message; the body is never read or kept."""

    key: str  # the Message-ID without <>; a digest of the headers when it has none
    sent_at: datetime  # aware (Date:, else the server's internal date)
    sender: Person
    to: tuple[Person, ...] = ()
    cc: tuple[Person, ...] = ()
    subject: str = ""
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    # List-Unsubscribe / List-Id, Precedence: bulk|list|junk, Auto-Submitted other than "no".
    bulk: bool = False
    folder: str = ""

    @property
    def thread(self) -> str:
        """The thread's first message id, as the message itself names it."""
        return self.references[0] if self.references else (self.in_reply_to or self.key)


@dataclass(frozen=True)
class ReadProblem:
    """An item that could not be read: reported with where it came from, then skipped."""

    where: str  # "calendar.ics, event 12" / "INBOX, message UID 4411" / "mail/cur/1700-x.eml"
    message: str


@dataclass(frozen=True)
class Checkpoint:
    """The reader is past everything it yielded so far: saving ``state`` with the
    proposals made so far lets an interrupted run resume without repeats."""

    state: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None = None  # None when the reader cannot know (a stream)


Observation = CalendarEvent | MailMessage | ReadProblem | Checkpoint | Progress


class Reader(Protocol):
    """Reads one source from where its last run stopped (``state``, as the last
    Checkpoint left it; empty on a first run) back to ``since`` at most."""

    def __call__(
        self, state: Mapping[str, object], *, since: datetime
    ) -> Iterator[Observation]: ...
