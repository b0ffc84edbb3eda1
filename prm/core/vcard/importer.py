"""Import planning: what every incoming card would do to the store, before anything is written.

``plan_import`` reads cards as the reader yields them (a chunk at a time, so a
50 MB file is matched in bounded steps), matches each against the store
(``match.py``) and merges it into its match (``merge.py``). It writes nothing:
the preview shows the plan, and ``apply.apply_import`` writes it in one
transaction. Cancelling between cards returns a plan marked ``cancelled``.

Every card lands in exactly one list:

- ``new``: no stored contact matches; it will be created (keeping the card's UID).
- ``updates``: it matches and brings something the contact lacks.
- ``unchanged``: it matches and brings nothing new (importing a file twice).
  Either kind may carry *conflicts*: values the card has differently, kept as
  the user had them and shown in the preview.
- ``duplicates``: the same person as an earlier card of this import (same UID,
  email, phone or name, or the same stored contact); not imported twice.
- ``skipped``: a card the store cannot hold (``invalid``, with the validation
  message) or whose match is in the trash (``trashed``: restore that contact
  first; a second copy would only be confusing).
- ``errors``: cards the reader could not read (``CardError``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from prm.core.contacts import display_name_for
from prm.core.drafts import ContactDraft, field_label
from prm.core.errors import ValidationError
from prm.core.vcard.bulk import load_drafts
from prm.core.vcard.card import CardError, CardTouch, ParsedCard
from prm.core.vcard.match import Keys, Match, find_matches, keys_for
from prm.core.vcard.merge import FieldChange, plan_merge

CHUNK = 500
REPLACE = "replace"  # a FieldChange kind: the card's unmodelled vCard lines replace the stored ones


@dataclass
class CardPlan:
    """A card that matched nobody (new) or somebody (update / unchanged)."""

    source: str
    position: int
    line: int
    uid: str
    name: str
    draft: ContactDraft | None  # new: the card's; update: the merged result; unchanged: None
    extra_lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    contact_id: int | None = None
    match_by: str = ""
    existing_name: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    base_updated_at: datetime | None = None  # the contact as planned against
    touches: list[CardTouch] = field(default_factory=list)  # logged with a new contact

    @property
    def conflicts(self) -> list[FieldChange]:
        return [c for c in self.changes if c.kind == "conflict"]


@dataclass
class SkippedCard:
    source: str
    position: int
    line: int
    name: str
    kind: str  # "invalid" | "trashed" | "duplicate"
    reason: str
    contact_id: int | None = None


@dataclass
class BadCard:
    source: str
    position: int  # 0: the file as a whole
    line: int
    message: str

    def where(self) -> str:
        return (
            f"line {self.line}"
            if self.position == 0
            else f"card {self.position} (line {self.line})"
        )


@dataclass
class ImportPlan:
    new: list[CardPlan] = field(default_factory=list)
    updates: list[CardPlan] = field(default_factory=list)
    unchanged: list[CardPlan] = field(default_factory=list)
    duplicates: list[SkippedCard] = field(default_factory=list)
    skipped: list[SkippedCard] = field(default_factory=list)
    errors: list[BadCard] = field(default_factory=list)
    cancelled: bool = False
    # Who claimed what so far: (rule, key) -> description of the card, and the
    # stored contacts already matched, so a later card for either is a duplicate.
    _claims: dict[tuple[str, str], tuple[str, Keys]] = field(default_factory=dict, repr=False)
    _targets: dict[int, str] = field(default_factory=dict, repr=False)

    @property
    def bad(self) -> list[BadCard | SkippedCard]:
        """The cards that are wrong (unreadable or invalid), as opposed to merely not needed."""
        return [*self.errors, *(s for s in self.skipped if s.kind == "invalid")]

    @property
    def to_write(self) -> int:
        return len(self.new) + len(self.updates)

    @property
    def cards_seen(self) -> int:
        return sum(
            map(
                len,
                (
                    self.new,
                    self.updates,
                    self.unchanged,
                    self.duplicates,
                    self.skipped,
                    self.errors,
                ),
            )
        )


def plan_import(
    session: Session,
    cards: Iterable[ParsedCard | CardError],
    *,
    source: str = "",
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int], None] | None = None,
    into: ImportPlan | None = None,
) -> ImportPlan:
    """Plan one file's cards; pass ``into`` to add a further file to the same import."""
    plan = into if into is not None else ImportPlan()
    chunk: list[ParsedCard] = []
    for card in cards:
        if cancelled():
            plan.cancelled = True
            return plan
        if isinstance(card, CardError):
            plan.errors.append(BadCard(source, card.position, card.line, card.message))
            continue
        chunk.append(card)
        if len(chunk) >= CHUNK:
            _plan_chunk(session, plan, chunk, source)
            chunk = []
            if progress is not None:
                progress(plan.cards_seen)
    if cancelled():
        plan.cancelled = True
        return plan
    _plan_chunk(session, plan, chunk, source)
    if progress is not None:
        progress(plan.cards_seen)
    return plan


def _plan_chunk(session: Session, plan: ImportPlan, cards: list[ParsedCard], source: str) -> None:
    valid: list[tuple[ParsedCard, ContactDraft, Keys]] = []
    for card in cards:
        try:
            # A file is taken as written: a birthday in the future (a typo, a test
            # card) does not cost the whole card; only what the user types is checked.
            draft = card.draft.cleaned(today=date.max)
        except ValidationError as exc:
            reason = "; ".join(f"{field_label(k)}: {m}" for k, m in exc.errors.items())
            plan.skipped.append(
                SkippedCard(source, card.position, card.line, _name(card.draft), "invalid", reason)
            )
            continue
        valid.append((card, draft, keys_for(card.uid, draft)))
    if not valid:
        return
    matches = find_matches(session, [(keys, draft) for _, draft, keys in valid])
    wanted = [m.contact_id for m in matches if m is not None and not m.trashed]
    existing = _existing(session, wanted)
    for (card, draft, keys), match in zip(valid, matches, strict=True):
        _plan_card(plan, card, draft, keys, match, existing, source)


def _plan_card(
    plan: ImportPlan,
    card: ParsedCard,
    draft: ContactDraft,
    keys: Keys,
    match: Match | None,
    existing: dict,
    source: str,
) -> None:
    name = _name(draft)
    here = f"card {card.position}" + (f" of {source}" if source else "")

    def skip(kind: str, reason: str, contact_id: int | None = None) -> None:
        target = plan.duplicates if kind == "duplicate" else plan.skipped
        target.append(SkippedCard(source, card.position, card.line, name, kind, reason, contact_id))

    earlier = next(
        (
            plan._claims[k][0]
            for k in keys.all()
            if k in plan._claims and (k[0] != "name" or keys.names_agree(plan._claims[k][1]))
        ),
        None,
    )
    if earlier is None and match is not None:
        earlier = plan._targets.get(match.contact_id)
    if earlier is not None:
        skip("duplicate", f"the same person as {earlier}", match.contact_id if match else None)
        return
    for key in keys.all():
        plan._claims.setdefault(key, (f"{here} ({name})", keys))
    if match is None:
        plan.new.append(
            CardPlan(
                source,
                card.position,
                card.line,
                card.uid,
                name,
                draft,
                list(card.extra_lines),
                list(card.warnings),
                touches=list(card.touches),
            )
        )
        return
    plan._targets[match.contact_id] = f"{here} ({name})"
    if match.trashed:
        skip(
            "trashed",
            f"matches a contact in the trash (by {match.by}); restore it to merge this card",
            match.contact_id,
        )
        return
    before, before_lines, updated_at, existing_name = existing[match.contact_id]
    merge = plan_merge(before, draft)
    changes = list(merge.changes)
    if card.extra_lines and card.extra_lines != before_lines:
        changes.append(
            FieldChange("vcard", REPLACE, _lines(before_lines), _lines(card.extra_lines))
        )
    entry = CardPlan(
        source,
        card.position,
        card.line,
        card.uid,
        name,
        None,
        list(card.extra_lines),
        list(card.warnings),
        match.contact_id,
        match.by,
        existing_name,
        changes,
        updated_at,
        touches=list(card.touches),  # kept only if the contact lacks them (csv_contacts.enrich)
    )
    if any(c.kind != "conflict" for c in changes):
        entry.draft = merge.merged
        plan.updates.append(entry)
    else:
        plan.unchanged.append(entry)


def _existing(
    session: Session, ids: list[int]
) -> dict[int, tuple[ContactDraft, list[str], datetime, str]]:
    """Matched contacts as drafts (to merge into), with their kept vCard lines."""
    if not ids:
        return {}
    ids = list(dict.fromkeys(ids))
    lines = extra_lines_of(session, ids)
    return {
        cid: (draft, lines.get(cid, []), updated_at, name)
        for cid, (draft, updated_at, name) in load_drafts(session, ids=ids).items()
    }


def extra_lines_of(session: Session, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for start in range(0, len(ids), 900):
        part = ids[start : start + 900]
        rows = session.connection().exec_driver_sql(
            "SELECT contact_id, line FROM contact_vcard_property "
            f"WHERE contact_id IN ({','.join('?' * len(part))}) ORDER BY contact_id, position",
            tuple(part),
        )
        for contact_id, line in rows:
            found.setdefault(contact_id, []).append(line)
    return found


def _name(draft: ContactDraft) -> str:
    return display_name_for(draft, draft.emails[0].value if draft.emails else "")


def _lines(lines: list[str]) -> str:
    if not lines:
        return ""
    names = sorted(
        {line.split(":", 1)[0].split(";", 1)[0].rsplit(".", 1)[-1].upper() for line in lines}
    )
    return f"{len(lines)} line{'s' * (len(lines) != 1)}: {', '.join(names)}"
