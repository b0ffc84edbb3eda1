"""Gifts per contact: ideas to keep, gifts given (each one a touch), gifts received.

A given gift logs a touch with channel "gift" in the same transaction, so
``last_touch_at`` and the reach-out ranking count it. The gift remembers that
touch (``touch_id``); whenever the gift stops being given (edited back to an
idea, trashed, an Undo) the touch goes to the trash, and it comes back when the
gift is given again, so the history never shows a gift that is not there.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from prm.core import orm, touches, validation
from prm.core.clock import Clock
from prm.core.dates import parse_day, today_in
from prm.core.errors import KnownError, NotFoundError, ValidationError
from prm.core.timeline_entry import KIND_GIFT, TimelineEntry
from prm.core.vocab import GIFT_STATUSES

if TYPE_CHECKING:  # built on first use (prm.core.orm)
    from prm.core.models import Gift, Touch

IDEA, GIVEN, RECEIVED = "idea", "given", "received"
UPCOMING_DAYS = 60


@dataclass
class GiftDraft:
    """A gift as typed in the editor or on the command line (every value text)."""

    contact_id: int | None = None
    description: str = ""
    status: str = IDEA
    occasion: str = ""
    on_date: str = ""  # YYYY-MM-DD or "14 March 2026"
    price: str = ""
    currency: str = ""
    url: str = ""
    where: str = ""
    reaction: str = ""
    notes: str = ""

    def cleaned(self) -> GiftDraft:
        """A normalized copy, or ValidationError naming every field that is wrong."""
        errors: dict[str, str] = {}
        out = replace(
            self,
            **{
                f.name: getattr(self, f.name).strip()
                for f in fields(self)
                if isinstance(getattr(self, f.name), str)
            },
        )
        out.description = " ".join(out.description.split())
        if self.contact_id is None:
            errors["contact_id"] = "Choose who the gift is for (or from)."
        if not out.description:
            errors["description"] = "Say what the gift is."
        if out.status not in GIFT_STATUSES:
            errors["status"] = f"“{out.status}” is not a gift status; use idea, given or received."
        for name, check in (
            ("on_date", lambda text: day.isoformat() if (day := parse_day(text)) else ""),
            ("price", validation.clean_price),
            ("currency", validation.clean_currency),
            ("url", validation.clean_url),
        ):
            if getattr(out, name):
                try:
                    setattr(out, name, check(getattr(out, name)))
                except ValueError as exc:
                    errors[name] = str(exc)
        if errors:
            raise ValidationError(errors)
        return out

    @property
    def day(self) -> date | None:
        return date.fromisoformat(self.on_date) if self.on_date else None


class AlreadyGivenError(KnownError):
    """The contact was already given this gift; the user must say "give it again"."""

    def __init__(self, message: str, *, previous: GiftRow) -> None:
        super().__init__(message, hint="Give it again anyway?")
        self.previous = previous


@dataclass(frozen=True)
class GiftRow:
    """A gift as lists, the card, the CLI and the editor show it (no ORM object)."""

    id: int
    contact_id: int
    contact_name: str
    status: str
    description: str
    occasion: str
    on_date: date | None
    price: str
    currency: str
    url: str
    where: str
    reaction: str
    notes: str
    touch_id: int | None
    created_at: datetime

    def draft(self) -> GiftDraft:
        return GiftDraft(
            contact_id=self.contact_id,
            description=self.description,
            status=self.status,
            occasion=self.occasion,
            on_date=self.on_date.isoformat() if self.on_date else "",
            price=self.price,
            currency=self.currency,
            url=self.url,
            where=self.where,
            reaction=self.reaction,
            notes=self.notes,
        )

    def to_json(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["on_date"] = self.on_date.isoformat() if self.on_date else None
        data["created_at"] = self.created_at.isoformat()
        return data


def day_text(day: date) -> str:
    """``3 March 2025`` (no %-d: it does not exist on Windows)."""
    return f"{day.day} {day:%B %Y}"


# --- writing -------------------------------------------------------------------


def add_gift(
    session: Session,
    *,
    draft: GiftDraft,
    clock: Clock,
    zone: tzinfo = UTC,
    allow_again: bool = False,
) -> Gift:
    clean = _checked(session, draft, None, clock, zone, allow_again)
    now = clock.now()
    gift = orm.Gift(created_at=now, updated_at=now, **_gift_fields(clean))
    session.add(gift)
    session.flush()
    _sync_touch(session, gift, clock, zone)
    return gift


def update_gift(
    session: Session,
    *,
    gift_id: int,
    draft: GiftDraft,
    clock: Clock,
    zone: tzinfo = UTC,
    allow_again: bool = False,
) -> Gift:
    gift = get_gift(session, gift_id=gift_id)
    clean = _checked(session, draft, gift, clock, zone, allow_again)
    for name, value in _gift_fields(clean).items():
        setattr(gift, name, value)
    gift.updated_at = clock.now()
    session.flush()
    _sync_touch(session, gift, clock, zone)
    return gift


def mark_given(
    session: Session,
    *,
    gift_id: int,
    on: date | None = None,
    clock: Clock,
    zone: tzinfo = UTC,
    allow_again: bool = False,
) -> Gift:
    """Given on ``on`` (default today): the gift turns "given" and logs its touch."""
    draft = row_of(session, get_gift(session, gift_id=gift_id)).draft()
    draft.status = GIVEN
    draft.on_date = (on or today_in(zone, clock)).isoformat()
    return update_gift(
        session, gift_id=gift_id, draft=draft, clock=clock, zone=zone, allow_again=allow_again
    )


def trash_gift(session: Session, *, gift_id: int, clock: Clock) -> Gift:
    gift = get_gift(session, gift_id=gift_id)
    if gift.deleted_at is None:
        gift.deleted_at = clock.now()
        session.flush()
        _sync_touch(session, gift, clock, UTC)
    return gift


def restore_gift(session: Session, *, gift_id: int, clock: Clock, zone: tzinfo = UTC) -> Gift:
    gift = get_gift(session, gift_id=gift_id)
    if gift.deleted_at is not None:
        gift.deleted_at = None
        session.flush()
        _sync_touch(session, gift, clock, zone)
    return gift


def _checked(
    session: Session,
    draft: GiftDraft,
    gift: Gift | None,
    clock: Clock,
    zone: tzinfo,
    allow_again: bool,
) -> GiftDraft:
    clean = draft.cleaned()
    contact = session.get(orm.Contact, clean.contact_id)
    if contact is None or contact.deleted_at is not None:
        raise ValidationError({"contact_id": f"No such contact: #{clean.contact_id}."})
    today = today_in(zone, clock)
    if clean.status == GIVEN and not clean.on_date:
        clean.on_date = today.isoformat()  # given without a date: given today
    if clean.status == GIVEN and clean.day and clean.day > today:
        raise ValidationError(
            {"on_date": "A gift cannot be given in the future; keep it as an idea until then."}
        )
    newly_given = clean.status == GIVEN and (gift is None or gift.status != GIVEN)
    if newly_given and not allow_again:
        previous = same_gift_given(
            session,
            contact_id=contact.id,
            description=clean.description,
            url=clean.url,
            exclude_id=gift.id if gift else None,
        )
        if previous is not None:
            when = f" on {day_text(previous.on_date)}" if previous.on_date else ""
            raise AlreadyGivenError(
                f"You gave {contact.display_name} “{previous.description}”{when}.",
                previous=previous,
            )
    return clean


def _gift_fields(clean: GiftDraft) -> dict:
    return {
        "contact_id": clean.contact_id,
        "status": clean.status,
        "description": clean.description,
        "occasion": clean.occasion,
        "on_date": clean.day,
        "price": clean.price,
        "currency": clean.currency,
        "url": clean.url,
        "where": clean.where,
        "reaction": clean.reaction,
        "notes": clean.notes,
    }


def _sync_touch(session: Session, gift: Gift, clock: Clock, zone: tzinfo) -> None:
    """Keep the gift's touch in step: live exactly while the gift is live and given."""
    touch = session.get(orm.Touch, gift.touch_id) if gift.touch_id is not None else None
    wanted = gift.status == GIVEN and gift.deleted_at is None
    if not wanted:
        if touch is not None and touch.deleted_at is None:
            touches.trash_touches(session, ids=[touch.id], clock=clock)
        return
    draft = touches.TouchDraft(
        contact_ids=[gift.contact_id],
        channel="gift",
        direction="out",
        occurred_at=_given_at(gift.on_date, touch, clock, zone),
        summary=_touch_summary(gift),
    )
    if touch is None:
        gift.touch_id = touches.log_touch(session, draft=draft, clock=clock, allow_future=True).id
    else:
        if touch.deleted_at is not None:
            touches.restore_touches(session, ids=[touch.id])
        kept = touches.draft_from_touch(touch)  # the notes or follow-up the user added there
        kept.contact_ids, kept.occurred_at, kept.summary = (
            draft.contact_ids,
            draft.occurred_at,
            draft.summary,
        )
        touches.update_touch(session, touch_id=touch.id, draft=kept, clock=clock, allow_future=True)
    session.flush()


def _given_at(day: date | None, touch: Touch | None, clock: Clock, zone: tzinfo) -> datetime:
    """The touch's moment: unchanged if already on that day, now for today, else noon."""
    now = clock.now()
    day = day or now.astimezone(zone).date()
    if touch is not None and touch.occurred_at.astimezone(zone).date() == day:
        return touch.occurred_at
    if day == now.astimezone(zone).date():
        return now
    return datetime.combine(day, time(12), zone).astimezone(UTC)


def _touch_summary(gift: Gift) -> str:
    return f"Gift: {gift.description}" + (f" ({gift.occasion})" if gift.occasion else "")


# --- reading -------------------------------------------------------------------


@dataclass(frozen=True)
class GiftPreferences:
    """What someone likes, shown beside the gift being chosen for them."""

    name: str
    coffee: str
    food: str
    dietary: str
    culture: str


@dataclass(frozen=True)
class GiftToEdit:
    gift: GiftRow
    preferences: GiftPreferences


def gift_preferences(session: Session, *, contact_id: int) -> GiftPreferences:
    c = session.get(orm.Contact, contact_id)
    if c is None:
        raise NotFoundError(f"There is no contact #{contact_id}.")
    return GiftPreferences(
        c.display_name, c.pref_coffee, c.pref_food, c.pref_dietary, c.pref_culture
    )


def gift_to_edit(session: Session, *, gift_id: int) -> GiftToEdit:
    row = row_of(session, get_gift(session, gift_id=gift_id))
    return GiftToEdit(row, gift_preferences(session, contact_id=row.contact_id))


def get_gift(session: Session, *, gift_id: int) -> Gift:
    gift = session.get(orm.Gift, gift_id)
    if gift is None:
        raise NotFoundError(f"There is no gift #{gift_id}.")
    return gift


def row_of(session: Session, gift: Gift) -> GiftRow:
    contact = session.get(orm.Contact, gift.contact_id)
    return _row(gift, contact.display_name if contact else "")


def _row(gift: Gift, name: str) -> GiftRow:
    return GiftRow(
        id=gift.id,
        contact_id=gift.contact_id,
        contact_name=name,
        status=gift.status,
        description=gift.description,
        occasion=gift.occasion,
        on_date=gift.on_date,
        price=gift.price,
        currency=gift.currency,
        url=gift.url,
        where=gift.where,
        reaction=gift.reaction,
        notes=gift.notes,
        touch_id=gift.touch_id,
        created_at=gift.created_at,
    )


def _live_rows(session: Session, *conditions) -> list[GiftRow]:
    """Live gifts of live contacts (a trashed contact's gifts hide with them)."""
    stmt = (
        select(orm.Gift, orm.Contact.display_name)
        .join(orm.Contact, orm.Contact.id == orm.Gift.contact_id)
        .where(
            col(orm.Gift.deleted_at).is_(None), col(orm.Contact.deleted_at).is_(None), *conditions
        )
    )
    return [_row(gift, name) for gift, name in session.exec(stmt)]


def list_gifts(session: Session, *, contact_id: int | None = None) -> list[GiftRow]:
    """Newest first: by date where there is one, else by when it was noted."""
    rows = _live_rows(session, *([orm.Gift.contact_id == contact_id] if contact_id else []))
    return sorted(rows, key=lambda r: (r.on_date or r.created_at.date(), r.id), reverse=True)


def same_gift_given(
    session: Session,
    *,
    contact_id: int,
    description: str,
    url: str = "",
    exclude_id: int | None = None,
) -> GiftRow | None:
    """The latest gift already given to this contact that is the same thing:
    the same description (ignoring case and spacing) or the same web page."""
    wanted = " ".join(description.split()).casefold()
    page = validation.url_key(url) if url.strip() else ""
    given = [
        r
        for r in list_gifts(session, contact_id=contact_id)
        if r.status == GIVEN and r.id != exclude_id
    ]
    for row in given:
        if " ".join(row.description.split()).casefold() == wanted or (
            page and row.url and validation.url_key(row.url) == page
        ):
            return row
    return None


@dataclass(frozen=True)
class GiftsOverview:
    open_ideas: list[GiftRow]
    upcoming: list[GiftRow]
    given_this_year: list[GiftRow]


def gifts_overview(session: Session, *, today: date) -> GiftsOverview:
    rows = _live_rows(session)
    ideas = sorted(
        (r for r in rows if r.status == IDEA),
        key=lambda r: (r.on_date is None, r.on_date or date.max, r.contact_name.casefold(), r.id),
    )
    horizon = today + timedelta(days=UPCOMING_DAYS)
    upcoming = sorted(
        (r for r in rows if r.status != RECEIVED and r.on_date and today <= r.on_date <= horizon),
        key=lambda r: (r.on_date, r.contact_name.casefold(), r.id),
    )
    given = sorted(
        (r for r in rows if r.status == GIVEN and r.on_date and r.on_date.year == today.year),
        key=lambda r: (r.on_date, r.id),
        reverse=True,
    )
    return GiftsOverview(ideas, upcoming, given)


def open_ideas(session: Session, *, contact_id: int) -> list[GiftRow]:
    """The contact's gift ideas for their card, soonest occasion first."""
    ideas = [r for r in list_gifts(session, contact_id=contact_id) if r.status == IDEA]
    return sorted(ideas, key=lambda r: (r.on_date is None, r.on_date or date.max, -r.id))


def timeline_entries(session: Session, *, contact_id: int) -> list[TimelineEntry]:
    """The contact's gifts as timeline entries (their page shows them even in the trash)."""
    stmt = (
        select(orm.Gift, orm.Touch.occurred_at)
        .outerjoin(
            orm.Touch, (orm.Touch.id == orm.Gift.touch_id) & col(orm.Touch.deleted_at).is_(None)
        )
        .where(orm.Gift.contact_id == contact_id, col(orm.Gift.deleted_at).is_(None))
    )
    return [
        TimelineEntry(
            kind=KIND_GIFT,
            id=gift.id,
            at=_entry_moment(gift, given_at),
            channel=gift.status,
            direction="in" if gift.status == RECEIVED else "out",
            summary=gift.description,
            notes=_entry_notes(gift),
            touch_id=gift.touch_id,
        )
        for gift, given_at in session.exec(stmt)
    ]


def _entry_moment(gift: Gift, given_at: datetime | None) -> datetime:
    if given_at is not None:
        return given_at.replace(tzinfo=UTC) if given_at.tzinfo is None else given_at
    if gift.status != IDEA and gift.on_date is not None:
        return datetime.combine(gift.on_date, time(12), UTC)
    return gift.created_at


def _entry_notes(gift: Gift) -> str:
    price = " ".join(p for p in (gift.price, gift.currency) if p)
    reaction = f"Reaction: {gift.reaction}" if gift.reaction else ""
    return " · ".join(p for p in (gift.occasion, price, reaction, gift.notes) if p)
