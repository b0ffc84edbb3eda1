"""Merging two contacts into one, field by field, losing nothing, undoable exactly.

``merge_plan`` shows both sides: every single-valued field where they differ
(the winner defaults to the kept contact's value, or the other's where the kept
one is blank), and the multi-valued ones (emails, phones, addresses, websites,
interests, tags, kept vCard lines) united without repeats. Notes of both are
kept, one after the other. ``merge_contacts`` then moves every link of the
other contact to the kept one (touches, meetings, gifts, events, article
shares, relations, referrals), and sends the other to the trash with its own
values intact (restorable from the trash). It returns a ``Snapshot`` of every
row it could change; ``undo_merge`` puts those rows back as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from prm.core import cadence, search
from prm.core.clock import Clock
from prm.core.contacts import display_name_for, get_contact, sort_name_for, trash_contacts
from prm.core.dates import PartialDate
from prm.core.derived import declare_contacts
from prm.core.duplicates import snapshot
from prm.core.duplicates.moves import count_links, move_links
from prm.core.duplicates.uniting import multi_values, unite, unite_children
from prm.core.errors import KnownError, NotFoundError
from prm.core.models import CadenceTier, Contact, ContactPhoto
from prm.core.touches import refresh_last_touch

KEEP, OTHER = "keep", "other"
# key, label, the contact columns it covers.
SINGLE_FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("prefix", "Prefix", ("prefix",)),
    ("given_name", "Given name", ("given_name",)),
    ("middle_name", "Middle name", ("middle_name",)),
    ("family_name", "Family name", ("family_name",)),
    ("suffix", "Suffix", ("suffix",)),
    ("nickname", "Nickname", ("nickname",)),
    ("organization", "Organization", ("organization",)),
    ("department", "Department", ("department",)),
    ("title", "Job title", ("title",)),
    ("birthday", "Birthday", ("birthday_year", "birthday_month", "birthday_day")),
    ("anniversary", "Anniversary", ("anniversary_year", "anniversary_month", "anniversary_day")),
    ("timezone", "Time zone", ("timezone",)),
    ("preferred_channel", "Preferred channel", ("preferred_channel",)),
    ("how_we_met", "How we met", ("how_we_met",)),
    ("referred_by_id", "Referred by", ("referred_by_id",)),
    ("pref_coffee", "Coffee", ("pref_coffee",)),
    ("pref_food", "Food", ("pref_food",)),
    ("pref_dietary", "Dietary", ("pref_dietary",)),
    ("pref_culture", "Culture notes", ("pref_culture",)),
    ("cadence", "Cadence", ("cadence_tier_id", "cadence_days")),
    ("snooze", "Snoozed until", ("snoozed_until", "snooze_reason")),
    ("photo", "Photo", ()),
)
FIELD_KEYS = tuple(key for key, _label, _columns in SINGLE_FIELDS)


@dataclass(frozen=True)
class FieldChoice:
    key: str
    label: str
    keep_text: str
    other_text: str
    winner: str  # KEEP or OTHER: the default


@dataclass(frozen=True)
class UnitedField:
    label: str
    keep_values: tuple[str, ...]
    other_values: tuple[str, ...]
    result: tuple[str, ...]


@dataclass(frozen=True)
class MergePlan:
    keep_id: int
    other_id: int
    keep_name: str
    other_name: str
    fields: tuple[FieldChoice, ...]  # only the fields where the two differ
    united: tuple[UnitedField, ...]
    notes_joined: bool
    moves: dict[str, int] = field(default_factory=dict)  # link kind -> rows moving

    def defaults(self) -> dict[str, str]:
        return {f.key: f.winner for f in self.fields}


@dataclass(frozen=True)
class MergeResult:
    plan: MergePlan
    choices: dict[str, str]
    undo: snapshot.Snapshot


def merge_plan(session: Session, *, keep_id: int, other_id: int) -> MergePlan:
    keep, other = _pair(session, keep_id, other_id)
    fields = []
    for key, label, _columns in SINGLE_FIELDS:
        mine, theirs = _value(keep, key), _value(other, key)
        if mine == theirs or _blank(theirs):
            continue
        winner = OTHER if _blank(mine) else KEEP
        fields.append(
            FieldChoice(key, label, _text(session, key, mine), _text(session, key, theirs), winner)
        )
    united = tuple(
        UnitedField(label, tuple(a), tuple(b), tuple(unite(a, b, norm)))
        for label, a, b, norm in multi_values(session, keep, other)
    )
    notes_joined = bool(keep.notes and other.notes and keep.notes != other.notes)
    return MergePlan(
        keep_id, other_id, keep.display_name, other.display_name, tuple(fields), united,
        notes_joined, count_links(session, other_id),
    )  # fmt: skip


def merge_contacts(
    session: Session,
    *,
    keep_id: int,
    other_id: int,
    choices: dict[str, str] | None = None,
    clock: Clock,
) -> MergeResult:
    """Merge ``other`` into ``keep``; ``choices`` maps a field key to KEEP or OTHER
    (fields not named take the plan's default)."""
    plan = merge_plan(session, keep_id=keep_id, other_id=other_id)
    wanted = plan.defaults()
    for key, side in (choices or {}).items():
        if key not in FIELD_KEYS or side not in (KEEP, OTHER):
            raise KnownError(f"Unknown merge choice {key}={side}.")
        if key in wanted:
            wanted[key] = side
    undo = snapshot.take(session, (keep_id, other_id))
    keep, other = _pair(session, keep_id, other_id)
    declare_contacts(session, (keep_id, other_id))  # the raw moves write only theirs
    for key, _label, columns in SINGLE_FIELDS:
        if wanted.get(key) != OTHER:
            continue
        if key == "photo":
            keep.photo = ContactPhoto(mime_type=other.photo.mime_type, data=other.photo.data)
        for column in columns:
            setattr(keep, column, getattr(other, column))
    if keep.referred_by_id in (keep_id, other_id):
        keep.referred_by_id = None  # nobody referred themselves
    if plan.notes_joined:
        keep.notes = f"{keep.notes}\n\n{other.notes}"
    unite_children(session, keep, other)
    keep.updated_at = clock.now()
    session.flush()
    move_links(session, keep_id=keep_id, other_id=other_id)
    session.expire_all()
    trash_contacts(session, ids=[other_id], clock=clock)
    keep = get_contact(session, contact_id=keep_id)
    keep.display_name = display_name_for(keep, keep.emails[0].value if keep.emails else "")
    keep.sort_name = sort_name_for(keep, keep.display_name)
    session.flush()
    refresh_last_touch(session, [keep_id, other_id])
    cadence.refresh(session, [keep_id])
    search.reindex(session, [keep])
    return MergeResult(plan, wanted, undo)


def undo_merge(session: Session, *, undo: snapshot.Snapshot) -> None:
    """Both contacts back exactly as they were before the merge, with all their links."""
    declare_contacts(session, undo.ids)  # the raw rows put back are theirs only
    snapshot.put_back(session, undo)
    search.reindex(session, [get_contact(session, contact_id=cid) for cid in undo.ids])


# --- internals -------------------------------------------------------------------


def _pair(session: Session, keep_id: int, other_id: int) -> tuple[Contact, Contact]:
    if keep_id == other_id:
        raise KnownError(f"#{keep_id} is the same contact twice: nothing to merge.")
    found = []
    for cid in (keep_id, other_id):
        contact = get_contact(session, contact_id=cid)
        if contact.deleted_at is not None:
            raise NotFoundError(f"#{cid} {contact.display_name} is in the trash.")
        found.append(contact)
    return found[0], found[1]


def _value(contact: Contact, key: str) -> object:
    if key == "photo":
        return None if contact.photo is None else contact.photo.data
    columns = next(c for k, _l, c in SINGLE_FIELDS if k == key)
    values = tuple(getattr(contact, c) for c in columns)
    if key == "cadence":
        return values if values != (None, None) else None
    if key == "snooze":
        return values if values[0] is not None else None
    return values[0] if len(values) == 1 else (values if values[1] else None)


def _blank(value: object) -> bool:
    return value is None or value == ""


def _text(session: Session, key: str, value: object) -> str:
    if _blank(value):
        return ""
    if key in ("birthday", "anniversary"):
        year, month, day = value  # type: ignore[misc]
        return PartialDate.of(year, month, day).iso()
    if key == "referred_by_id":
        other = session.get(Contact, value)
        return f"#{value} {other.display_name}" if other else f"#{value}"
    if key == "photo":
        return f"a photo ({len(value):,} bytes)"  # type: ignore[arg-type]
    if key == "cadence":
        tier_id, days = value  # type: ignore[misc]
        if days:
            return f"every {days} days"
        tier = session.get(CadenceTier, tier_id)
        return tier.name if tier else f"tier #{tier_id}"
    if key == "snooze":
        until, reason = value  # type: ignore[misc]
        return f"{until.isoformat()} {reason}".strip()
    return str(value)
