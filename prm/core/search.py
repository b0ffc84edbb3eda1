"""Full-text search over contacts (SQLite FTS5), kept in step on every save."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session

from prm.core import fts_tokens
from prm.core.validation import national_digits

if TYPE_CHECKING:  # the start-up list searches without building the ORM models
    from prm.core.models import Contact


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
    rows = [(contact.id, document_for(contact)) for contact in contacts]
    unindex(session, [contact_id for contact_id, _body in rows])
    index_documents(session.connection(), rows)


def index_documents(conn, rows: list[tuple[int, str]]) -> None:
    """Index these (contact id, ``document_for``) rows, and note their words in the
    word list (``derived_search_term``) that long prefixes are looked up in. Every
    writer of the index comes through here: a word missing from the list would be
    a contact missing from a search."""
    if not rows:
        return
    conn.exec_driver_sql("INSERT INTO contact_fts(rowid, body) VALUES (?, ?)", rows)
    words = fts_tokens.distinct_words(body for _id, body in rows)
    if words:
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO derived_search_term(term) VALUES (?)",
            [(word,) for word in sorted(words)],
        )


def merge_index(conn) -> None:
    """Merge the search index into one segment. Bulk loads leave it in many, and every
    segment is searched on every lookup: testing one contact against "m" cost 4x as
    much before (100k contacts: 0.7 s to merge; 1M: some seconds). Run after loads
    that write a large share of the book at once.

    The word list is read anew from the index too, dropping the words of contacts
    edited or deleted since (harmless but for the time they cost a search)."""
    conn.exec_driver_sql("INSERT INTO contact_fts(contact_fts) VALUES ('optimize')")
    rebuild_word_list(conn)


def rebuild_word_list(conn) -> None:
    """``derived_search_term`` = exactly the words the index holds (~1.5 s at 1M)."""
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.prm_contact_fts_words"
        " USING fts5vocab(main, contact_fts, row)"
    )
    conn.exec_driver_sql("DELETE FROM derived_search_term")
    conn.exec_driver_sql(
        "INSERT INTO derived_search_term(term) SELECT term FROM temp.prm_contact_fts_words"
    )


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


# contact_fts keeps prefix indexes for words of up to this many characters
# (revision 0001: prefix='1 2 3'); FTS5 counts characters, not bytes.
_INDEXED_PREFIX_CHARS = 3
# A longer word is looked up as the words of the index it begins, OR'd, when they
# are at most this many: each is one list read from where it is needed, where a
# prefix query merges the lists of every such word first, in full ("client" at
# 1M contacts: 8 ms a contact tested; "example" in an email: 30 ms a search).
_OR_WORDS = 16
# Testing one contact costs a seek per word looked up: cheap up to this many.
_CHEAP_WORDS = 2
# Sorts after every word that begins with a given one (words are compared as UTF-8
# bytes, and this is the largest code point).
_AFTER_EVERY_WORD = "\U0010ffff"


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def match_expression(text: str) -> str | None:
    """Every word the user typed must prefix-match some word of the contact: the plain
    form, as FTS5 reads it (``match_for`` gives the same matches, faster)."""
    words = fts_tokens.words_in_order(text)
    if not words:
        return None
    return " AND ".join(f"{_quoted(word)}*" for word in words)


@dataclass(frozen=True)
class Match:
    """How to look up a search: the FTS5 expression; how many index lookups testing
    one contact against it takes (one a word, or one a word it is spelled out as);
    and whether that is cheap (every typed word is one or two lookups)."""

    expression: str
    cheap_to_test_one_by_one: bool
    lookups_per_contact: int = 1


def match_for(conn, text: str) -> Match | None:
    """``match_expression(text)``, with each long word spelled out as the few words of
    the index it begins (``derived_search_term``); None when nothing can match (no
    word typed, or a word no contact has a word beginning with)."""
    words = fts_tokens.words_in_order(text)
    if not words:
        return None
    parts, cheap, lookups = [], True, 0
    for word in words:
        if len(word) <= _INDEXED_PREFIX_CHARS:  # its own prefix index: one seek
            parts.append(f"{_quoted(word)}*")
            lookups += 1
            continue
        begun = [
            row[0]
            for row in conn.exec_driver_sql(
                "SELECT term FROM derived_search_term WHERE term >= ? AND term < ? LIMIT ?",
                (word, word + _AFTER_EVERY_WORD, _OR_WORDS + 1),
            )
        ]
        if not begun:
            return None
        if len(begun) > _OR_WORDS:
            parts.append(f"{_quoted(word)}*")
            cheap = False
            continue
        parts.append("(" + " OR ".join(_quoted(w) for w in begun) + ")")
        cheap = cheap and len(begun) <= _CHEAP_WORDS
        lookups += len(begun)
    return Match(" AND ".join(parts), cheap, lookups)
