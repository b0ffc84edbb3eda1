"""Reference load: how often each advocate was asked in the last 12 months.

An ask is an advocacy entry that needed the user to ask (testimonial, reference
call, case study, speaking, product feedback, a favour). At ``WARN_AT`` asks in
12 months PRM warns before the next one: advocates who are asked too often stop
answering.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from prm.core.advocacy.records import ASK_KINDS

WINDOW_DAYS = 365
WARN_AT = 3

_KINDS = ",".join(f"'{k}'" for k in sorted(ASK_KINDS))


@dataclass(frozen=True)
class ReferenceLoad:
    contact_id: int
    name: str
    asks: int  # in the 12 months up to today
    last_asked_on: date | None

    @property
    def too_often(self) -> bool:
        return self.asks >= WARN_AT

    def to_json(self) -> dict:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "asks": self.asks,
            "last_asked_on": self.last_asked_on.isoformat() if self.last_asked_on else None,
            "too_often": self.too_often,
        }


def window_start(today: date) -> date:
    """The first day counted: asks on this day and after, up to today, are "this year"."""
    return today - timedelta(days=WINDOW_DAYS - 1)


def _loads(session: Session, today: date, contact_id: int | None) -> list[ReferenceLoad]:
    where, params = "", [window_start(today).isoformat(), today.isoformat()]
    if contact_id is not None:
        where, params = " AND s.contact_id = ?", [*params, contact_id]
    rows = session.connection().exec_driver_sql(
        "SELECT s.contact_id, c.display_name, count(*), max(s.on_date) FROM advocacy_signal s"
        " JOIN contact c ON c.id = s.contact_id WHERE s.deleted_at IS NULL"
        f" AND c.deleted_at IS NULL AND s.kind IN ({_KINDS}) AND s.on_date >= ?"
        f" AND s.on_date <= ?{where} GROUP BY s.contact_id ORDER BY count(*) DESC, c.sort_name",
        tuple(params),
    )
    return [ReferenceLoad(cid, name, n, date.fromisoformat(last)) for cid, name, n, last in rows]


def reference_load(session: Session, *, contact_id: int, today: date) -> ReferenceLoad:
    found = _loads(session, today, contact_id)
    if found:
        return found[0]
    name = (
        session.connection()
        .exec_driver_sql("SELECT display_name FROM contact WHERE id = ?", (contact_id,))
        .scalar()
    )
    return ReferenceLoad(contact_id, name or "", 0, None)


def load_warning(session: Session, *, contact_id: int, today: date) -> str | None:
    """``Asked 3 times in the last 12 months (last on 2 May 2026): ask someone else?``"""
    load = reference_load(session, contact_id=contact_id, today=today)
    if not load.too_often or load.last_asked_on is None:
        return None
    last = load.last_asked_on
    return (
        f"{load.name} was asked {load.asks} times in the last 12 months "
        f"(last on {last.day} {last:%B %Y}): ask someone else?"
    )


def asked_too_often(session: Session, *, today: date, limit: int = 50) -> list[ReferenceLoad]:
    """Advocates at or past the warning, the most asked first."""
    return [load for load in _loads(session, today, None) if load.too_often][:limit]
