"""The ``Book`` a run matches against: live contacts' emails and names, my
addresses, and the ignore rules; read once per run, not once per item."""

from __future__ import annotations

from sqlmodel import Session, col, select

from prm.core.capture.proposer import Book
from prm.core.models import CaptureIgnore, Contact, ContactEmail, Setting
from prm.core.text_fold import words

MY_ADDRESSES = "capture.my_addresses"


def my_addresses(session: Session) -> list[str]:
    row = session.get(Setting, MY_ADDRESSES)
    return [a for a in (row.value.split(",") if row else []) if a]


def set_my_addresses(session: Session, addresses: list[str]) -> list[str]:
    """Replace my own addresses (lower-cased, in the order given, no repeats)."""
    clean = list(dict.fromkeys(a.strip().lower() for a in addresses if a.strip()))
    bad = [a for a in clean if "@" not in a or "," in a]
    if bad:
        from prm.core.errors import ValidationError

        raise ValidationError({"addresses": f"Not an email address: {', '.join(bad)}."})
    row = session.get(Setting, MY_ADDRESSES) or Setting(key=MY_ADDRESSES)
    row.value = ",".join(clean)
    session.add(row)
    session.flush()
    return clean


def load_book(session: Session) -> Book:
    emails: dict[str, int] = {}
    for value, cid in session.exec(
        select(ContactEmail.value, ContactEmail.contact_id)
        .join(Contact, col(Contact.id) == ContactEmail.contact_id)
        .where(col(Contact.deleted_at).is_(None))
        .order_by(col(ContactEmail.contact_id))
    ):
        emails.setdefault(value.strip().lower(), cid)
    names: dict[tuple[str, ...], int | None] = {}
    for cid, name in session.exec(
        select(Contact.id, Contact.display_name).where(col(Contact.deleted_at).is_(None))
    ):
        folded = words(name or "")
        # One-word names ("Anna", "Mum") would match half the calendar: a
        # title must name someone in full, first and last name at least.
        if len(folded) >= 2:
            names[folded] = None if folded in names and names[folded] != cid else cid
    ignores: dict[str, set[str]] = {"sender": set(), "domain": set(), "calendar": set()}
    for kind, value in session.exec(select(CaptureIgnore.kind, CaptureIgnore.value)):
        ignores.setdefault(kind, set()).add(value)
    return Book(
        emails=emails,
        # Two contacts with the same name: the title cannot say which one.
        names={k: v for k, v in names.items() if v is not None},
        mine=frozenset(my_addresses(session)),
        ignored_senders=frozenset(ignores["sender"]),
        ignored_domains=frozenset(ignores["domain"]),
        ignored_calendars=frozenset(ignores["calendar"]),
    )
