"""Reciprocity: per person, value given (articles shared, introductions made for
them, gifts given, their events attended) against asks made (referrals they gave,
asks logged as advocacy entries). "Give before you ask": before an ask the user
sees the balance and when they last gave ("last gave: an introduction, 5 months ago").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from prm.core.advocacy.records import ASK_KINDS

GIVE_LABELS = {
    "article": "an article",
    "introduction": "an introduction",
    "gift": "a gift",
    "event": "went to their event",
}

_KINDS = ",".join(f"'{k}'" for k in sorted(ASK_KINDS))

# One row per thing given: (kind, day, what). Each reads one contact's rows by index.
_GIVEN = (
    "SELECT 'article', date(s.shared_at), a.title FROM article_share s"
    " JOIN article a ON a.id = s.article_id WHERE s.contact_id = :c AND a.deleted_at IS NULL"
    " UNION ALL SELECT 'introduction', i.made_on, '' FROM introduction i"
    " WHERE (i.a_id = :c OR i.b_id = :c) AND i.deleted_at IS NULL AND i.state = 'introduced'"
    " UNION ALL SELECT 'gift', coalesce(g.on_date, date(g.created_at)), g.description FROM gift g"
    " WHERE g.contact_id = :c AND g.status = 'given' AND g.deleted_at IS NULL"
    " UNION ALL SELECT 'event', coalesce(e.start_date, date(e.start_at)), e.title FROM event e"
    " WHERE e.contact_id = :c AND e.my_status = 'attended' AND e.deleted_at IS NULL"
)
_ASKED = (
    "SELECT 'referral', count(*) FROM referral WHERE referrer_id = :c AND deleted_at IS NULL"
    " UNION ALL SELECT kind, count(*) FROM advocacy_signal WHERE contact_id = :c"
    f" AND deleted_at IS NULL AND kind IN ({_KINDS}) GROUP BY kind"
)


@dataclass(frozen=True)
class Gave:
    kind: str  # "article" | "introduction" | "gift" | "event"
    on: date
    what: str


@dataclass(frozen=True)
class Balance:
    contact_id: int
    given: dict[str, int] = field(default_factory=dict)  # kind -> count
    asked: dict[str, int] = field(default_factory=dict)  # "referral" / signal kind -> count
    last_gave: Gave | None = None

    @property
    def given_total(self) -> int:
        return sum(self.given.values())

    @property
    def asked_total(self) -> int:
        return sum(self.asked.values())

    def last_gave_text(self, today: date) -> str:
        """``last gave: an introduction, 5 months ago`` / ``nothing given yet``."""
        if self.last_gave is None:
            return "nothing given yet"
        return f"last gave: {GIVE_LABELS[self.last_gave.kind]}, {ago(self.last_gave.on, today)}"

    def to_json(self) -> dict:
        last = self.last_gave
        return {
            "contact_id": self.contact_id,
            "given": self.given,
            "asked": self.asked,
            "given_total": self.given_total,
            "asked_total": self.asked_total,
            "last_gave": None
            if last is None
            else {"kind": last.kind, "on": last.on.isoformat(), "what": last.what},
        }


def ago(day: date, today: date) -> str:
    """``today`` / ``3 days ago`` / ``5 months ago`` / ``2 years ago``."""
    days = (today - day).days
    if days <= 0:
        return "today" if days == 0 else "in the future"
    for size, unit in ((365, "year"), (30, "month"), (7, "week"), (1, "day")):
        if days >= size:
            n = days // size
            return f"{n} {unit}{'s' if n > 1 else ''} ago"
    return "today"  # pragma: no cover


def balance(session: Session, *, contact_id: int) -> Balance:
    conn = session.connection()
    given: dict[str, int] = {}
    last: Gave | None = None
    for kind, on, what in conn.exec_driver_sql(
        _GIVEN.replace(":c", "?"), (contact_id,) * _GIVEN.count(":c")
    ):
        given[kind] = given.get(kind, 0) + 1
        day = date.fromisoformat(on) if on else None
        if day is not None and (last is None or day > last.on):
            last = Gave(kind, day, what or "")
    asked = {
        kind: n
        for kind, n in conn.exec_driver_sql(
            _ASKED.replace(":c", "?"), (contact_id,) * _ASKED.count(":c")
        )
        if n
    }
    return Balance(contact_id, given, asked, last)
