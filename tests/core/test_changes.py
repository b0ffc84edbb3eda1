"""The change channel: every committed write says what it changed, whoever wrote."""

from __future__ import annotations

import pytest

from prm.core import contact_list, contacts, gifts, touches
from prm.core.changes import ANY, Changes
from prm.core.drafts import ContactDraft
from prm.core.touches import TouchDraft


@pytest.fixture
def heard(store):
    got: list[Changes] = []
    store.add_change_listener(got.append)
    return got


def add(store, clock, name: str) -> int:
    with store.transaction() as session:
        return contacts.create_contact(session, draft=ContactDraft(given_name=name), clock=clock).id


def test_a_new_contact_is_announced_with_its_id(store, clock, heard):
    ann = add(store, clock, "Ann")
    (changes,) = heard
    assert ann in changes.ids("contact") and changes.touched_contact(ann)
    assert not changes.touched({"touch", "gift"})


def test_a_logged_touch_names_its_participants(store, clock, heard):
    ann, bob = add(store, clock, "Ann"), add(store, clock, "Bob")
    heard.clear()
    with store.transaction() as session:
        touch = touches.log_touch(session, draft=TouchDraft([ann, bob], "call"), clock=clock)
    (changes,) = heard
    assert touch.id in changes.ids("touch")
    assert changes.contacts >= {ann, bob}


def test_editing_a_touch_names_its_participants_too(store, clock, heard):
    ann = add(store, clock, "Ann")
    with store.transaction() as session:
        touch_id = touches.log_touch(session, draft=TouchDraft([ann], "call"), clock=clock).id
    heard.clear()
    with store.transaction() as session:
        touches.update_touch(
            session, touch_id=touch_id, draft=TouchDraft([ann], "email", summary="x"), clock=clock
        )
    assert ann in heard[-1].contacts and touch_id in heard[-1].ids("touch")


def test_a_gift_names_its_person(store, clock, heard):
    ann = add(store, clock, "Ann")
    heard.clear()
    with store.transaction() as session:
        gifts.add_gift(
            session, draft=gifts.GiftDraft(contact_id=ann, description="Tea"), clock=clock
        )
    assert heard[-1].touched({"gift"}) and ann in heard[-1].contacts


def test_raw_sql_writes_are_caught_by_table(store, heard):
    with store.transaction() as session:
        session.connection().exec_driver_sql("UPDATE setting SET value = value")
        session.connection().exec_driver_sql("UPDATE contact SET notes = notes")
    assert heard[-1].row_changed("setting", 7) and heard[-1].ids("setting") == set()
    assert heard[-1].touched_contact(12345)  # a raw write to contact: anyone may have changed


def test_a_touch_does_not_look_like_a_change_to_everyone(store, clock, heard):
    ann, bob = add(store, clock, "Ann"), add(store, clock, "Bob")
    heard.clear()
    with store.transaction() as session:
        touches.log_touch(session, draft=TouchDraft([ann], "call"), clock=clock)
    assert heard[-1].touched_contact(ann) and not heard[-1].touched_contact(bob)


def test_a_read_or_a_rolled_back_write_announces_nothing(store, clock, heard):
    with store.reading() as session:
        contact_list.count_contacts(session)
    with pytest.raises(RuntimeError), store.transaction() as session:
        contacts.create_contact(session, draft=ContactDraft(given_name="Gone"), clock=clock)
        session.flush()
        raise RuntimeError("changed my mind")
    assert heard == []


def test_changes_combine():
    a = Changes(rows={"contact": frozenset({1})}, contacts=frozenset({1}))
    b = Changes(rows={"contact": frozenset({2}), "touch": ANY})
    both = a | b
    assert both.ids("contact") == {1, 2} and both.row_changed("touch", 99)
    assert not both.row_changed("gift", 1)
    assert (a | Changes.all()).everything
