"""Gifts: what the user types, the "already given" warning, the touch a gift logs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from prm.core import contacts, gifts, touches
from prm.core.drafts import ContactDraft
from prm.core.errors import ValidationError
from prm.core.gifts import AlreadyGivenError, GiftDraft
from prm.core.models import Contact, Touch
from prm.core.timeline import contact_timeline

TODAY = date(2026, 3, 14)  # the conftest clock's day


@pytest.fixture
def ann(store, clock):
    with store.transaction() as session:
        return contacts.create_contact(
            session, draft=ContactDraft(given_name="Ann"), clock=clock
        ).id


def add(store, clock, contact_id, description, **fields):
    allow_again = fields.pop("allow_again", False)
    draft = GiftDraft(contact_id=contact_id, description=description, **fields)
    with store.transaction() as session:
        return gifts.add_gift(session, draft=draft, clock=clock, allow_again=allow_again).id


def errors_of(draft: GiftDraft) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        draft.cleaned()
    return caught.value.errors


def last_touch(store, contact_id):
    with store.reading() as session:
        return session.get(Contact, contact_id).last_touch_at


# --- what the user types -----------------------------------------------------------


def test_every_bad_field_is_reported_at_once_by_name():
    errors = errors_of(
        GiftDraft(
            contact_id=1,
            description="  ",
            status="lost",
            on_date="2026-02-31",
            price="abc",
            currency="euro",
            url="not a url",
        )
    )
    assert errors["description"] == "Say what the gift is."
    assert "lost" in errors["status"]
    assert errors["on_date"] == "2026-02-31 is not a real date"
    assert errors["price"] == "“abc” is not a price; type a number like 12.50"
    assert "three letters" in errors["currency"]
    assert "not a web address" in errors["url"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12.5", "12.50"),
        ("12,50", "12.50"),
        ("1 234.50", "1234.50"),
        ("1.234,50", "1234.50"),
        ("7", "7.00"),
        ("0.125", "0.125"),
    ],
)
def test_prices_are_kept_as_exact_decimal_text(typed, stored):
    assert GiftDraft(contact_id=1, description="x", price=typed).cleaned().price == stored


def test_a_negative_price_names_the_price():
    assert (
        "price cannot be negative"
        in errors_of(GiftDraft(contact_id=1, description="x", price="-5"))["price"]
    )


def test_dates_can_be_written_out_and_need_a_year():
    assert (
        GiftDraft(contact_id=1, description="x", on_date="3 March 2025").cleaned().on_date
        == "2025-03-03"
    )
    assert errors_of(GiftDraft(contact_id=1, description="x", on_date="31 February 2026"))[
        "on_date"
    ] == ("2026-02-31 is not a real date")
    assert (
        "needs a year"
        in errors_of(GiftDraft(contact_id=1, description="x", on_date="03-14"))["on_date"]
    )


def test_clean_values_are_normalized():
    clean = GiftDraft(
        contact_id=1, description="  Coffee   beans ", currency="eur", url="shop.example/beans"
    ).cleaned()
    assert (clean.description, clean.currency, clean.url) == (
        "Coffee beans",
        "EUR",
        "https://shop.example/beans",
    )


def test_a_gift_given_without_a_date_was_given_today(store, clock, ann):
    add(store, clock, ann, "Wine", status="given")
    with store.reading() as session:
        assert gifts.list_gifts(session, contact_id=ann)[0].on_date == TODAY


def test_a_given_gift_cannot_be_dated_in_the_future(store, clock, ann):
    with pytest.raises(ValidationError) as caught:
        add(store, clock, ann, "Wine", status="given", on_date="2026-04-01")
    assert "future" in caught.value.errors["on_date"]


# --- "you already gave them that" --------------------------------------------------


def test_same_description_ignoring_case_and_spacing_is_the_same_gift(store, clock, ann):
    add(store, clock, ann, "Coffee beans", status="given", on_date="2025-03-03")
    with pytest.raises(AlreadyGivenError) as caught:
        add(store, clock, ann, "  coffee   BEANS ", status="given")
    assert caught.value.message == "You gave Ann “Coffee beans” on 3 March 2025."


def test_same_url_is_the_same_gift_whatever_its_spelling(store, clock, ann):
    add(store, clock, ann, "Book", status="given", url="https://www.shop.example/item/42/")
    with store.reading() as session:
        found = gifts.same_gift_given(
            session, contact_id=ann, description="A novel", url="shop.example/item/42"
        )
        assert found is not None and found.description == "Book"
        assert (
            gifts.same_gift_given(
                session, contact_id=ann, description="A novel", url="shop.example/item/43"
            )
            is None
        )


def test_ideas_and_other_peoples_gifts_do_not_count(store, clock, ann):
    with store.transaction() as session:
        bob = contacts.create_contact(session, draft=ContactDraft(given_name="Bob"), clock=clock).id
    add(store, clock, ann, "Tea", status="idea")
    add(store, clock, bob, "Tea", status="given")
    add(store, clock, ann, "Tea", status="given")  # no warning: Ann was never given tea
    with store.reading() as session:
        assert gifts.same_gift_given(session, contact_id=ann, description="tea", url="") is not None


def test_giving_again_is_allowed_when_asked(store, clock, ann):
    add(store, clock, ann, "Tea", status="given")
    add(store, clock, ann, "Tea", status="given", allow_again=True)
    with store.reading() as session:
        assert len(gifts.list_gifts(session, contact_id=ann)) == 2


# --- the touch a given gift logs ---------------------------------------------------


def test_marking_given_logs_a_gift_touch_and_moves_last_touch(store, clock, ann):
    idea = add(store, clock, ann, "Olive oil", occasion="birthday")
    assert last_touch(store, ann) is None
    with store.transaction() as session:
        gift = gifts.mark_given(session, gift_id=idea, clock=clock)
        touch = session.get(Touch, gift.touch_id)
        assert (gift.status, gift.on_date) == ("given", TODAY)
        assert (touch.channel, touch.direction, touch.summary) == (
            "gift",
            "out",
            "Gift: Olive oil (birthday)",
        )
    assert last_touch(store, ann) == clock.now()


def test_a_gift_given_on_an_earlier_day_is_a_touch_on_that_day(store, clock, ann):
    idea = add(store, clock, ann, "Scarf")
    with store.transaction() as session:
        gifts.mark_given(session, gift_id=idea, on=date(2026, 3, 1), clock=clock)
    assert last_touch(store, ann) == datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_undoing_mark_given_trashes_the_touch_and_redo_brings_it_back(store, clock, ann):
    idea = add(store, clock, ann, "Chocolate")
    with store.reading() as session:
        before = gifts.row_of(session, gifts.get_gift(session, gift_id=idea)).draft()
    with store.transaction() as session:
        touch_id = gifts.mark_given(session, gift_id=idea, clock=clock).touch_id
    clock.advance(minutes=5)
    with store.transaction() as session:  # what Undo does: put the draft back
        gifts.update_gift(session, gift_id=idea, draft=before, clock=clock)
    assert last_touch(store, ann) is None
    with store.reading() as session:
        assert session.get(Touch, touch_id).deleted_at is not None
    with store.transaction() as session:  # Redo
        assert gifts.mark_given(session, gift_id=idea, clock=clock).touch_id == touch_id
    assert last_touch(store, ann) is not None


def test_trashing_a_given_gift_trashes_its_touch(store, clock, ann):
    gift_id = add(store, clock, ann, "Flowers", status="given")
    assert last_touch(store, ann) == clock.now()
    with store.transaction() as session:
        gifts.trash_gift(session, gift_id=gift_id, clock=clock)
    assert last_touch(store, ann) is None
    with store.transaction() as session:
        gifts.restore_gift(session, gift_id=gift_id, clock=clock)
    assert last_touch(store, ann) == clock.now()


def test_redating_a_given_gift_moves_its_touch(store, clock, ann):
    gift_id = add(store, clock, ann, "Flowers", status="given")
    with store.transaction() as session:
        draft = gifts.row_of(session, gifts.get_gift(session, gift_id=gift_id)).draft()
        draft.on_date = "2026-02-02"
        gifts.update_gift(session, gift_id=gift_id, draft=draft, clock=clock)
    assert last_touch(store, ann) == datetime(2026, 2, 2, 12, tzinfo=UTC)


# --- the overview and the timeline -------------------------------------------------


def test_overview_groups_ideas_upcoming_and_given_this_year(store, clock, ann):
    add(store, clock, ann, "Undated idea")
    add(store, clock, ann, "Birthday idea", on_date="2026-04-02")
    add(store, clock, ann, "Too far", on_date="2026-06-01")
    add(store, clock, ann, "Given today", status="given", on_date="2026-03-14")
    add(store, clock, ann, "Received soon", status="received", on_date="2026-03-20")
    add(store, clock, ann, "Given in January", status="given", on_date="2026-01-05")
    add(store, clock, ann, "Given last year", status="given", on_date="2025-12-24")
    with store.reading() as session:
        view = gifts.gifts_overview(session, today=clock.now().date())

    def names(rows):
        return [r.description for r in rows]

    assert names(view.open_ideas) == ["Birthday idea", "Too far", "Undated idea"]
    assert names(view.upcoming) == ["Given today", "Birthday idea"]
    assert names(view.given_this_year) == ["Given today", "Given in January"]


def test_overview_moves_with_the_clock(store, clock, ann):
    add(store, clock, ann, "Birthday idea", on_date="2026-04-02")
    clock.set(datetime(2026, 4, 3, 9, tzinfo=UTC))
    with store.reading() as session:
        assert gifts.gifts_overview(session, today=clock.now().date()).upcoming == []


def test_a_trashed_contacts_gifts_leave_the_lists(store, clock, ann):
    add(store, clock, ann, "Tea")
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[ann], clock=clock)
    with store.reading() as session:
        assert gifts.list_gifts(session) == []
        assert gifts.gifts_overview(session, today=TODAY).open_ideas == []


def test_timeline_shows_gifts_among_touches_and_a_given_gift_once(store, clock, ann):
    with store.transaction() as session:
        touches.log_touch(
            session,
            draft=touches.TouchDraft(
                contact_ids=[ann], channel="call", occurred_at=clock.now() - timedelta(days=3)
            ),
            clock=clock,
        )
    clock.advance(hours=1)
    given = add(store, clock, ann, "Wine", status="given")
    clock.advance(minutes=1)
    idea = add(store, clock, ann, "Book")
    with store.reading() as session:
        entries = contact_timeline(session, contact_id=ann)
    assert [(e.kind, e.channel) for e in entries] == [
        ("gift", "idea"),
        ("gift", "given"),
        ("touch", "call"),
    ]
    wine = entries[1]
    assert (wine.id, wine.direction, wine.summary) == (
        given,
        "out",
        "Wine",
    ) and wine.touch_id is not None
    assert entries[0].id == idea
