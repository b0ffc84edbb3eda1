"""Relationship value, transparent: a score per contact from weighted dimensions.

Each dimension turns what the user recorded into points (the rule is in
``DIMENSIONS``); the score is the sum of points x weight, and the breakdown
shows every term, so nothing is a black box. Only contacts with an entry in a
ledger are scored (plus recency from the contact's maintained ``last_touch_at``):
the ledgers are small, so the ranked list never scans the touch history.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from prm.core import orm
from prm.core.advocacy.facts import Facts, gather
from prm.core.advocacy.past import DIMENSION_ORDER, SIGNAL_POINTS, counts_of, points_of
from prm.core.errors import NotFoundError, ValidationError

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
assert tuple(DIMENSIONS) == DIMENSION_ORDER  # past.py adds points up in this order
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


RECENT_DAYS, FADED_DAYS, RECENCY_MAX = 30, 365, 2.0


def get_weights(session: Session) -> dict[str, float]:
    """The user's weights (the setting row), defaults for any not set."""
    raw = (
        session.connection()
        .exec_driver_sql("SELECT value FROM setting WHERE key = ?", (WEIGHTS_KEY,))
        .scalar()
    )
    weights = dict(DEFAULT_WEIGHTS)
    try:
        stored = json.loads(raw) if raw else {}
    except ValueError:
        stored = {}  # a damaged row: the defaults, until the user saves again
    for name, weight in stored.items() if isinstance(stored, dict) else ():
        if name in weights and isinstance(weight, int | float) and 0 <= weight <= MAX_WEIGHT:
            weights[name] = float(weight)
    return weights


def set_weights(session: Session, *, changes: dict[str, float]) -> dict[str, float]:
    """Change some weights (ValidationError naming a bad dimension or weight)."""
    errors = {}
    for name, weight in changes.items():
        if name not in DIMENSIONS:
            errors[name] = f"“{name}” is not a dimension; use {', '.join(DIMENSIONS)}."
        elif not (isinstance(weight, int | float) and 0 <= weight <= MAX_WEIGHT):
            errors[name] = f"A weight is a number from 0 to {MAX_WEIGHT:g}, not “{weight}”."
    if errors:
        raise ValidationError(errors)
    weights = {**get_weights(session), **{k: float(v) for k, v in changes.items()}}
    setting = session.get(orm.Setting, WEIGHTS_KEY) or orm.Setting(key=WEIGHTS_KEY)
    setting.value = json.dumps(weights, sort_keys=True)
    session.add(setting)
    session.flush()
    return weights


def parse_weight_changes(texts: list[str]) -> dict[str, float]:
    """``["revenue=2", "recency=0"]`` -> changes (ValidationError naming a bad one)."""
    changes: dict[str, float] = {}
    errors: dict[str, str] = {}
    for text in texts:
        name, sep, number = text.partition("=")
        name = name.strip()
        try:
            weight = float(number) if sep else None
        except ValueError:
            weight = None
        if weight is None or not math.isfinite(weight):
            errors[name or text] = f"“{text}” is not dimension=weight, like revenue=2."
        else:
            changes[name] = weight
    if errors:
        raise ValidationError(errors)
    return changes


def ranked(session: Session, *, today: date, limit: int | None = None) -> list[ContactValue]:
    """Everyone with a recorded signal, highest value first (ties: by name)."""
    from prm.core.advocacy.stored import past_order

    weights = get_weights(session)
    bound = None if limit is None else max(500, 5 * limit)
    order = past_order(session, weights, limit=bound)
    found, sure = rank(session, order, weights, today, limit)
    if not sure and bound is not None and len(order) == bound:  # recency may lift more
        found, _ = rank(session, past_order(session, weights), weights, today, limit)
    return found


def rank(
    session: Session,
    order: list[tuple[float, int]],
    weights: dict[str, float],
    today: date,
    limit: int | None,
) -> tuple[list[ContactValue], bool]:
    """The top ``limit`` by total, and whether that is sure. Recency adds at most
    ``RECENCY_MAX`` x its weight, so breakdowns are built in order of past value
    until no one further down could still make the list (a few hundred contacts)."""
    most_recency = RECENCY_MAX * weights["recency"]
    batch = max(100, limit or 0)
    found: list[ContactValue] = []
    key = lambda v: (-v.total, v.name.casefold(), v.contact_id)  # noqa: E731
    for start in range(0, len(order), batch):
        if limit is not None and len(found) >= limit:
            found.sort(key=key)
            if found[limit - 1].total > order[start][0] + most_recency:
                return found[:limit], True
        ids = [cid for _, cid in order[start : start + batch]]
        found += values_for(session, contact_ids=ids, today=today).values()
    found.sort(key=key)
    return (found if limit is None else found[:limit]), False


def contact_value(session: Session, *, contact_id: int, today: date) -> ContactValue:
    """One contact's breakdown (all zeros when nothing is recorded)."""
    found = values_for(session, contact_ids=[contact_id], today=today)
    if contact_id not in found:
        raise NotFoundError(f"There is no contact #{contact_id}.")
    return found[contact_id]


def values_for(session: Session, *, contact_ids: list[int], today: date) -> dict[int, ContactValue]:
    """The breakdown of each live contact among ``contact_ids`` (their entries read
    by the ledgers' contact indexes)."""
    facts = gather(session, list(dict.fromkeys(contact_ids)))
    weights = get_weights(session)
    return {cid: score(cid, fact, weights, today) for cid, fact in facts.items()}


def score(contact_id: int, fact: Facts, weights: dict[str, float], today: date) -> ContactValue:
    """One person's breakdown: each dimension's points, weight and what was counted."""
    recency = recency_points(fact.last_touch_on, today)
    points = dict(zip(DIMENSIONS, points_of(counts_of(contact_id, fact), recency), strict=True))
    amounts = {
        "revenue": " + ".join(f"{v:,.2f} {c}".strip() for c, v in sorted(fact.fees.items()))
        or "no engagements",
        "referrals": _count(len(fact.outcomes), "referral")
        + (f", {fact.outcomes.count('won')} won" if "won" in fact.outcomes else ""),
        "advocacy": _count(sum(1 for k in fact.signals if k in SIGNAL_POINTS), "entry", "entries"),
        "introductions": f"{fact.intros_made} made for them, "
        f"{fact.signals.count('introduced_me')} made for me",
        "reach": _count(len(fact.connected), "contact") + " connected",
        "recency": f"last touch {fact.last_touch_on}" if fact.last_touch_on else "never touched",
    }
    breakdown = tuple(
        DimensionScore(name, label, amounts[name], points[name], weights[name])
        for name, (label, _) in DIMENSIONS.items()
    )
    return ContactValue(contact_id, fact.name, breakdown, fact.last_touch_on)


def recency_points(last_touch_on: date | None, today: date) -> float:
    if last_touch_on is None:
        return 0.0
    days = max(0, (today - last_touch_on).days)
    if days <= RECENT_DAYS:
        return RECENCY_MAX
    return max(0.0, RECENCY_MAX * (FADED_DAYS - days) / (FADED_DAYS - RECENT_DAYS))


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
