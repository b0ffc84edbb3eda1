"""A new contact with the same name and email as a live one is not saved silently (issue 13)."""

from __future__ import annotations

import pytest

from prm.core import contact_list, contacts
from prm.core.drafts import ContactDraft, LabeledValue
from prm.core.errors import KnownError, PossibleDuplicateError


def _ann(email: str = "ann@example.com", **kw) -> ContactDraft:
    return ContactDraft(
        given_name=kw.pop("given", "Ann"),
        family_name="Lee",
        emails=[LabeledValue(email, "work")],
        **kw,
    )


@pytest.fixture
def ann_id(store, clock) -> int:
    with store.transaction() as session:
        return contacts.create_contact(session, draft=_ann(), clock=clock).id


def test_same_name_and_email_raises_naming_the_existing_contact(store, clock, ann_id):
    with pytest.raises(PossibleDuplicateError) as caught, store.transaction() as session:
        contacts.create_contact(session, draft=_ann("ANN@example.com", given=" ann "), clock=clock)
    assert isinstance(caught.value, KnownError)
    assert caught.value.existing_id == ann_id
    assert caught.value.existing_name == "Ann Lee"
    assert f"#{ann_id} Ann Lee" in caught.value.message
    with store.reading() as session:
        assert contact_list.count_contacts(session) == 1


def test_allow_duplicate_saves_a_second_one(store, clock, ann_id):
    with store.transaction() as session:
        contacts.create_contact(session, draft=_ann(), clock=clock, allow_duplicate=True)
    with store.reading() as session:
        assert contact_list.count_contacts(session) == 2


@pytest.mark.parametrize(
    "draft",
    [
        _ann("other@example.com"),  # same name, other email
        _ann(given="Bo"),  # same email, other name
        ContactDraft(given_name="Ann", family_name="Lee"),  # no email
    ],
    ids=["other email", "other name", "no email"],
)
def test_only_name_and_email_together_count(store, clock, ann_id, draft):
    with store.transaction() as session:
        contacts.create_contact(session, draft=draft, clock=clock)


def test_a_trashed_contact_does_not_count(store, clock, ann_id):
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[ann_id], clock=clock)
    with store.transaction() as session:
        contacts.create_contact(session, draft=_ann(), clock=clock)
