"""The contact list in another order than the address book's, sorted by the store."""

from __future__ import annotations

import pytest

from prm.core import contact_list, contacts
from prm.core.drafts import ContactDraft, LabeledValue


def _add(store, clock, given: str, **fields) -> int:
    with store.transaction() as session:
        draft = ContactDraft(given_name=given, family_name="Test", **fields)
        return contacts.create_contact(session, draft=draft, clock=clock).id


def _ids(store, **kwargs) -> list[int]:
    with store.reading() as session:
        return contact_list.list_contact_ids(session, **kwargs)


def test_text_columns_sort_case_blind_with_blanks_last_both_ways(store, clock):
    a = _add(store, clock, "Ann", title="cto", emails=[LabeledValue("zed@example.com")])
    b = _add(store, clock, "Bob", title="Analyst", emails=[LabeledValue("amy@example.com")])
    c = _add(store, clock, "Cy")
    assert _ids(store, sort="title") == [b, a, c]
    assert _ids(store, sort="title", descending=True) == [a, b, c]
    assert _ids(store, sort="email") == [b, a, c]
    assert _ids(store, sort="name", descending=True) == [c, b, a]
    assert _ids(store, query="ann", sort="title") == [a]


def test_an_unknown_order_is_refused(store, clock):
    _add(store, clock, "Ann")
    with pytest.raises(ValueError):
        _ids(store, sort="shoe_size")
