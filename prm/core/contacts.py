"""Contact services: create, edit, find, trash, restore. One set for GUI, CLI, tests.
(The list's reads, sorted and searched, are in ``contact_list``.)

Every function takes the session first and keyword arguments after; callers own
the transaction (``Store.transaction()``), so a failure writes nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from prm.core import cadence, orm, search, validation
from prm.core.clock import Clock
from prm.core.contact_list import list_contact_ids
from prm.core.dates import PartialDate, today_in
from prm.core.derived import declare_contacts
from prm.core.drafts import (
    AddressDraft,
    ContactDraft,
    LabeledValue,
    RelationDraft,
    derived_name,
)
from prm.core.errors import (
    AmbiguousError,
    NotFoundError,
    PossibleDuplicateError,
    ValidationError,
)
from prm.core.validation import normalize_phone

if TYPE_CHECKING:  # built on first use (prm.core.orm)
    from prm.core.models import Contact, ContactRelation, Tag


@functools.cache
def full_load() -> tuple:
    """Load options for a whole contact. Built on first use, not at import: building
    them configures every mapper (~0.1-0.2 s), which the app's start never needs."""
    return (
        selectinload(orm.Contact.emails),
        selectinload(orm.Contact.phones),
        selectinload(orm.Contact.addresses),
        selectinload(orm.Contact.urls),
        selectinload(orm.Contact.interests),
        selectinload(orm.Contact.tags),
        selectinload(orm.Contact.relations),
        selectinload(orm.Contact.photo),
    )


# --- names -------------------------------------------------------------------


def display_name_for(c: Contact | ContactDraft, first_email: str = "") -> str:
    """The name shown, sorted by and exported as FN: the formatted name when there
    is one ("Studio Nord", "Kowalski Anna"), else the one derived from the parts."""
    return c.formatted_name or derived_name(c, first_email)


def sort_name_for(c: Contact, display: str) -> str:
    """Family name first, so lists read like an address book; a formatted name the
    user sees ("Studio Nord") sorts as shown."""
    if c.family_name and not c.formatted_name:
        key = f"{c.family_name} {c.given_name} {c.middle_name}"
    else:
        key = display
    return " ".join(key.split()).casefold()


# --- writing -----------------------------------------------------------------


def create_contact(
    session: Session,
    *,
    draft: ContactDraft,
    clock: Clock,
    zone: tzinfo | None = None,
    allow_duplicate: bool = False,
) -> Contact:
    """``zone`` is the user's (default: the computer's): a birthday may not be after their today.

    A live contact with the same name and an email in common raises
    PossibleDuplicateError (naming it) unless ``allow_duplicate``.
    """
    clean = draft.cleaned(today=_today(clock, zone))
    if not allow_duplicate:
        same = find_same_person(session, draft=clean)
        if same is not None:
            raise PossibleDuplicateError(
                f"#{same.id} {same.display_name} already has this name and email.",
                existing_id=same.id,
                existing_name=same.display_name,
            )
    now = clock.now()
    contact = orm.Contact(created_at=now, updated_at=now)
    session.add(contact)
    _apply_draft(session, contact, clean)
    _referral_from_field(session, contact, None, clock, zone)
    return contact


def update_contact(
    session: Session,
    *,
    contact_id: int,
    draft: ContactDraft,
    clock: Clock,
    zone: tzinfo | None = None,
) -> Contact:
    contact = get_contact(session, contact_id=contact_id)
    before = contact.referred_by_id
    old_others = {r.other_id for r in contact.relations}
    _apply_draft(session, contact, draft.cleaned(today=_today(clock, zone)))
    contact.updated_at = clock.now()
    session.flush()
    _referral_from_field(session, contact, before, clock, zone)
    gone = old_others - {r.other_id for r in contact.relations}
    if gone:  # their reach shrank; the change collector no longer sees those rows
        from prm.core.advocacy.stored import refresh_if_kept

        refresh_if_kept(session, gone)
    return contact


def _referral_from_field(
    session: Session, contact: Contact, before: int | None, clock: Clock, zone: tzinfo | None
) -> None:
    """A new "Referred by" is a referral in the advocacy ledger, dated today."""
    if contact.referred_by_id is None or contact.referred_by_id == before:
        return
    from prm.core.advocacy.ledger import sync_referred_by
    from prm.core.context import local_zone

    sync_referred_by(
        session,
        contact_id=contact.id,
        referrer_id=contact.referred_by_id,
        clock=clock,
        zone=zone or local_zone(),
    )


def find_same_person(session: Session, *, draft: ContactDraft) -> Contact | None:
    """A live contact whose name is ``draft``'s (ignoring case) and who shares one of
    its emails; None when the draft has no name or no email."""
    name = display_name_for(draft)
    emails = {e.value.casefold() for e in draft.emails}
    if not emails or name == "(no name)":
        return None
    candidates = session.exec(
        select(orm.Contact)
        .join(orm.ContactEmail, orm.ContactEmail.contact_id == orm.Contact.id)  # type: ignore[arg-type]
        .where(sa.func.lower(orm.ContactEmail.value).in_(emails), orm.Contact.deleted_at.is_(None))  # type: ignore[union-attr]
        .order_by(orm.Contact.id)
    ).all()
    wanted = " ".join(name.split()).casefold()
    for contact in candidates:
        if " ".join(display_name_for(contact).split()).casefold() == wanted:
            return contact
    return None


def _today(clock: Clock, zone: tzinfo | None) -> date:
    from prm.core.context import local_zone

    return today_in(zone or local_zone(), clock)


def _apply_draft(session: Session, contact: Contact, draft: ContactDraft) -> None:
    for name in ContactDraft.TEXT_FIELDS:
        setattr(contact, name, getattr(draft, name))
    for prefix in ("birthday", "anniversary"):
        text = getattr(draft, prefix)
        parsed = PartialDate.parse(text) if text else None
        setattr(contact, f"{prefix}_year", parsed.year if parsed else None)
        setattr(contact, f"{prefix}_month", parsed.month if parsed else None)
        setattr(contact, f"{prefix}_day", parsed.day if parsed else None)

    contact.emails = [
        orm.ContactEmail(value=v.value, label=v.label, preferred=v.preferred, position=i)
        for i, v in enumerate(draft.emails)
    ]
    contact.phones = [
        orm.ContactPhone(
            value=v.value,
            normalized=normalize_phone(v.value),
            label=v.label,
            preferred=v.preferred,
            position=i,
        )
        for i, v in enumerate(draft.phones)
    ]
    contact.urls = [
        orm.ContactUrl(value=v.value, label=v.label, preferred=v.preferred, position=i)
        for i, v in enumerate(draft.urls)
    ]
    contact.addresses = [
        orm.ContactAddress(
            label=a.label,
            street=a.street.strip(),
            locality=a.locality.strip(),
            region=a.region.strip(),
            postal_code=a.postal_code.strip(),
            country=a.country.strip(),
            preferred=a.preferred,
            position=i,
        )
        for i, a in enumerate(draft.addresses)
    ]
    contact.interests = [
        orm.ContactInterest(topic=t, position=i) for i, t in enumerate(draft.interests)
    ]
    contact.tags = _tags_named(session, draft.tags)
    if draft.photo:
        contact.photo = orm.ContactPhoto(
            mime_type=draft.photo_mime or "image/jpeg", data=draft.photo
        )
    else:
        contact.photo = None

    session.flush()  # the contact needs its id before it can be referred to
    errors: dict[str, str] = {}
    if draft.referred_by_id is not None:
        if draft.referred_by_id == contact.id:
            errors["referred_by_id"] = "A contact cannot have referred themselves."
        elif session.get(orm.Contact, draft.referred_by_id) is None:
            errors["referred_by_id"] = f"There is no contact #{draft.referred_by_id}."
    contact.referred_by_id = draft.referred_by_id
    if (
        draft.cadence_tier_id is not None
        and session.get(orm.CadenceTier, draft.cadence_tier_id) is None
    ):
        errors["cadence_tier_id"] = f"There is no cadence tier #{draft.cadence_tier_id}."
    contact.cadence_tier_id, contact.cadence_days = draft.cadence_tier_id, draft.cadence_days
    relations = []
    for i, rel in enumerate(draft.relations):
        if rel.other_id == contact.id:
            errors[f"relations[{i}]"] = "A contact cannot be related to themselves."
        elif session.get(orm.Contact, rel.other_id) is None:
            errors[f"relations[{i}]"] = f"There is no contact #{rel.other_id}."
        relations.append(orm.ContactRelation(kind=rel.kind, other_id=rel.other_id, note=rel.note))
    if errors:
        raise ValidationError(errors)
    contact.relations = relations

    contact.display_name = display_name_for(contact, draft.emails[0].value if draft.emails else "")
    contact.sort_name = sort_name_for(contact, contact.display_name)
    session.flush()
    search.reindex(session, [contact])
    cadence.refresh(session, [contact.id])


def _tags_named(session: Session, names: list[str]) -> list[Tag]:
    if not names:
        return []
    # The column's NOCASE collation does the matching, exactly as its unique index
    # will judge the insert (SQLite's lower() and Python's disagree beyond ASCII).
    existing = {
        t.name.casefold(): t
        for t in session.exec(select(orm.Tag).where(col(orm.Tag.name).in_(names)))
    }
    tags = []
    for name in names:
        tag = existing.get(name.casefold())
        if tag is None:
            tag = existing[name.casefold()] = orm.Tag(name=name)
            session.add(tag)
        tags.append(tag)
    return tags


def trash_contacts(session: Session, *, ids: Iterable[int], clock: Clock) -> list[int]:
    """Move contacts (and touches only they took part in) to the trash."""
    from prm.core import touches

    ids = list(ids)
    now = clock.now()
    moved = list(
        session.exec(
            select(orm.Contact.id).where(
                col(orm.Contact.id).in_(ids), col(orm.Contact.deleted_at).is_(None)
            )
        ).all()
    )
    declare_contacts(session, moved)  # the bulk update below names no rows
    session.exec(  # type: ignore[call-overload]
        sa.update(orm.Contact)
        .where(col(orm.Contact.id).in_(moved))
        .values(deleted_at=now, updated_at=now)
    )
    touches.trash_with_contacts(session, contact_ids=moved, at=now)
    return moved


def restore_contacts(session: Session, *, ids: Iterable[int], clock: Clock) -> list[int]:
    """Bring contacts back, with the touches that went to the trash with them."""
    from prm.core import touches

    ids = list(ids)
    trashed_at = dict(
        session.exec(
            select(orm.Contact.id, orm.Contact.deleted_at).where(
                col(orm.Contact.id).in_(ids), col(orm.Contact.deleted_at).is_not(None)
            )
        ).all()
    )
    declare_contacts(session, trashed_at)
    session.exec(  # type: ignore[call-overload]
        sa.update(orm.Contact)
        .where(col(orm.Contact.id).in_(list(trashed_at)))
        .values(deleted_at=None, updated_at=clock.now())
    )
    touches.restore_with_contacts(session, contact_ids=list(trashed_at), trashed_at=trashed_at)
    return list(trashed_at)


def purge_contacts(session: Session, *, ids: Iterable[int]) -> int:
    """Delete trashed contacts for good. Live contacts are never purged."""
    doomed = session.exec(
        select(orm.Contact.id).where(
            col(orm.Contact.id).in_(list(ids)), col(orm.Contact.deleted_at).is_not(None)
        )
    ).all()
    search.unindex(session, doomed)
    declare_contacts(session, doomed)  # the bulk delete below names no rows
    session.exec(sa.delete(orm.Contact).where(col(orm.Contact.id).in_(doomed)))  # type: ignore[call-overload]
    from prm.core.touches import purge_orphans

    purge_orphans(session, doomed)
    return len(doomed)


def empty_trash(session: Session) -> int:
    ids = session.exec(select(orm.Contact.id).where(col(orm.Contact.deleted_at).is_not(None))).all()
    return purge_contacts(session, ids=ids)


# --- reading -----------------------------------------------------------------


def get_contact(session: Session, *, contact_id: int) -> Contact:
    contact = session.exec(
        select(orm.Contact).where(orm.Contact.id == contact_id).options(*full_load())
    ).first()
    if contact is None:
        raise NotFoundError(f"There is no contact #{contact_id}.")
    return contact


def iter_contacts(session: Session, *, ids: list[int], chunk: int = 500) -> Iterator[Contact]:
    """Fully loaded contacts in the order of ``ids``, a chunk at a time (bounded memory)."""
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        loaded = {
            c.id: c
            for c in session.exec(
                select(orm.Contact).where(col(orm.Contact.id).in_(part)).options(*full_load())
            )
        }
        for contact_id in part:
            if contact_id in loaded:
                yield loaded[contact_id]
        session.expunge_all()


def resolve_contact(session: Session, *, ref: str, include_trashed: bool = False) -> Contact:
    """A contact named the way a person would on a command line: id, UID or name."""
    ref = ref.strip()
    number = validation.record_id(ref, what="contact")
    if number is not None:
        return get_contact(session, contact_id=number)
    by_uid = session.exec(select(orm.Contact.id).where(orm.Contact.uid == ref)).first()
    if by_uid is not None:
        return get_contact(session, contact_id=by_uid)
    stmt = select(orm.Contact).where(sa.func.lower(orm.Contact.display_name) == ref.lower())
    if not include_trashed:
        stmt = stmt.where(col(orm.Contact.deleted_at).is_(None))
    exact = session.exec(stmt).all()
    matches = exact or [
        c
        for c in session.exec(
            select(orm.Contact).where(
                col(orm.Contact.id).in_(list_contact_ids(session, query=ref)[:20])
            )
        )
    ]
    if not matches:
        raise NotFoundError(f"No contact matches “{ref}”.")
    if len(matches) > 1:
        names = ", ".join(f"#{c.id} {c.display_name}" for c in matches[:10])
        raise AmbiguousError(f"“{ref}” matches {len(matches)} contacts: {names}. Use the #id.")
    return get_contact(session, contact_id=matches[0].id)


def incoming_relations(session: Session, *, contact_id: int) -> list[ContactRelation]:
    """Relations other contacts declared towards this one (shown with inverse labels)."""
    return list(
        session.exec(
            select(orm.ContactRelation)
            .where(orm.ContactRelation.other_id == contact_id)
            .options(selectinload(orm.ContactRelation.contact))
        )
    )


def referrals(session: Session, *, contact_id: int) -> list[Contact]:
    """People this contact referred to us."""
    return list(
        session.exec(
            select(orm.Contact).where(
                orm.Contact.referred_by_id == contact_id, col(orm.Contact.deleted_at).is_(None)
            )
        )
    )


def draft_from_contact(contact: Contact) -> ContactDraft:
    """The editable form of a stored contact (the editor's start and Undo's memory)."""
    draft = ContactDraft(**{name: getattr(contact, name) for name in ContactDraft.TEXT_FIELDS})
    for prefix in ("birthday", "anniversary"):
        month = getattr(contact, f"{prefix}_month")
        if month:
            date = PartialDate(
                month, getattr(contact, f"{prefix}_day"), getattr(contact, f"{prefix}_year")
            )
            setattr(draft, prefix, date.iso())
    draft.referred_by_id = contact.referred_by_id
    draft.cadence_tier_id, draft.cadence_days = contact.cadence_tier_id, contact.cadence_days
    draft.emails = [LabeledValue(e.value, e.label, e.preferred) for e in contact.emails]
    draft.phones = [LabeledValue(p.value, p.label, p.preferred) for p in contact.phones]
    draft.urls = [LabeledValue(u.value, u.label, u.preferred) for u in contact.urls]
    draft.addresses = [
        AddressDraft(a.label, a.street, a.locality, a.region, a.postal_code, a.country, a.preferred)
        for a in contact.addresses
    ]
    draft.tags = [t.name for t in contact.tags]
    draft.interests = [i.topic for i in contact.interests]
    draft.relations = [RelationDraft(r.kind, r.other_id, r.note) for r in contact.relations]
    if contact.photo is not None:
        draft.photo, draft.photo_mime = contact.photo.data, contact.photo.mime_type
    return draft


@dataclass(frozen=True)
class ContactName:
    id: int
    name: str


def live_names(session: Session, *, ids: Iterable[int]) -> list[ContactName]:
    """The display names of the live contacts among ``ids``, in the order given."""
    ids = list(ids)
    found = {
        cid: name
        for cid, name in session.exec(
            select(orm.Contact.id, orm.Contact.display_name).where(
                col(orm.Contact.id).in_(ids), col(orm.Contact.deleted_at).is_(None)
            )
        )
    }
    return [ContactName(cid, found[cid]) for cid in dict.fromkeys(ids) if cid in found]


def contact_name(session: Session, *, contact_id: int) -> str:
    """One contact's display name (trashed ones too: a stored referrer, a gift's person)."""
    name = session.exec(
        select(orm.Contact.display_name).where(orm.Contact.id == contact_id)
    ).first()
    if name is None:
        raise NotFoundError(f"There is no contact #{contact_id}.")
    return name


def tag_names(session: Session) -> list[str]:
    """Every tag's name, case-insensitively sorted (the export dialog's choices)."""
    return sorted(session.exec(select(orm.Tag.name)).all(), key=str.casefold)
