"""The review queue: proposals saved once, listed by person and day, decided.

Accepting goes through ``touches.log_touch`` like a typed touch, so Reach out,
Awaiting reply and the timeline move the same way; many accepts are one
transaction (one undo step in the app). A proposal row outlives the decision:
its ``(item_kind, key)`` is what makes "never proposed twice" true.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo

from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session, col, func, select

from prm.core.capture.proposer import Proposed, domain_of
from prm.core.capture.waiting import pending_count  # noqa: F401  # the queue's count, re-exported
from prm.core.clock import Clock
from prm.core.errors import NotFoundError, ValidationError
from prm.core.models import (
    CaptureIgnore,
    CaptureProposal,
    CaptureProposalPerson,
    Contact,
    Touch,
    TouchParticipant,
)
from prm.core.text_fold import words
from prm.core.touches import TouchDraft, log_touch

IGNORE_KINDS = ("sender", "domain", "calendar")


@dataclass(frozen=True)
class ProposalPersonView:
    email: str
    name: str
    contact_id: int | None  # None: not a contact
    contact_name: str = ""  # the contact's display name when known


@dataclass(frozen=True)
class ProposalView:
    id: int
    source_id: int
    item_kind: str
    occurred_at: datetime
    channel: str
    direction: str
    summary: str
    duration_minutes: int | None
    needs_reply: bool
    status: str
    people: tuple[ProposalPersonView, ...]
    sender: str = ""
    calendar: str = ""
    touch_id: int | None = None


@dataclass(frozen=True)
class ProposalGroup:
    """Proposals for one person on one day (the person: the first contact on them)."""

    contact_id: int | None
    person: str  # display name, or the email of someone unknown
    day: date
    proposals: tuple[ProposalView, ...]


@dataclass(frozen=True)
class ProposalEdit:
    """What the user changed before accepting; ``None`` keeps the proposal's value."""

    channel: str | None = None
    direction: str | None = None
    summary: str | None = None
    occurred_at: datetime | None = None
    duration_minutes: int | None = None
    needs_reply: bool | None = None
    contact_ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class NewContactSuggestion:
    """Someone who keeps appearing next to contacts but is not one."""

    email: str
    name: str
    items: int
    last_seen: datetime


def save_proposals(
    session: Session, proposed: Iterable[Proposed], *, source_id: int, clock: Clock
) -> list[int]:
    """Store the new ones; a key seen before (any status, any source) is skipped.
    Returns the ids of proposals actually added."""
    now = clock.now()
    added: list[int] = []
    for p in proposed:
        p = _settle_reply(session, p)
        row = {
            "source_id": source_id,
            "item_kind": p.item_kind,
            "key": p.key,
            "occurred_at": p.occurred_at,
            "channel": p.channel,
            "direction": p.direction,
            "summary": p.summary,
            "location": p.location,
            "duration_minutes": p.duration_minutes,
            "needs_reply": p.needs_reply,
            "thread": p.thread,
            "calendar": p.calendar,
            "sender": p.sender,
            "status": "pending",
            "created_at": now,
        }
        stmt = insert(CaptureProposal).values(**row).on_conflict_do_nothing()
        result = session.exec(stmt.returning(CaptureProposal.id))  # type: ignore[call-overload]
        new_id = result.scalar()
        if new_id is None:
            continue
        added.append(new_id)
        session.add_all(
            CaptureProposalPerson(
                proposal_id=new_id,
                position=i,
                email=person.email,
                name=person.name,
                contact_id=person.contact_id,
            )
            for i, person in enumerate(p.people)
        )
        if p.direction == "out" and p.thread:
            _answer_thread(session, p.thread, p.occurred_at)
    session.flush()
    return added


def _settle_reply(session: Session, p: Proposed) -> Proposed:
    """An inbound message already followed by my message in its thread, or by an
    outbound touch to its person, is not waiting for a reply."""
    if not p.needs_reply:
        return p
    answered = session.exec(
        select(CaptureProposal.id).where(
            CaptureProposal.thread == p.thread,
            CaptureProposal.direction == "out",
            col(CaptureProposal.occurred_at) >= p.occurred_at,
        )
    ).first()
    if answered is None and p.contact_ids:
        answered = session.exec(
            select(Touch.id)
            .join(TouchParticipant, col(TouchParticipant.touch_id) == Touch.id)
            .where(
                col(TouchParticipant.contact_id).in_(p.contact_ids),
                Touch.direction == "out",
                col(Touch.deleted_at).is_(None),
                col(Touch.occurred_at) >= p.occurred_at,
            )
        ).first()
    return replace(p, needs_reply=False) if answered is not None else p


def _answer_thread(session: Session, thread: str, at: datetime) -> None:
    session.flush()
    for row in session.exec(
        select(CaptureProposal).where(
            CaptureProposal.thread == thread,
            CaptureProposal.status == "pending",
            CaptureProposal.needs_reply == True,  # noqa: E712 (SQL, not Python)
            col(CaptureProposal.occurred_at) <= at,
        )
    ):
        row.needs_reply = False


def known_keys(session: Session, item_kind: str, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` were proposed before (so the runner can skip them early)."""
    keys = list(keys)
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(
            session.exec(
                select(CaptureProposal.key).where(
                    CaptureProposal.item_kind == item_kind,
                    col(CaptureProposal.key).in_(keys[start : start + 500]),
                )
            )
        )
    return found


def _with_a_contact():
    """A proposal someone in the address book is on; the others wait under "New contacts?"."""
    return (
        select(CaptureProposalPerson.proposal_id)
        .where(
            CaptureProposalPerson.proposal_id == CaptureProposal.id,
            col(CaptureProposalPerson.contact_id).is_not(None),
        )
        .exists()
    )


def get_proposals(session: Session, ids: Iterable[int]) -> list[ProposalView]:
    rows = session.exec(select(CaptureProposal).where(col(CaptureProposal.id).in_(list(ids)))).all()
    return _views(session, sorted(rows, key=lambda r: (r.occurred_at, r.id)))


def list_proposals(
    session: Session,
    *,
    zone: tzinfo,
    status: str = "pending",
    limit: int | None = None,
    offset: int = 0,
) -> list[ProposalGroup]:
    """Newest first, grouped by (person, day in ``zone``)."""
    query = (
        select(CaptureProposal)
        .where(CaptureProposal.status == status, _with_a_contact())
        .order_by(col(CaptureProposal.occurred_at).desc(), col(CaptureProposal.id).desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    views = _views(session, session.exec(query).all())
    groups: dict[tuple[object, date], list[ProposalView]] = {}
    heads: dict[tuple[object, date], tuple[int | None, str]] = {}
    for view in views:
        head = next((p for p in view.people if p.contact_id is not None), None) or (
            view.people[0] if view.people else ProposalPersonView("", "", None)
        )
        who = (head.contact_id, head.contact_name or head.name or head.email)
        group_key = (head.contact_id or head.email, view.occurred_at.astimezone(zone).date())
        groups.setdefault(group_key, []).append(view)
        heads.setdefault(group_key, who)
    return [ProposalGroup(heads[k][0], heads[k][1], k[1], tuple(v)) for k, v in groups.items()]


def _views(session: Session, rows: list[CaptureProposal]) -> list[ProposalView]:
    ids = [r.id for r in rows]
    people: dict[int, list[ProposalPersonView]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for person, name in session.exec(
            select(CaptureProposalPerson, Contact.display_name)
            .join(Contact, col(Contact.id) == CaptureProposalPerson.contact_id, isouter=True)
            .where(col(CaptureProposalPerson.proposal_id).in_(chunk))
            .order_by(col(CaptureProposalPerson.position))
        ):
            people.setdefault(person.proposal_id, []).append(
                ProposalPersonView(person.email, person.name, person.contact_id, name or "")
            )
    return [
        ProposalView(
            id=r.id,
            source_id=r.source_id,
            item_kind=r.item_kind,
            occurred_at=r.occurred_at,
            channel=r.channel,
            direction=r.direction,
            summary=r.summary,
            duration_minutes=r.duration_minutes,
            needs_reply=r.needs_reply,
            status=r.status,
            people=tuple(people.get(r.id, ())),
            sender=r.sender,
            calendar=r.calendar,
            touch_id=r.touch_id,
        )
        for r in rows
    ]


def new_contact_suggestions(session: Session, *, limit: int = 50) -> list[NewContactSuggestion]:
    """People on pending proposals who are not contacts, most frequent first."""
    rows = session.exec(
        select(
            CaptureProposalPerson.email,
            func.max(CaptureProposalPerson.name),
            func.count(),
            func.max(CaptureProposal.occurred_at),
        )
        .join(CaptureProposal, col(CaptureProposal.id) == CaptureProposalPerson.proposal_id)
        .where(
            col(CaptureProposalPerson.contact_id).is_(None),
            CaptureProposalPerson.email != "",
            CaptureProposal.status == "pending",
        )
        .group_by(CaptureProposalPerson.email)
        .order_by(func.count().desc(), CaptureProposalPerson.email)
        .limit(limit)
    ).all()
    from prm.core.models import parse_db_timestamp

    return [
        NewContactSuggestion(
            email,
            name or "",
            count,
            last if isinstance(last, datetime) else parse_db_timestamp(last),
        )
        for email, name, count, last in rows
    ]


def _pending(session: Session, ids: Iterable[int]) -> list[CaptureProposal]:
    ids = list(dict.fromkeys(ids))
    rows = {
        r.id: r
        for r in session.exec(select(CaptureProposal).where(col(CaptureProposal.id).in_(ids)))
    }
    missing = [i for i in ids if i not in rows]
    if missing:
        raise NotFoundError(f"No such proposal: #{', #'.join(map(str, missing))}.")
    decided = [i for i in ids if rows[i].status != "pending"]
    if decided:
        raise ValidationError({"ids": f"Already decided: #{', #'.join(map(str, decided))}."})
    return [rows[i] for i in ids]


def pending_ids(session: Session) -> list[int]:
    return list(
        session.exec(
            select(CaptureProposal.id)
            .where(CaptureProposal.status == "pending", _with_a_contact())
            .order_by(col(CaptureProposal.occurred_at), col(CaptureProposal.id))
        )
    )


def accept(
    session: Session,
    ids: Iterable[int],
    *,
    clock: Clock,
    edits: dict[int, ProposalEdit] | None = None,
) -> list[int]:
    """Log each proposal as a touch (oldest first, so a later outbound message
    answers an earlier inbound one); returns the new touch ids in ``ids`` order.
    Call inside one transaction: all are accepted or none."""
    rows = _pending(session, ids)
    edits = edits or {}
    people = _contacts_of(session, [r.id for r in rows])
    touch_of: dict[int, int] = {}
    now = clock.now()
    for row in sorted(rows, key=lambda r: (r.occurred_at, r.id)):
        edit = edits.get(row.id, ProposalEdit())
        contact_ids = list(edit.contact_ids) if edit.contact_ids is not None else people[row.id]
        draft = TouchDraft(
            contact_ids=contact_ids,
            channel=edit.channel or row.channel,
            direction=edit.direction or row.direction,
            occurred_at=edit.occurred_at or row.occurred_at,
            summary=row.summary if edit.summary is None else edit.summary,
            duration_minutes=edit.duration_minutes
            if edit.duration_minutes is not None
            else row.duration_minutes,
            needs_reply=row.needs_reply if edit.needs_reply is None else edit.needs_reply,
        )
        if draft.direction != "in":
            draft.needs_reply = False
        touch = log_touch(session, draft=draft, clock=clock, allow_future=True)
        row.status, row.touch_id, row.decided_at = "accepted", touch.id, now
        touch_of[row.id] = touch.id
    session.flush()
    return [touch_of[r.id] for r in rows]


def _contacts_of(session: Session, ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {i: [] for i in ids}
    for pid, cid in session.exec(
        select(CaptureProposalPerson.proposal_id, CaptureProposalPerson.contact_id)
        .where(
            col(CaptureProposalPerson.proposal_id).in_(ids),
            col(CaptureProposalPerson.contact_id).is_not(None),
        )
        .order_by(col(CaptureProposalPerson.position))
    ):
        if cid not in out[pid]:
            out[pid].append(cid)
    return out


def reject(session: Session, ids: Iterable[int], *, clock: Clock) -> list[int]:
    rows = _pending(session, ids)
    now = clock.now()
    for row in rows:
        row.status, row.decided_at = "rejected", now
    session.flush()
    return [r.id for r in rows]


def normalize_ignore(kind: str, value: str) -> str:
    if kind not in IGNORE_KINDS:
        raise ValidationError({"kind": f"Ignore a {', a '.join(IGNORE_KINDS)}, not “{kind}”."})
    value = value.strip()
    if kind == "calendar":
        value = " ".join(words(value))
    elif kind == "domain":
        value = value.lower().lstrip("@")
    else:
        value = value.lower()
    if not value:
        raise ValidationError({"value": f"Say which {kind} to ignore."})
    return value


def ignore(session: Session, kind: str, value: str, *, clock: Clock) -> list[int]:
    """Remember the rule and reject the pending proposals it matches (their ids)."""
    value = normalize_ignore(kind, value)
    stmt = insert(CaptureIgnore).values(kind=kind, value=value, created_at=clock.now())
    session.exec(stmt.on_conflict_do_nothing())  # type: ignore[call-overload]
    pending = session.exec(select(CaptureProposal).where(CaptureProposal.status == "pending")).all()
    matches = [r.id for r in pending if _matches(r, kind, value)]
    return reject(session, matches, clock=clock) if matches else []


def _matches(row: CaptureProposal, kind: str, value: str) -> bool:
    if kind == "sender":
        return row.sender == value
    if kind == "domain":
        return bool(row.sender) and domain_of(row.sender) == value
    return bool(row.calendar) and " ".join(words(row.calendar)) == value
