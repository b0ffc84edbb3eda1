"""In-memory readers and a small address book for capture tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from prm.core import contacts
from prm.core.capture import sources
from prm.core.capture.book import set_my_addresses
from prm.core.capture.observations import CalendarEvent, Checkpoint, MailMessage, Person
from prm.core.capture.source_config import SourceConfig
from prm.core.drafts import ContactDraft, LabeledValue

ME = "me@example.org"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def make_people(store, clock, *names_emails):
    """``("Ann Lee", "ann@x.org"), ...`` -> contact ids; my address set to ME."""
    with store.transaction() as session:
        set_my_addresses(session, [ME])
        ids = []
        for name, email in names_emails:
            given, _, family = name.partition(" ")
            draft = ContactDraft(
                given_name=given,
                family_name=family,
                emails=[LabeledValue(email)] if email else [],
            )
            ids.append(contacts.create_contact(session, draft=draft, clock=clock).id)
        return ids


def add_source(store, clock, kind="mbox", *, auto_accept=False):
    with store.transaction() as session:
        return sources.add_source(
            session,
            SourceConfig(kind, "/tmp/somewhere", "ann" if kind in ("imap", "caldav") else ""),
            clock=clock,
            auto_accept=auto_accept,
        ).id


def mail(key, frm, to, *, hours=0, subject="Hello", thread="", bulk=False, cc=()):
    return MailMessage(
        key=key,
        sent_at=T0 + timedelta(hours=hours),
        sender=Person(frm),
        to=tuple(Person(a) for a in to),
        cc=tuple(Person(a) for a in cc),
        subject=subject,
        references=(thread,) if thread and thread != key else (),
        bulk=bulk,
    )


def event(key, title, emails=(), *, hours=0, minutes=60, location="", calendar="Work", **kw):
    start = T0 + timedelta(hours=hours)
    return CalendarEvent(
        key=key,
        title=title,
        start=start,
        end=start + timedelta(minutes=minutes),
        location=location,
        organizer=Person(ME),
        attendees=tuple(Person(e) for e in emails),
        calendar=calendar,
        **kw,
    )


class FakeReader:
    """Yields ``items`` with a Checkpoint after every ``every`` of them; resumes
    from the state's position; can fail after ``fail_after`` items."""

    def __init__(self, items, *, every=3, fail_after=None, error=None):
        self.items, self.every, self.fail_after, self.error = list(items), every, fail_after, error

    def __call__(self, state, *, since):
        # Resume only over the same items (a test may feed a source new ones).
        tag = "|".join(getattr(i, "key", "") for i in self.items)
        start = int(state.get("pos", 0)) if state.get("tag") == tag else 0
        for i in range(start, len(self.items)):
            if self.fail_after is not None and i >= self.fail_after:
                raise self.error
            yield self.items[i]
            if (i + 1) % self.every == 0:
                yield Checkpoint({"pos": i + 1, "tag": tag})
        yield Checkpoint({"pos": len(self.items), "tag": tag})

    def opener(self):
        return lambda config, *, password, zone: self
