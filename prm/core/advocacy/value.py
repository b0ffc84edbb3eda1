"""Relationship value, transparent: a score per contact from weighted dimensions.

Each dimension turns what the user recorded into points (the rule is in
``DIMENSIONS``); the score is the sum of points x weight, and the breakdown
shows every term, so nothing is a black box. Only contacts with an entry in a
ledger are scored (plus recency from the contact's maintained ``last_touch_at``):
the ledgers are small, so the ranked list never scans the touch history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

WEIGHTS_KEY = "advocacy.value_weights"

# name -> (label, how the points are counted)
DIMENSIONS: dict[str, tuple[str, str]] = {
    "revenue": ("Revenue", "log2(1 + fees / 1000) over their engagements"),
    "referrals": (
        "Referrals",
        "per referral they made: won 5, proposal 3, meeting 2, open 1, nothing 0.5",
    ),
    "advocacy": (
        "Advocacy",
        "testimonial, case study, spoke at my event 2; reference call 1.5; feedback 1",
    ),
    "introductions": (
        "Introductions",
        "1 per introduction I made for them, 2 per introduction they made for me",
    ),
    "reach": ("Network reach", "log2(1 + how many of my contacts they connect to)"),
    "recency": ("Recency", "2 if touched in the last 30 days, down to 0 at a year"),
}
DEFAULT_WEIGHTS: dict[str, float] = {
    "revenue": 1.0,
    "referrals": 1.0,
    "advocacy": 1.0,
    "introductions": 1.0,
    "reach": 0.5,
    "recency": 0.5,
}
MAX_WEIGHT = 100.0


@dataclass(frozen=True)
class DimensionScore:
    name: str
    label: str
    amount: str  # what was counted, in words ("2 referrals, 1 won")
    points: float
    weight: float

    @property
    def score(self) -> float:
        return self.points * self.weight

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "label": self.label,
            "amount": self.amount,
            "points": round(self.points, 4),
            "weight": self.weight,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class ContactValue:
    contact_id: int
    name: str
    breakdown: tuple[DimensionScore, ...]  # in DIMENSIONS order
    last_touch_on: date | None

    @property
    def total(self) -> float:
        return sum(d.score for d in self.breakdown)

    def past_value(self) -> float:
        """The score without recency: what the tie was worth (dormant ties)."""
        return sum(d.score for d in self.breakdown if d.name != "recency")

    def to_json(self) -> dict:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "total": round(self.total, 4),
            "last_touch_on": self.last_touch_on.isoformat() if self.last_touch_on else None,
            "breakdown": [d.to_json() for d in self.breakdown],
        }


def get_weights(session: Session) -> dict[str, float]:
    """The user's weights (the setting row), defaults for any not set."""
    raise NotImplementedError


def set_weights(session: Session, *, changes: dict[str, float]) -> dict[str, float]:
    """Change some weights (ValidationError naming a bad dimension or weight)."""
    raise NotImplementedError


def parse_weight_changes(texts: list[str]) -> dict[str, float]:
    """``["revenue=2", "recency=0"]`` -> changes (ValidationError naming a bad one)."""
    raise NotImplementedError


def ranked(session: Session, *, today: date, limit: int | None = None) -> list[ContactValue]:
    """Everyone with a recorded signal, highest value first."""
    raise NotImplementedError


def contact_value(session: Session, *, contact_id: int, today: date) -> ContactValue:
    """One contact's breakdown (all zeros when nothing is recorded)."""
    raise NotImplementedError


def values_for(session: Session, *, contact_ids: list[int], today: date) -> dict[int, ContactValue]:
    raise NotImplementedError
