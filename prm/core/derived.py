"""Derived data told of every write in the write's own commit (``Store.transaction``).

Kept apart from what it maintains so a write never imports the duplicate finder:
this only notes whose suggested duplicates must be refreshed before they are next
read (``duplicates/candidates.py``), or that they must all be rebuilt.
"""

from __future__ import annotations

from prm.core.capture.links import relink_unknown_people
from prm.core.changes import Changes
from prm.core.sync.items import mark_dirty

# Writes to these can change a contact's name, emails, phones or birthday.
DUPLICATE_SOURCES = frozenset({"contact", "contact_email", "contact_phone"})
# Writes to these can change the card a contact is synced as (sync_item.local_dirty).
CARD_SOURCES = frozenset(
    {
        "contact",
        "contact_email",
        "contact_phone",
        "contact_address",
        "contact_url",
        "contact_photo",
        "contact_tag",
        "tag",
        "contact_vcard_property",
    }
)
# A contact's addresses, phones or time zone: where they are (travel/places.py).
PLACE_SOURCES = frozenset({"contact", "contact_address", "contact_phone"})
_DECLARED = "prm.contacts_written"
# Contacts the sync engine itself wrote from the server's card in this transaction:
# their cards are what the server holds, not local edits to upload.
SYNC_WROTE = "prm.sync_wrote"
# The advocacy ledgers and relations: each person's value points (advocacy/stored.py).
ADVOCACY_SOURCES = frozenset(
    {"referral", "introduction", "advocacy_signal", "engagement", "contact_relation"}
)


def declare_contacts(session, ids) -> None:
    """Say that this transaction's raw SQL (which the change collector cannot read
    row by row) wrote only these contacts' own rows: a merge, its undo."""
    session.info.setdefault(_DECLARED, set()).update(ids)


def note_changes(session, changes: Changes) -> None:
    """Before a commit: remember whose duplicates to refresh, or that all are stale;
    link waiting captured proposals to contacts who now have their address."""
    declared = session.info.pop(_DECLARED, None)  # None: nobody said (an empty set: nobody)
    _note_card_changes(session, changes, declared, session.info.pop(SYNC_WROTE, set()))
    if changes.touched(ADVOCACY_SOURCES):
        from prm.core.advocacy.stored import note_changes as note_advocacy

        note_advocacy(session, changes)
    if changes.touched(PLACE_SOURCES):
        from prm.core.travel.places import note_changes as note_places

        note_places(session, changes, declared)
    if not changes.touched(DUPLICATE_SOURCES):
        return
    raw = session.connection().exec_driver_sql
    if changes.everything or (changes.unscoped & DUPLICATE_SOURCES and declared is None):
        raw("DELETE FROM derived_dup_state")  # whose rows changed is unknown
        relink_unknown_people(raw, None)
    elif changes.contacts or declared:
        written = sorted(changes.contacts | (declared or set()))
        raw(
            "INSERT OR IGNORE INTO derived_dup_dirty (contact_id) VALUES (?)",
            [(c,) for c in written],
        )
        relink_unknown_people(raw, written)


def _note_card_changes(session, changes: Changes, declared, synced: set[int]) -> None:
    """Mark the sync items of contacts whose card may have changed; the next sync
    composes just those (and uploads the ones whose fingerprint really differs)."""
    if not changes.touched(CARD_SOURCES):
        return
    if changes.everything or (changes.unscoped & CARD_SOURCES and declared is None):
        mark_dirty(session, None)
        return
    mark_dirty(session, (changes.contacts | (declared or set())) - synced)
    tags = sorted(changes.ids("tag"))
    if tags:  # a renamed tag changes the card of everyone who has it
        marks = ",".join("?" * len(tags))
        session.connection().exec_driver_sql(
            "UPDATE sync_item SET local_dirty = 1 WHERE local_dirty = 0 AND contact_id IN "
            f"(SELECT contact_id FROM contact_tag WHERE tag_id IN ({marks}))",
            tuple(tags),
        )
