"""What the sync tests do as a user would: add an account, edit contacts, sync."""

from __future__ import annotations

from prm.core import contacts
from prm.core.drafts import ContactDraft, LabeledValue
from prm.core.sync.accounts import add_account
from prm.core.sync.engine import sync_account
from prm.core.sync.remote import AddressBook
from tests.core.sync.fake_server import BOOK


def add_phone_account(store, clock, name: str = "Phone", book: str = BOOK) -> int:
    with store.transaction() as session:
        return add_account(
            session,
            name=name,
            server_url="https://dav.example/",
            username="ana",
            book=AddressBook(book, "Contacts"),
            clock=clock,
        )


def sync(store, server, clock, account_id: int = 1, **kwargs):
    return sync_account(store, account_id=account_id, server=server, clock=clock, **kwargs)


def add(store, clock, given: str, family: str = "", *, email: str = "", **fields) -> int:
    draft = ContactDraft(given_name=given, family_name=family, **fields)
    if email:
        draft.emails = [LabeledValue(email, "work")]
    with store.transaction() as session:
        return contacts.create_contact(session, draft=draft, clock=clock, allow_duplicate=True).id


def edit(store, clock, contact_id: int, **fields) -> None:
    with store.transaction() as session:
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=contact_id))
        for name, value in fields.items():
            setattr(draft, name, value)
        contacts.update_contact(session, contact_id=contact_id, draft=draft, clock=clock)


def get(store, contact_id: int):
    with store.reading() as session:
        contact = contacts.get_contact(session, contact_id=contact_id)
        return contacts.draft_from_contact(contact), contact.deleted_at


def live_names(store) -> list[str]:
    with store.reading() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT display_name FROM contact WHERE deleted_at IS NULL ORDER BY display_name"
        )
        return [r[0] for r in rows]


def trashed_names(store) -> list[str]:
    with store.reading() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT display_name FROM contact WHERE deleted_at IS NOT NULL ORDER BY display_name"
        )
        return [r[0] for r in rows]
