"""Full-text search over contacts (SQLite FTS5), kept in step on every save."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlmodel import Session

from prm.core.validation import national_digits

if TYPE_CHECKING:  # the start-up list searches without building the ORM models
    from prm.core.models import Contact

_TOKEN = re.compile(r"\w+", re.UNICODE)


def document_for(contact: Contact) -> str:
    """Everything a user may type to find this person."""
    parts = [
        contact.display_name,
        # the parts too: "Lena" finds the card shown as "Studio Nord"
        contact.given_name,
        contact.middle_name,
        contact.family_name,
        contact.nickname,
        contact.organization,
        contact.department,
        contact.title,
        contact.how_we_met,
        contact.notes,
    ]
    parts += [e.value for e in contact.emails]
    for phone in contact.phones:
        parts += [phone.value, re.sub(r"\D", "", phone.value), phone.normalized.lstrip("+")]
        parts.append(national_digits(phone.normalized))
    parts += [a.locality for a in contact.addresses] + [a.country for a in contact.addresses]
    parts += [t.name for t in contact.tags] + [i.topic for i in contact.interests]
    return " ".join(p for p in parts if p)


def reindex(session: Session, contacts: Iterable[Contact]) -> None:
    conn = session.connection()
    for contact in contacts:
        conn.exec_driver_sql("DELETE FROM contact_fts WHERE rowid = ?", (contact.id,))
        conn.exec_driver_sql(
            "INSERT INTO contact_fts(rowid, body) VALUES (?, ?)",
            (contact.id, document_for(contact)),
        )


def merge_index(conn) -> None:
    """Merge the search index into one segment. Bulk loads leave it in many, and every
    segment is searched on every lookup: testing one contact against "m" cost 4x as
    much before (100k contacts: 0.7 s to merge; 1M: some seconds). Run after loads
    that write a large share of the book at once."""
    conn.exec_driver_sql("INSERT INTO contact_fts(contact_fts) VALUES ('optimize')")


# An import adding at least this share of the book merges the index afterwards.
MERGE_AFTER_SHARE = 0.1


def merge_after_bulk(conn, added: int) -> None:
    """``merge_index`` when ``added`` contacts are a large share of the book."""
    if added < 1000:
        return
    book = conn.exec_driver_sql("SELECT max(rowid) FROM contact").scalar() or 0
    if added >= book * MERGE_AFTER_SHARE:
        merge_index(conn)


def unindex(session: Session, ids: Iterable[int]) -> None:
    ids = list(ids)
    if not ids:
        return
    session.connection().exec_driver_sql(
        "DELETE FROM contact_fts WHERE rowid = ?", [(i,) for i in ids]
    )


# contact_fts keeps prefix indexes for these lengths (revision 0001: prefix='1 2 3').
_INDEXED_PREFIX_BYTES = 3


def match_expression(text: str) -> str | None:
    """Every word the user typed must prefix-match some word of the contact."""
    tokens = _TOKEN.findall(text.casefold())
    if not tokens:
        return None
    return " AND ".join(f'"{token}"*' for token in tokens)


def cheap_to_test_one_by_one(text: str) -> bool:
    """Whether testing single contacts against ``match_expression(text)`` is cheap:
    every word is short enough to have its own prefix index, so a test is one seek.
    (A longer prefix merges the lists of every word it begins, on every test.)"""
    tokens = _TOKEN.findall(text.casefold())
    return bool(tokens) and all(len(t.encode()) <= _INDEXED_PREFIX_BYTES for t in tokens)
