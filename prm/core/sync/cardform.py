"""What PRM uploads for a contact, what it reads from a server card, and their fingerprint.

Both directions go through PRM's own vCard code: ``compose.compose_card`` writes
the card (never the private notes), ``read.read_vcards`` reads it. A card is
compared as a :class:`CardState`: the draft fields a vCard carries, the card's
own NOTE (a phone's note, kept as an extra vCard line, never mixed with PRM's
private notes) and the kept extra lines. Its fingerprint ignores what servers
rewrite freely (property order, folding, PRODID/REV/VERSION, 3.0 <-> 4.0, the
order of emails or phones), so a rewrite that changes nothing PRM holds is not
an edit.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple, dataclass, field, replace
from datetime import date

from sqlmodel import Session

from prm.core.drafts import ContactDraft
from prm.core.errors import ValidationError
from prm.core.models.base import db_timestamp
from prm.core.vcard.card import CARRIED_FIELDS, CardError, carried
from prm.core.vcard.compose import compose_card
from prm.core.vcard.read import read_vcards
from prm.core.vcard.values import escape
from prm.core.vcard.write import iter_export_rows

VERSION = "3.0"  # the most widely read; servers converting to 4.0 is a rewrite, not an edit
# The fields a sync merges, one by one: a vCard's carried fields without PRM's
# private notes, plus the card's own note and its extra lines.
FIELDS = [f for f in CARRIED_FIELDS if f != "notes"] + ["card_note", "extra"]
LISTS = frozenset({"emails", "phones", "addresses", "urls", "tags", "extra"})
# Volatile lines some servers add or change on every write.
_VOLATILE = ("PRODID", "REV", "X-ABSHOWAS")


class BadCard(Exception):
    """A server card PRM cannot read (the reason is the message)."""


@dataclass
class CardState:
    uid: str
    fields: dict[str, object] = field(default_factory=dict)  # FIELDS -> value

    def fingerprint(self) -> str:
        return fingerprint_of(self.fields)


def fingerprint_of(fields: dict[str, object]) -> str:
    canon = {name: canonical_value(name, fields.get(name)) for name in FIELDS}
    return hashlib.sha256(json.dumps(canon, sort_keys=True).encode()).hexdigest()


def canonical_value(name: str, value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if name in LISTS:
        items = [item_value(v) for v in value]  # type: ignore[attr-defined]
        if name == "extra":
            items = [i for i in items if _prop_name(i) not in _VOLATILE]
        return sorted(items, key=json.dumps)
    return value


def item_value(value: object) -> object:
    if isinstance(value, str):
        return value
    return [str(v) for v in astuple(value)]  # type: ignore[arg-type]


def _prop_name(line: object) -> str:
    head = str(line).split(":", 1)[0].split(";", 1)[0]
    return head.rsplit(".", 1)[-1].strip().upper()


def read_state(data: bytes) -> CardState:
    """A server card as PRM would hold it; BadCard when it is not one readable vCard."""
    cards = list(read_vcards(data, name="sync"))
    if len(cards) != 1:
        raise BadCard(f"holds {len(cards)} cards instead of one" if cards else "is not a vCard")
    card = cards[0]
    if isinstance(card, CardError):
        raise BadCard(card.message)
    try:
        draft = card.draft.cleaned(today=date.max)
    except ValidationError as exc:
        raise BadCard(str(exc)) from exc
    fields = {k: v for k, v in carried(draft).items() if k != "notes"}
    fields["card_note"] = draft.notes
    fields["extra"] = list(card.extra_lines)
    return CardState(card.uid, fields)


def extra_lines_for(state: CardState) -> list[str]:
    """The contact_vcard_property lines that hold this state's extra lines and note."""
    lines = [str(x) for x in state.fields.get("extra") or []]
    note = str(state.fields.get("card_note") or "")
    return lines + ([f"NOTE:{escape(note)}"] if note else [])


def apply_state(draft: ContactDraft, state: CardState) -> ContactDraft:
    """``draft`` (everything PRM holds) with the card's fields; notes and PRM's own kept."""
    out = ContactDraft(**{name: getattr(draft, name) for name in draft.__dataclass_fields__})
    for name in FIELDS:
        if name not in ("card_note", "extra"):
            value = state.fields.get(name)
            setattr(out, name, list(value) if isinstance(value, list) else value)  # type: ignore[arg-type]
    if not out.photo:
        out.photo_mime = ""
    return out


@dataclass
class LocalCard:
    """What PRM would upload for a contact now."""

    contact_id: int
    uid: str
    data: bytes  # the card, without private notes
    state: CardState  # ``data`` read back as a server would
    stamp: str  # the contact's updated_at as stored: was it edited since?


def local_states(
    session: Session,
    ids: list[int],
    problems: list[str] | None = None,
    *,
    uids: dict[int, str] | None = None,
) -> dict[int, LocalCard]:
    """``{contact id: LocalCard}``; a contact whose card cannot be read back is left
    out (and named in ``problems``). ``uids``: the UID the server knows a contact's
    card by, where it is not the contact's own (a card matched on a first sync):
    servers refuse an update that changes a card's UID."""
    out: dict[int, LocalCard] = {}
    for row in iter_export_rows(session, ids=ids):
        known = (uids or {}).get(row.id)
        if known and known != row.uid:
            row = replace(row, uid=known)
        data = compose_card(row, version=VERSION, include_notes=False)
        try:
            state = read_state(data)
        except BadCard as exc:
            if problems is not None:
                problems.append(f"contact #{row.id} ({row.display_name}): {exc}")
            continue
        stamp = db_timestamp(row.updated_at) if row.updated_at else ""
        out[row.id] = LocalCard(row.id, row.uid, data, state, stamp)
    return out


def safe_name(uid: str) -> str:
    """A file name for the card's href: the UID where it is plain, else its hash."""
    plain = all(ch.isalnum() or ch in "-_." for ch in uid) and 0 < len(uid) <= 100
    return uid if plain else hashlib.sha256(uid.encode()).hexdigest()[:32]
