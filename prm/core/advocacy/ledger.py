"""Write and read the advocacy ledgers: referrals, introductions, signals, engagements.

Every write runs inside the caller's ``Store.transaction`` (the change channel
announces it); removing is a trash (``deleted_at``) with a restore, so the app's
Undo can bring an entry back. An introduction logs a touch for each person it
reached (both, once introduced) in the same transaction, and trashes and
restores them with it, so the timeline never shows an introduction that is gone.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from typing import TYPE_CHECKING

from sqlmodel import Session

from prm.core import orm, touches
from prm.core.advocacy.records import (
    ASK_KINDS,
    INTRO_STATES,
    OUTCOMES,
    SIGNAL_KINDS,
    EngagementDraft,
    EngagementRow,
    IntroductionDraft,
    IntroductionRow,
    ReferralDraft,
    ReferralRow,
    SignalDraft,
    SignalRow,
)
from prm.core.clock import Clock
from prm.core.dates import parse_day, today_in
from prm.core.errors import NotFoundError

if TYPE_CHECKING:  # built on first use (prm.core.orm)
    from prm.core.models import AdvocacySignal, Engagement, Introduction, Referral

__all__ = [
    "ASK_KINDS",
    "INTRO_STATES",
    "OUTCOMES",
    "SIGNAL_KINDS",
    "EngagementDraft",
    "EngagementRow",
    "IntroductionDraft",
    "IntroductionRow",
    "ReferralDraft",
    "ReferralRow",
    "SignalDraft",
    "SignalRow",
]


def _live_contact(session: Session, contact_id: int, field: str) -> None:
    from prm.core.errors import ValidationError

    row = (
        session.connection()
        .exec_driver_sql("SELECT deleted_at FROM contact WHERE id = ?", (contact_id,))
        .first()
    )
    if row is None or row[0] is not None:
        raise ValidationError({field: f"No such contact: #{contact_id}."})


def _get(session: Session, model, record_id: int, what: str):
    record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(f"There is no {what} #{record_id}.")
    return record


def _names(session: Session, ids) -> dict[int, str]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return dict(
        session.connection()
        .exec_driver_sql(f"SELECT id, display_name FROM contact WHERE id IN ({marks})", tuple(ids))
        .fetchall()
    )


# --- referrals -----------------------------------------------------------------


def add_referral(session: Session, *, draft: ReferralDraft, clock: Clock, zone: tzinfo) -> Referral:
    clean = draft.cleaned()
    _live_contact(session, clean.referrer_id, "referrer_id")
    _live_contact(session, clean.referred_id, "referred_id")
    now = clock.now()
    referral = orm.Referral(created_at=now, updated_at=now, **_referral_fields(clean, clock, zone))
    session.add(referral)
    session.flush()
    return referral


def update_referral(
    session: Session, *, referral_id: int, draft: ReferralDraft, clock: Clock, zone: tzinfo
) -> Referral:
    referral = _get(session, orm.Referral, referral_id, "referral")
    clean = draft.cleaned()
    _live_contact(session, clean.referrer_id, "referrer_id")
    _live_contact(session, clean.referred_id, "referred_id")
    values = _referral_fields(clean, clock, zone)
    if not clean.referred_on:  # editing keeps the day it had
        values.pop("referred_on")
        values.pop("date_known")
    for name, value in values.items():
        setattr(referral, name, value)
    referral.updated_at = clock.now()
    session.flush()
    return referral


def _referral_fields(clean: ReferralDraft, clock: Clock, zone: tzinfo) -> dict:
    today = today_in(zone, clock)
    outcome_on = parse_day(clean.outcome_on)
    if outcome_on is None and clean.outcome in ("won", "nothing", "proposal", "meeting"):
        outcome_on = today
    return {
        "referrer_id": clean.referrer_id,
        "referred_id": clean.referred_id,
        "referred_on": parse_day(clean.referred_on) or today,
        "date_known": True,
        "for_what": clean.for_what,
        "outcome": clean.outcome,
        "outcome_on": outcome_on,
        "value": clean.value,
        "currency": clean.currency,
        "notes": clean.notes,
    }


def trash_referral(session: Session, *, referral_id: int, clock: Clock) -> None:
    _get(session, orm.Referral, referral_id, "referral").deleted_at = clock.now()
    session.flush()


def restore_referral(session: Session, *, referral_id: int) -> None:
    _get(session, orm.Referral, referral_id, "referral").deleted_at = None
    session.flush()


def referral_row(session: Session, referral: Referral) -> ReferralRow:
    return list_referrals(session, ids=[referral.id])[0]


def list_referrals(
    session: Session, *, contact_id: int | None = None, ids: list[int] | None = None
) -> list[ReferralRow]:
    """Live referrals, newest first; ``contact_id``: made by or for that person."""
    where, params = "r.deleted_at IS NULL", []
    if contact_id is not None:
        where += " AND (r.referrer_id = ? OR r.referred_id = ?)"
        params += [contact_id, contact_id]
    if ids is not None:
        where = f"r.id IN ({','.join('?' * len(ids)) or 'NULL'})"
        params = list(ids)
    rows = session.connection().exec_driver_sql(
        "SELECT r.id, r.referrer_id, a.display_name, r.referred_id, b.display_name, r.referred_on,"
        " r.date_known, r.for_what, r.outcome, r.outcome_on, r.value, r.currency, r.notes"
        " FROM referral r JOIN contact a ON a.id = r.referrer_id"
        f" JOIN contact b ON b.id = r.referred_id WHERE {where}"
        " AND a.deleted_at IS NULL AND b.deleted_at IS NULL"
        " ORDER BY r.referred_on DESC, r.id DESC",
        tuple(params),
    )
    return [
        ReferralRow(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            date.fromisoformat(r[5]),
            bool(r[6]),
            r[7],
            r[8],
            date.fromisoformat(r[9]) if r[9] else None,
            r[10],
            r[11],
            r[12],
        )  # fmt: skip
        for r in rows
    ]


def sync_referred_by(
    session: Session, *, contact_id: int, referrer_id: int | None, clock: Clock, zone: tzinfo
) -> Referral | None:
    """The editor's "Referred by" writes the ledger: a referral from ``referrer_id``
    to this contact unless one is there already (clearing the field keeps history)."""
    if referrer_id is None or referrer_id == contact_id:
        return None
    found = (
        session.connection()
        .exec_driver_sql(
            "SELECT id FROM referral WHERE referrer_id = ? AND referred_id = ? AND deleted_at IS NULL",
            (referrer_id, contact_id),
        )
        .first()
    )
    if found is not None:
        return None
    draft = ReferralDraft(referrer_id=referrer_id, referred_id=contact_id)
    return add_referral(session, draft=draft, clock=clock, zone=zone)


# --- introductions -------------------------------------------------------------


def add_introduction(
    session: Session, *, draft: IntroductionDraft, clock: Clock, zone: tzinfo
) -> Introduction:
    clean = draft.cleaned()
    _live_contact(session, clean.a_id, "a_id")
    _live_contact(session, clean.b_id, "b_id")
    now = clock.now()
    intro = orm.Introduction(
        a_id=clean.a_id,
        b_id=clean.b_id,
        made_on=parse_day(clean.made_on) or today_in(zone, clock),
        state=clean.state,
        note=clean.note,
        outcome=clean.outcome,
        created_at=now,
        updated_at=now,
    )
    session.add(intro)
    session.flush()
    _intro_touches(session, intro, clock, zone)
    return intro


def update_introduction(
    session: Session, *, introduction_id: int, draft: IntroductionDraft, clock: Clock, zone: tzinfo
) -> Introduction:
    """Move the double opt-in along (asked A -> asked both -> introduced), note what
    came of it; each person reached gets their touch once."""
    intro = _get(session, orm.Introduction, introduction_id, "introduction")
    clean = draft.cleaned()
    if (clean.a_id, clean.b_id) != (intro.a_id, intro.b_id):
        from prm.core.errors import ValidationError

        raise ValidationError({"b_id": "An introduction keeps its two people; add a new one."})
    if clean.made_on:
        intro.made_on = parse_day(clean.made_on)
    intro.state, intro.note, intro.outcome = clean.state, clean.note, clean.outcome
    intro.updated_at = clock.now()
    session.flush()
    _intro_touches(session, intro, clock, zone)
    return intro


def _intro_touches(session: Session, intro: Introduction, clock: Clock, zone: tzinfo) -> None:
    names = _names(session, [intro.a_id, intro.b_id])
    reached_a = intro.state in ("asked_a", "asked_both", "introduced")
    reached_b = intro.state in ("asked_b", "asked_both", "introduced")
    when = _moment(intro.made_on, clock, zone)
    for attr, reached, me, other in (
        ("touch_a_id", reached_a, intro.a_id, intro.b_id),
        ("touch_b_id", reached_b, intro.b_id, intro.a_id),
    ):
        if not reached or getattr(intro, attr) is not None:
            continue
        verb = "Introduced to" if intro.state == "introduced" else "Asked about meeting"
        touch = touches.log_touch(
            session,
            draft=touches.TouchDraft(
                contact_ids=[me],
                channel="email",
                occurred_at=when,
                summary=f"{verb} {names.get(other, '')}".strip(),
            ),
            clock=clock,
            allow_future=True,
        )
        setattr(intro, attr, touch.id)
    session.flush()


def _moment(day: date, clock: Clock, zone: tzinfo) -> datetime:
    """Today: now; another day: its noon (a time the user never typed)."""
    if day == today_in(zone, clock):
        return clock.now()
    return datetime.combine(day, time(12), zone)


def trash_introduction(session: Session, *, introduction_id: int, clock: Clock) -> None:
    intro = _get(session, orm.Introduction, introduction_id, "introduction")
    intro.deleted_at = clock.now()
    ids = [t for t in (intro.touch_a_id, intro.touch_b_id) if t is not None]
    touches.trash_touches(session, ids=ids, clock=clock)
    session.flush()


def restore_introduction(session: Session, *, introduction_id: int) -> None:
    intro = _get(session, orm.Introduction, introduction_id, "introduction")
    intro.deleted_at = None
    ids = [t for t in (intro.touch_a_id, intro.touch_b_id) if t is not None]
    touches.restore_touches(session, ids=ids)
    session.flush()


def introduction_row(session: Session, intro: Introduction) -> IntroductionRow:
    return list_introductions(session, ids=[intro.id])[0]


def list_introductions(
    session: Session, *, contact_id: int | None = None, ids: list[int] | None = None
) -> list[IntroductionRow]:
    """Live introductions, newest first; ``contact_id``: the ones that person is in."""
    where, params = "i.deleted_at IS NULL", []
    if contact_id is not None:
        where += " AND (i.a_id = ? OR i.b_id = ?)"
        params += [contact_id, contact_id]
    if ids is not None:
        where = f"i.id IN ({','.join('?' * len(ids)) or 'NULL'})"
        params = list(ids)
    rows = session.connection().exec_driver_sql(
        "SELECT i.id, i.a_id, a.display_name, i.b_id, b.display_name, i.made_on, i.state,"
        " i.note, i.outcome FROM introduction i JOIN contact a ON a.id = i.a_id"
        f" JOIN contact b ON b.id = i.b_id WHERE {where}"
        " AND a.deleted_at IS NULL AND b.deleted_at IS NULL ORDER BY i.made_on DESC, i.id DESC",
        tuple(params),
    )
    return [
        IntroductionRow(r[0], r[1], r[2], r[3], r[4], date.fromisoformat(r[5]), *r[6:])
        for r in rows
    ]


# --- advocacy signals ----------------------------------------------------------


def add_signal(
    session: Session, *, draft: SignalDraft, clock: Clock, zone: tzinfo
) -> AdvocacySignal:
    clean = draft.cleaned()
    _live_contact(session, clean.contact_id, "contact_id")
    signal = orm.AdvocacySignal(
        contact_id=clean.contact_id,
        kind=clean.kind,
        on_date=parse_day(clean.on_date) or today_in(zone, clock),
        note=clean.note,
        created_at=clock.now(),
    )
    session.add(signal)
    session.flush()
    return signal


def trash_signal(session: Session, *, signal_id: int, clock: Clock) -> None:
    _get(session, orm.AdvocacySignal, signal_id, "advocacy entry").deleted_at = clock.now()
    session.flush()


def restore_signal(session: Session, *, signal_id: int) -> None:
    _get(session, orm.AdvocacySignal, signal_id, "advocacy entry").deleted_at = None
    session.flush()


def signal_row(session: Session, signal: AdvocacySignal) -> SignalRow:
    return list_signals(session, ids=[signal.id])[0]


def list_signals(
    session: Session, *, contact_id: int | None = None, ids: list[int] | None = None
) -> list[SignalRow]:
    where, params = "s.deleted_at IS NULL", []
    if contact_id is not None:
        where += " AND s.contact_id = ?"
        params.append(contact_id)
    if ids is not None:
        where = f"s.id IN ({','.join('?' * len(ids)) or 'NULL'})"
        params = list(ids)
    rows = session.connection().exec_driver_sql(
        "SELECT s.id, s.contact_id, c.display_name, s.kind, s.on_date, s.note"
        f" FROM advocacy_signal s JOIN contact c ON c.id = s.contact_id WHERE {where}"
        " AND c.deleted_at IS NULL ORDER BY s.on_date DESC, s.id DESC",
        tuple(params),
    )
    return [SignalRow(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]), r[5]) for r in rows]


# --- engagements ---------------------------------------------------------------


def add_engagement(session: Session, *, draft: EngagementDraft, clock: Clock) -> Engagement:
    clean = draft.cleaned()
    _live_contact(session, clean.contact_id, "contact_id")
    now = clock.now()
    engagement = orm.Engagement(created_at=now, updated_at=now, **_engagement_fields(clean))
    session.add(engagement)
    session.flush()
    return engagement


def update_engagement(
    session: Session, *, engagement_id: int, draft: EngagementDraft, clock: Clock
) -> Engagement:
    engagement = _get(session, orm.Engagement, engagement_id, "engagement")
    clean = draft.cleaned()
    _live_contact(session, clean.contact_id, "contact_id")
    for name, value in _engagement_fields(clean).items():
        setattr(engagement, name, value)
    engagement.updated_at = clock.now()
    session.flush()
    return engagement


def _engagement_fields(clean: EngagementDraft) -> dict:
    return {
        "contact_id": clean.contact_id,
        "name": clean.name,
        "start_on": parse_day(clean.start_on),
        "end_on": parse_day(clean.end_on),
        "fees": clean.fees,
        "currency": clean.currency,
        "notes": clean.notes,
    }


def trash_engagement(session: Session, *, engagement_id: int, clock: Clock) -> None:
    _get(session, orm.Engagement, engagement_id, "engagement").deleted_at = clock.now()
    session.flush()


def restore_engagement(session: Session, *, engagement_id: int) -> None:
    _get(session, orm.Engagement, engagement_id, "engagement").deleted_at = None
    session.flush()


def engagement_row(session: Session, engagement: Engagement) -> EngagementRow:
    return list_engagements(session, ids=[engagement.id])[0]


def list_engagements(
    session: Session, *, contact_id: int | None = None, ids: list[int] | None = None
) -> list[EngagementRow]:
    where, params = "e.deleted_at IS NULL", []
    if contact_id is not None:
        where += " AND e.contact_id = ?"
        params.append(contact_id)
    if ids is not None:
        where = f"e.id IN ({','.join('?' * len(ids)) or 'NULL'})"
        params = list(ids)
    rows = session.connection().exec_driver_sql(
        "SELECT e.id, e.contact_id, c.display_name, e.name, e.start_on, e.end_on, e.fees,"
        f" e.currency, e.notes FROM engagement e JOIN contact c ON c.id = e.contact_id WHERE {where}"
        " AND c.deleted_at IS NULL ORDER BY coalesce(e.start_on, '') DESC, e.id DESC",
        tuple(params),
    )
    day = lambda text: date.fromisoformat(text) if text else None  # noqa: E731
    return [EngagementRow(r[0], r[1], r[2], r[3], day(r[4]), day(r[5]), *r[6:]) for r in rows]
