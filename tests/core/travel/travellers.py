"""People to plan trips around, shared by the core and UI travel tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from prm.core import contacts
from prm.core.clock import FakeClock
from prm.core.drafts import AddressDraft, ContactDraft
from prm.core.touches import TouchDraft, log_touch


def add_person(store, clock, given, city, *, days_ago=None, cadence=None, owed=False, **fields):
    """A contact living in ``city``: last called ``days_ago`` days ago, on a ``cadence``
    rhythm, owed a reply since 12 March 2026 when ``owed``."""
    with store.transaction() as session:
        cid = contacts.create_contact(
            session,
            draft=ContactDraft(given_name=given, family_name="X", cadence_days=cadence,
                               addresses=[AddressDraft(locality=city)], **fields),
            clock=FakeClock(clock.now() - timedelta(days=800)),
        ).id  # fmt: skip
        if days_ago is not None:
            draft = TouchDraft([cid], "call", occurred_at=clock.now() - timedelta(days=days_ago))
            log_touch(session, draft=draft, clock=clock)
        if owed:
            draft = TouchDraft([cid], "email", direction="in", needs_reply=True,
                               occurred_at=datetime(2026, 3, 12, 10, tzinfo=UTC))  # fmt: skip
            log_touch(session, draft=draft, clock=clock)
    return cid
