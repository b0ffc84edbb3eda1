"""A birthday with a year cannot be after the user's today (issue 13); year-less is fine."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from prm.core import contact_list, contacts
from prm.core.clock import FakeClock
from prm.core.drafts import ContactDraft
from prm.core.errors import ValidationError


def test_a_birthday_in_2031_is_refused_and_nothing_is_written(store, clock):
    with pytest.raises(ValidationError) as caught, store.transaction() as session:
        contacts.create_contact(
            session, draft=ContactDraft(given_name="Ann", birthday="2031-05-04"), clock=clock
        )
    assert set(caught.value.errors) == {"birthday"}
    assert "4 May 2031 is in the future" in caught.value.errors["birthday"]
    with store.reading() as session:
        assert contact_list.count_contacts(session) == 0


def test_an_edit_cannot_move_a_birthday_into_the_future(store, clock):
    with store.transaction() as session:
        ann = contacts.create_contact(
            session, draft=ContactDraft(given_name="Ann", birthday="1980-05-04"), clock=clock
        )
        ann_id = ann.id
    with pytest.raises(ValidationError) as caught, store.transaction() as session:
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=ann_id))
        draft.birthday = "2031-05-04"
        contacts.update_contact(session, contact_id=ann_id, draft=draft, clock=clock)
    assert "birthday" in caught.value.errors
    with store.reading() as session:
        assert contacts.get_contact(session, contact_id=ann_id).birthday_year == 1980


@pytest.mark.parametrize("birthday", ["--05-04", "05-04", "2026-03-14", "1990-12-31"])
def test_year_less_today_and_past_birthdays_are_fine(store, clock, birthday):
    # The clock's today is 2026-03-14.
    with store.transaction() as session:
        contact = contacts.create_contact(
            session, draft=ContactDraft(given_name="Ann", birthday=birthday), clock=clock
        )
        assert contact.birthday_month in (5, 3, 12)


def test_today_is_the_users_day_not_utcs(store):
    """20:00 UTC on 14 March is already 15 March in Auckland: a baby born there today is fine."""
    clock = FakeClock(datetime(2026, 3, 14, 20, 0, tzinfo=UTC))
    draft = ContactDraft(given_name="Kiri", birthday="2026-03-15")
    with store.transaction() as session:
        contacts.create_contact(
            session, draft=draft, clock=clock, zone=ZoneInfo("Pacific/Auckland")
        )
    with pytest.raises(ValidationError), store.transaction() as session:
        contacts.create_contact(session, draft=draft, clock=clock, zone=UTC)


def test_cleaned_takes_today_from_the_caller():
    draft = ContactDraft(given_name="Ann", birthday="2026-03-15")
    assert draft.cleaned(today=date(2026, 3, 15)).birthday == "2026-03-15"
    with pytest.raises(ValidationError):
        draft.cleaned(today=date(2026, 3, 14))
