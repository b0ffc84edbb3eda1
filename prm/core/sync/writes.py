"""Writing a server card's fields into PRM's contacts (never PRM's private fields).

Used by the engine (downloads, merges) and by conflict resolution. Every contact
written here from the server's card is named to the derived hook
(``derived.SYNC_WROTE``) so the write is not mistaken for a local edit.
"""

from __future__ import annotations

from sqlmodel import Session

from prm.core.clock import Clock
from prm.core.contacts import create_contact, restore_contacts, update_contact
from prm.core.derived import SYNC_WROTE, declare_contacts
from prm.core.drafts import ContactDraft
from prm.core.sync.cardform import CardState, LocalCard, apply_state, extra_lines_for, local_states
from prm.core.vcard.apply import _replace_lines
from prm.core.vcard.bulk import load_drafts
from prm.core.vcard.importer import extra_lines_of


def quiet(session: Session, contact_id: int) -> None:
    """This write brings the server's card: not a local edit to upload. Declared too, so
    the raw writes of its vCard lines do not make every other contact's item dirty."""
    session.info.setdefault(SYNC_WROTE, set()).add(contact_id)
    declare_contacts(session, [contact_id])


def contact_state(session: Session, contact_id: int) -> LocalCard | None:
    """The card PRM would upload for this contact now (None: no such contact)."""
    return local_states(session, [contact_id]).get(contact_id)


def write_state(session: Session, contact_id: int, state: CardState, *, clock: Clock) -> None:
    """Replace the contact's card fields with ``state``'s (notes, tiers, touches kept)."""
    draft = load_drafts(session, ids=[contact_id])[contact_id][0]
    update_contact(session, contact_id=contact_id, draft=apply_state(draft, state), clock=clock)
    lines = extra_lines_for(state)
    if lines != extra_lines_of(session, [contact_id]).get(contact_id, []):
        _replace_lines(session, contact_id, lines)
    quiet(session, contact_id)


def create_from(session: Session, state: CardState, *, clock: Clock) -> int:
    """A new contact holding the card (keeping its UID unless another contact has it)."""
    contact = create_contact(
        session, draft=apply_state(ContactDraft(), state), clock=clock, allow_duplicate=True
    )
    if state.uid:
        taken = (
            session.connection()
            .exec_driver_sql("SELECT 1 FROM contact WHERE uid = ?", (state.uid,))
            .first()
        )
        if taken is None:
            contact.uid = state.uid
    session.flush()
    assert contact.id is not None
    _replace_lines(session, contact.id, extra_lines_for(state))
    quiet(session, contact.id)
    return contact.id


def create_many(session: Session, states: list[CardState], *, clock: Clock) -> list[int]:
    """``create_from`` for a chunk of new cards with a few plain-SQL statements (the
    import's fast path): a first sync of thousands of cards stays within budget.
    Each keeps its UID unless a contact (or an earlier card of the chunk) has it."""
    from prm.core.contacts import _today
    from prm.core.vcard.apply import _many_lines
    from prm.core.vcard.bulk import bulk_create, can_bulk_create

    today = _today(clock, None)
    drafts = [apply_state(ContactDraft(), state).cleaned(today=today) for state in states]
    if not all(can_bulk_create(d) for d in drafts):
        return [create_from(session, state, clock=clock) for state in states]
    wanted = [s.uid for s in states if s.uid]
    taken: set[str] = set()
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        rows = session.connection().exec_driver_sql(
            f"SELECT uid FROM contact WHERE uid IN ({', '.join('?' * len(part))})", tuple(part)
        )
        taken.update(r[0] for r in rows)
    uids = []
    for state in states:
        free = state.uid and state.uid not in taken
        uids.append(state.uid if free else "")
        taken.add(state.uid)
    ids = bulk_create(session, drafts=list(zip(uids, drafts, strict=True)), clock=clock)
    _many_lines(session, [(i, extra_lines_for(s)) for i, s in zip(ids, states, strict=True)])
    session.info.setdefault(SYNC_WROTE, set()).update(ids)
    declare_contacts(session, ids)
    return ids


def restore_with(
    session: Session, contact_id: int | None, state: CardState, *, clock: Clock
) -> int:
    """Bring a deleted contact back with the server's version (a new one if it was purged)."""
    if contact_id is None:
        return create_from(session, state, clock=clock)
    restore_contacts(session, ids=[contact_id], clock=clock)
    write_state(session, contact_id, state, clock=clock)
    return contact_id


def is_live(session: Session, contact_id: int | None) -> bool:
    if contact_id is None:
        return False
    row = (
        session.connection()
        .exec_driver_sql("SELECT deleted_at FROM contact WHERE id = ?", (contact_id,))
        .first()
    )
    return row is not None and row[0] is None
