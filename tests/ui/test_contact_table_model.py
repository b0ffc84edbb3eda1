"""The contact list model: correct for Qt, and lazy enough for 100k contacts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from prm.core import contact_list, contacts, demo
from prm.ui.contacts.contact_table_model import ContactTableModel


def _model(tasks, *, trashed: bool = False) -> ContactTableModel:
    model = ContactTableModel(tasks.read)
    model.set_ids(tasks.read(lambda s: contact_list.list_contact_ids(s, trashed=trashed)))
    return model


@pytest.mark.parametrize("count", [0, 1, 500])
def test_model_passes_qtmodeltester(qtmodeltester, tasks, store, clock, add_contact, count):
    if count == 1:
        add_contact("Ada", "Lovelace", emails=("ada@example.com",))
    elif count:
        demo.populate(store, contacts=count, seed=3, clock=clock)
    model = _model(tasks)
    assert model.rowCount() == count
    qtmodeltester.check(model, force_py=True)


def test_rows_show_name_organization_title_email_phone_last_touch(tasks, add_contact):
    contact_id = add_contact(
        "Ada", "Lovelace", emails=("ada@example.com",), organization="Analytical", title="Countess"
    )
    model = _model(tasks)
    row = model.row_for_id(contact_id)
    values = [model.index(row, column).data() for column in range(model.columnCount())]
    assert values == ["Ada Lovelace", "Analytical", "Countess", "ada@example.com", "", ""]
    assert model.index(row, ContactTableModel.NAME).data(ContactTableModel.IdRole) == contact_id
    assert model.headerData(ContactTableModel.EMAIL, Qt.Orientation.Horizontal) == "Email"


def test_rows_are_in_address_book_order(tasks, add_contact):
    add_contact("Zoe", "Adams")
    add_contact("Adam", "Zimmer")
    add_contact("Mia", "Berg")
    model = _model(tasks)
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert names == ["Zoe Adams", "Mia Berg", "Adam Zimmer"]


def test_only_pages_that_are_looked_at_are_fetched(tasks, store, clock):
    demo.populate(store, contacts=5000, seed=2, clock=clock)
    model = _model(tasks)
    assert model.rowCount() == 5000
    assert model.cached_row_count() == 0  # nothing fetched until someone looks

    model.index(4321, 0).data()
    assert model.cached_row_count() == ContactTableModel.PAGE_SIZE
    assert model.pages_fetched == 1
    model.index(4399, 3).data()  # same page: no new fetch
    assert model.pages_fetched == 1


def test_page_cache_is_bounded(tasks, store, clock):
    demo.populate(store, contacts=5000, seed=2, clock=clock)
    model = _model(tasks)
    for row in range(0, 5000, 50):  # scrolling through everything
        model.index(row, 0).data()
    limit = ContactTableModel.MAX_PAGES * ContactTableModel.PAGE_SIZE
    assert model.cached_row_count() <= limit < model.rowCount()


def test_row_for_unknown_id_is_minus_one(tasks, add_contact):
    add_contact("Ada")
    model = _model(tasks)
    assert model.row_for_id(999_999) == -1


def test_a_purged_contact_shows_as_an_empty_row_until_reload(tasks, store, add_contact):
    gone = add_contact("Gone")
    model = _model(tasks)
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[gone], clock=tasks.ctx.clock)
        contacts.purge_contacts(session, ids=[gone])
    assert model.index(0, 0).data() == ""
