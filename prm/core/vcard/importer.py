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
- ``duplicates``: the same person as an earlier card of this import (same UID;
  agreeing names and a shared email or phone; the same name and nothing that
  tells them apart; or the same stored contact): **merged into that earlier
  card** (its extra fields kept, as a match with the store would be) and listed
  here so the summary accounts for it. Cards that only share an email or phone
  with an earlier one but name someone else are two people, each imported.
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
    # What the contact will be after this card (and any later duplicate merged into
    # it); for an unchanged match, the stored contact as it is.
    result: ContactDraft | None = field(default=None, repr=False)

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
    _claims: dict[tuple[str, str], tuple[CardPlan, Keys]] = field(default_factory=dict, repr=False)
    _targets: dict[int, tuple[CardPlan, Keys]] = field(default_factory=dict, repr=False)

    @property
    def bad(self) -> list[BadCard | SkippedCard]:
        """The cards that are wrong (unreadable or invalid), as opposed to merely not needed."""
        return [*self.errors, *(s for s in self.skipped if s.kind == "invalid")]

    @property
    def merged(self) -> int:
        """Cards merged into a stored contact or into an earlier card of the import."""
        return len(self.updates) + len(self.duplicates)

    @property
    def reported(self) -> int:
        """Cards not imported, each listed with its reason (invalid, in the trash, unreadable)."""
        return len(self.skipped) + len(self.errors)

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

    def skip(kind: str, reason: str, contact_id: int | None = None) -> None:
        target = plan.duplicates if kind == "duplicate" else plan.skipped
        target.append(SkippedCard(source, card.position, card.line, name, kind, reason, contact_id))

    earlier = _earlier_card(plan, keys)
    if earlier is None and match is not None and match.contact_id in plan._targets:
        target, claimed_by = plan._targets[match.contact_id]
        if keys.same_person(claimed_by):
            earlier = target
        else:
            # A contact without a name matched both Ana's and Tomás's card: it is
            # Ana's (the first); Tomás is someone else, so he is created.
            match = None
    if earlier is not None:
        _merge_into_earlier(plan, earlier, card, draft)
        where = f"card {earlier.position}" + (f" of {earlier.source}" if earlier.source else "")
        skip("duplicate", f"merged into {where} ({earlier.name})", earlier.contact_id)
        return
    if match is None:
        entry = CardPlan(
            source,
            card.position,
            card.line,
            card.uid,
            name,
            draft,
            list(card.extra_lines),
            list(card.warnings),
            result=draft,
            touches=list(card.touches),
        )
        _claim(plan, keys, entry)
        plan.new.append(entry)
        return
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
        result=merge.merged,
        touches=list(card.touches),  # kept only if the contact lacks them (csv_contacts.enrich)
    )
    _claim(plan, keys, entry)
    plan._targets[match.contact_id] = (entry, keys)
    if any(c.kind != "conflict" for c in changes):
        entry.draft = merge.merged
        plan.updates.append(entry)
    else:
        plan.unchanged.append(entry)


def _earlier_card(plan: ImportPlan, keys: Keys) -> CardPlan | None:
    """The earlier card of this import that is the same person, if any (see the module doc)."""
    for key in keys.all():
        claim = plan._claims.get(key)
        if claim is None:
            continue
        entry, other = claim
        rule = key[0]
        if (
            rule == "uid"
            or (rule in ("email", "phone") and keys.same_person(other))
            or (rule == "name" and keys.names_agree(other))
        ):
            return entry
    return None


def _claim(plan: ImportPlan, keys: Keys, entry: CardPlan) -> None:
    for key in keys.all():
        plan._claims.setdefault(key, (entry, keys))


def _merge_into_earlier(
    plan: ImportPlan, earlier: CardPlan, card: ParsedCard, draft: ContactDraft
) -> None:
    """A later card of the same person adds what it has to the earlier one, never replacing."""
    assert earlier.result is not None
    merge = plan_merge(earlier.result, draft)
    earlier.result = merge.merged
    earlier.extra_lines += [line for line in card.extra_lines if line not in earlier.extra_lines]
    earlier.warnings += card.warnings
    earlier.touches += [t for t in card.touches if t not in earlier.touches]
    if earlier.contact_id is None:
        earlier.draft = merge.merged  # a new contact: created with both cards' fields
        return
    earlier.changes += merge.changes
    if merge.changed:
        earlier.draft = merge.merged
        if earlier in plan.unchanged:  # it now brings something after all
            plan.unchanged.remove(earlier)
            plan.updates.append(earlier)


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
