"""Touch history: log, edit, move and trash touches; keep ``last_touch_at`` true.

``Contact.last_touch_at`` is derived data kept in the same transaction as every
change that can move it (add, edit, move to another contact, trash, restore),
so the reach-out ranking never disagrees with the timeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prm.core import orm
from prm.core.clock import Clock
from prm.core.dates import MAX_YEAR, MIN_YEAR
from prm.core.db_time import db_timestamp
from prm.core.errors import KnownError, NotFoundError, ValidationError
from prm.core.sql_ids import id_chunks
from prm.core.vocab import DIRECTIONS, TOUCH_CHANNELS

if TYPE_CHECKING:  # built on first use (prm.core.orm)
    from prm.core.models import Touch

# Clock skew and "I'll log tonight's dinner now" are fine; further out needs a yes.
FUTURE_GRACE = timedelta(days=1)


class FutureTouchError(KnownError):
    """The touch is dated more than a day ahead; the user must confirm."""


@dataclass
class TouchDraft:
    contact_ids: list[int]
    channel: str
    direction: str = "out"
    occurred_at: datetime | None = None  # aware; None means "now"
    summary: str = ""
    notes: str = ""
    duration_minutes: int | None = None
    needs_reply: bool = False
    follow_up_on: date | None = None
    follow_up_done: bool = False
    contact_names: list[str] = field(default_factory=list, compare=False)


def _validated(
    session: Session, draft: TouchDraft, now: datetime, allow_future: bool
) -> TouchDraft:
    errors: dict[str, str] = {}
    if draft.channel not in TOUCH_CHANNELS:
        errors["channel"] = (
            f"“{draft.channel}” is not a channel; use one of {', '.join(TOUCH_CHANNELS)}"
        )
    if draft.direction not in DIRECTIONS:
        errors["direction"] = "Direction is “out” (you reached them) or “in” (they reached you)."
    if draft.needs_reply and draft.direction != "in":
        errors["needs_reply"] = "Only a touch from them can be waiting for your reply."
    if draft.duration_minutes is not None and not 0 <= draft.duration_minutes <= 24 * 60:
        errors["duration_minutes"] = "Duration is between 0 and 1440 minutes."
    ids = list(dict.fromkeys(draft.contact_ids))
    if not ids:
        errors["contact_ids"] = "Choose who this touch was with."
    else:
        live = set(
            session.exec(
                select(orm.Contact.id).where(
                    col(orm.Contact.id).in_(ids), col(orm.Contact.deleted_at).is_(None)
                )
            )
        )
        missing = [str(i) for i in ids if i not in live]
        if missing:
            errors["contact_ids"] = f"No such contact: #{', #'.join(missing)}."
    moment = draft.occurred_at or now
    if moment.tzinfo is None:
        errors["occurred_at"] = "The time needs a time zone."
    elif not MIN_YEAR <= moment.year <= MAX_YEAR:
        errors["occurred_at"] = f"{moment.year} is not a plausible year."
    if draft.follow_up_on is not None and not MIN_YEAR <= draft.follow_up_on.year <= MAX_YEAR:
        errors["follow_up_on"] = f"{draft.follow_up_on.year} is not a plausible year."
    if errors:
        raise ValidationError(errors)
    if moment - now > FUTURE_GRACE and not allow_future:
        raise FutureTouchError(
            f"This touch is dated {moment:%Y-%m-%d %H:%M}, more than a day from now.",
            hint="Confirm to log it in the future anyway.",
        )
    return TouchDraft(
        contact_ids=ids,
        channel=draft.channel,
        direction=draft.direction,
        occurred_at=moment,
        summary=draft.summary.strip(),
        notes=draft.notes.strip(),
        duration_minutes=draft.duration_minutes,
        needs_reply=draft.needs_reply,
        follow_up_on=draft.follow_up_on,
        follow_up_done=draft.follow_up_done,
    )


def log_touch(
    session: Session, *, draft: TouchDraft, clock: Clock, allow_future: bool = False
) -> Touch:
    now = clock.now()
    clean = _validated(session, draft, now, allow_future)
    touch = orm.Touch(created_at=now, updated_at=now, **_touch_fields(clean))
    touch.participants = [
        orm.TouchParticipant(contact_id=cid, position=i) for i, cid in enumerate(clean.contact_ids)
    ]
    session.add(touch)
    session.flush()
    refresh_last_touch(session, clean.contact_ids)
    return touch


def update_touch(
    session: Session, *, touch_id: int, draft: TouchDraft, clock: Clock, allow_future: bool = False
) -> Touch:
    touch = get_touch(session, touch_id=touch_id)
    before = [p.contact_id for p in touch.participants]
    clean = _validated(session, draft, clock.now(), allow_future)
    for name, value in _touch_fields(clean).items():
        setattr(touch, name, value)
    touch.participants = [
        orm.TouchParticipant(contact_id=cid, position=i) for i, cid in enumerate(clean.contact_ids)
    ]
    touch.updated_at = clock.now()
    session.flush()
    refresh_last_touch(session, set(before) | set(clean.contact_ids))
    return touch


def _touch_fields(clean: TouchDraft) -> dict:
    return {
        "occurred_at": clean.occurred_at,
        "channel": clean.channel,
        "direction": clean.direction,
        "summary": clean.summary,
        "notes": clean.notes,
        "duration_minutes": clean.duration_minutes,
        "needs_reply": clean.needs_reply,
        "follow_up_on": clean.follow_up_on,
        "follow_up_done": clean.follow_up_done,
    }


def get_touch(session: Session, *, touch_id: int) -> Touch:
    touch = session.get(orm.Touch, touch_id)
    if touch is None:
        raise NotFoundError(f"There is no touch #{touch_id}.")
    touch.participants  # noqa: B018 - load before the session closes
    return touch


def draft_from_touch(touch: Touch) -> TouchDraft:
    return TouchDraft(
        contact_ids=[p.contact_id for p in touch.participants],
        **{k: getattr(touch, k) for k in _touch_fields(TouchDraft([], ""))},
    )


def touch_draft(session: Session, *, touch_id: int) -> TouchDraft:
    """A stored touch as the editor shows it, with the participants' names for the chips."""
    draft = draft_from_touch(get_touch(session, touch_id=touch_id))
    names = dict(
        session.exec(
            select(orm.Contact.id, orm.Contact.display_name).where(
                col(orm.Contact.id).in_(draft.contact_ids)
            )
        ).all()
    )
    draft.contact_names = [names.get(cid, f"Contact #{cid}") for cid in draft.contact_ids]
    return draft


@dataclass(frozen=True)
class TouchContact:
    """Who a touch is being logged with: enough to name them and pick the channel."""

    id: int
    name: str
    preferred_channel: str  # "" when they have none
    in_trash: bool


def touch_contact(session: Session, *, contact_id: int) -> TouchContact:
    row = session.exec(
        select(
            orm.Contact.display_name, orm.Contact.preferred_channel, orm.Contact.deleted_at
        ).where(orm.Contact.id == contact_id)
    ).first()
    if row is None:
        raise NotFoundError(f"There is no contact #{contact_id}.")
    name, channel, deleted_at = row
    return TouchContact(contact_id, name, channel or "", deleted_at is not None)


def trash_touches(session: Session, *, ids: Iterable[int], clock: Clock) -> list[int]:
    ids = list(ids)
    moved = list(
        session.exec(
            select(orm.Touch.id).where(
                col(orm.Touch.id).in_(ids), col(orm.Touch.deleted_at).is_(None)
            )
        )
    )
    session.exec(  # type: ignore[call-overload]
        sa.update(orm.Touch).where(col(orm.Touch.id).in_(moved)).values(deleted_at=clock.now())
    )
    refresh_last_touch(session, _participants_of(session, moved))
    return moved


def restore_touches(session: Session, *, ids: Iterable[int]) -> list[int]:
    ids = list(ids)
    back = list(
        session.exec(
            select(orm.Touch.id).where(
                col(orm.Touch.id).in_(ids), col(orm.Touch.deleted_at).is_not(None)
            )
        )
    )
    session.exec(sa.update(orm.Touch).where(col(orm.Touch.id).in_(back)).values(deleted_at=None))  # type: ignore[call-overload]
    refresh_last_touch(session, _participants_of(session, back))
    return back


def _participants_of(session: Session, touch_ids: list[int]) -> set[int]:
    if not touch_ids:
        return set()
    return set(
        session.exec(
            select(orm.TouchParticipant.contact_id).where(
                col(orm.TouchParticipant.touch_id).in_(touch_ids)
            )
        )
    )


def refresh_last_touch(session: Session, contact_ids: Iterable[int]) -> None:
    """Recompute what is derived from these contacts' touches: ``last_touch_at``,
    and which of their messages have been answered."""
    params = [(cid, cid) for cid in set(contact_ids)]
    if not params:
        return
    conn = session.connection()
    conn.exec_driver_sql(
        "UPDATE contact SET last_touch_at = ("
        " SELECT max(t.occurred_at) FROM touch_participant p JOIN touch t ON t.id = p.touch_id"
        " WHERE p.contact_id = ? AND t.deleted_at IS NULL) WHERE id = ?",
        params,
    )
    # A message is answered by the first live outbound touch to any of its
    # people at or after it; undoing, moving or re-dating that reply re-opens it.
    conn.exec_driver_sql(
        "UPDATE touch SET replied_at = ("
        " SELECT min(o.occurred_at) FROM touch o"
        " JOIN touch_participant op ON op.touch_id = o.id"
        " JOIN touch_participant ip ON ip.contact_id = op.contact_id AND ip.touch_id = touch.id"
        " WHERE o.direction = 'out' AND o.deleted_at IS NULL AND o.occurred_at >= touch.occurred_at)"
        " WHERE needs_reply = 1 AND id IN (SELECT touch_id FROM touch_participant WHERE contact_id = ?)",
        [(cid,) for cid, _ in params],
    )


def trash_with_contacts(session: Session, *, contact_ids: list[int], at: datetime) -> None:
    """Touches whose every participant is now in the trash go to the trash too,
    stamped with the same moment so restoring the contact brings them back."""
    if not contact_ids:
        return
    for part, marks in id_chunks(contact_ids):
        session.connection().exec_driver_sql(
            f"UPDATE touch SET deleted_at = ? WHERE deleted_at IS NULL AND id IN ("
            f" SELECT touch_id FROM touch_participant WHERE contact_id IN ({marks}))"
            f" AND NOT EXISTS (SELECT 1 FROM touch_participant p"
            f"  JOIN contact c ON c.id = p.contact_id"
            f"  WHERE p.touch_id = touch.id AND c.deleted_at IS NULL)",
            (db_timestamp(at), *part),
        )


def restore_with_contacts(
    session: Session, *, contact_ids: list[int], trashed_at: dict[int, datetime]
) -> None:
    """Bring back the touches that went to the trash together with these contacts."""
    for cid in contact_ids:
        session.connection().exec_driver_sql(
            "UPDATE touch SET deleted_at = NULL WHERE deleted_at = ? AND id IN ("
            " SELECT touch_id FROM touch_participant WHERE contact_id = ?)",
            (db_timestamp(trashed_at[cid]), cid),
        )
    refresh_last_touch(session, contact_ids)


def purge_orphans(session: Session, purged_contacts: Iterable[int] = ()) -> int:
    """Touches left with no participant (all of them purged) go for good.

    Their rows, and the participations of ``purged_contacts``, go behind the ORM's
    back: their objects leave the session too, or a touch logged later in it that
    gets a freed id would meet a stale object of that id."""
    gone = {
        tid
        for (tid,) in session.connection().exec_driver_sql(
            "DELETE FROM touch WHERE NOT EXISTS"
            " (SELECT 1 FROM touch_participant p WHERE p.touch_id = touch.id) RETURNING id"
        )
    }
    people = set(purged_contacts)
    stale = [
        obj
        for obj in session.identity_map.values()
        if (isinstance(obj, orm.Touch) and obj.id in gone)
        or (
            isinstance(obj, orm.TouchParticipant)
            and (obj.touch_id in gone or obj.contact_id in people)
        )
    ]
    for obj in stale:
        if obj in session:  # a touch takes its participants along (the relationship's cascade)
            session.expunge(obj)
    return len(gone)


def complete_follow_up(session: Session, *, touch_id: int, done: bool = True) -> Touch:
    touch = get_touch(session, touch_id=touch_id)
    touch.follow_up_done = done
    session.flush()
    return touch
