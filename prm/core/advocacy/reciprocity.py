"""Reciprocity: per person, value given (articles shared, introductions made for
them, gifts given, their events attended) against asks made (referrals they gave,
asks logged as advocacy entries). "Give before you ask": before an ask the user
sees the balance and when they last gave ("last gave: an introduction, 5 months ago").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session


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
        raise NotImplementedError

    def to_json(self) -> dict:
        raise NotImplementedError


def balance(session: Session, *, contact_id: int) -> Balance:
    raise NotImplementedError
