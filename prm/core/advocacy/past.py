"""Past value (the score without recency) for everyone with an entry, in one query.

At 100k contacts the ledgers hold ~15k referrers: building their facts in Python
costs more than the screen's budget, so SQLite adds up each person's counts (its
CASE points come from ``value``'s tables) and Python only applies the weights.
The breakdowns shown are then built for the few rows on screen
(``value.score``); a test keeps both readings equal.
"""

from __future__ import annotations

import math
import operator
from decimal import Decimal
from typing import NamedTuple

from sqlmodel import Session

from prm.core.advocacy.facts import Facts
from prm.core.advocacy.records import ASK_KINDS

# The value rules' points (prm.core.advocacy.value.DIMENSIONS says them in words).
OUTCOME_POINTS = {"won": 5.0, "proposal": 3.0, "meeting": 2.0, "": 1.0, "nothing": 0.5}
SIGNAL_POINTS = {
    "testimonial": 2.0,
    "case_study": 2.0,
    "spoke_at_event": 2.0,
    "reference_call": 1.5,
    "product_feedback": 1.0,
}
INTRO_MADE_POINTS, INTRO_RECEIVED_POINTS = 1.0, 2.0


def _case(column: str, points: dict[str, float], default: float) -> str:
    whens = " ".join(f"WHEN '{k}' THEN {v!r}" for k, v in points.items() if k)
    return f"CASE {column} {whens} ELSE {default!r} END"


class Counts(NamedTuple):
    """One person's entries as numbers (what ``value.dimension_points`` needs)."""

    contact_id: int
    fees: float  # every engagement's fees, any currency
    referral_points: float
    referrals: int
    advocacy_points: float
    introduced_me: int
    asks: int
    intros_made: int
    reach: int
    client: bool  # has an engagement


def _query() -> str:
    asks = ",".join(f"'{k}'" for k in sorted(ASK_KINDS))
    return f"""
WITH ref AS (SELECT referrer_id AS c, sum({_case("outcome", OUTCOME_POINTS, OUTCOME_POINTS[""])}) AS p,
    count(*) AS n FROM referral WHERE deleted_at IS NULL GROUP BY referrer_id),
sig AS (SELECT contact_id AS c, sum({_case("kind", SIGNAL_POINTS, 0.0)}) AS adv,
    sum(kind = 'introduced_me') AS me, sum(kind IN ({asks})) AS asks
    FROM advocacy_signal WHERE deleted_at IS NULL GROUP BY contact_id),
eng AS (SELECT contact_id AS c, sum(CAST(fees AS REAL)) AS fees FROM engagement
    WHERE deleted_at IS NULL GROUP BY contact_id),
intro AS (SELECT c, sum(state = 'introduced') AS n FROM (
    SELECT a_id AS c, b_id AS o, state FROM introduction WHERE deleted_at IS NULL
    UNION ALL SELECT b_id, a_id, state FROM introduction WHERE deleted_at IS NULL)
    WHERE c != o GROUP BY c),
cand AS (SELECT c FROM ref UNION SELECT c FROM sig UNION SELECT c FROM eng
    UNION SELECT c FROM intro),
pairs AS (SELECT referrer_id AS c, referred_id AS o FROM referral WHERE deleted_at IS NULL
    UNION ALL SELECT referred_id, referrer_id FROM referral WHERE deleted_at IS NULL
    UNION ALL SELECT a_id, b_id FROM introduction WHERE deleted_at IS NULL
    UNION ALL SELECT b_id, a_id FROM introduction WHERE deleted_at IS NULL
    UNION ALL SELECT contact_id, other_id FROM contact_relation
    UNION ALL SELECT other_id, contact_id FROM contact_relation),
reach AS (SELECT c, count(DISTINCT o) AS n FROM pairs
    WHERE c IN cand AND c != o GROUP BY c)
SELECT cand.c, coalesce(eng.fees, 0), coalesce(ref.p, 0), coalesce(ref.n, 0),
    coalesce(sig.adv, 0), coalesce(sig.me, 0), coalesce(sig.asks, 0), coalesce(intro.n, 0),
    coalesce(reach.n, 0), eng.c IS NOT NULL
FROM cand LEFT JOIN ref ON ref.c = cand.c LEFT JOIN sig ON sig.c = cand.c
    LEFT JOIN eng ON eng.c = cand.c LEFT JOIN intro ON intro.c = cand.c
    LEFT JOIN reach ON reach.c = cand.c
"""


DIMENSION_ORDER = ("revenue", "referrals", "advocacy", "introductions", "reach", "recency")
_SQL: list[str] = []  # built on first use (the point tables live in value)


def all_counts(session: Session) -> list[Counts]:
    """Counts for everyone with a live entry that can give value (a referral they
    made, an introduction, advocacy, an engagement); people in the trash included."""
    if not _SQL:
        _SQL.append(_query())
    return list(map(Counts._make, session.connection().exec_driver_sql(_SQL[0])))


def counts_of(contact_id: int, fact: Facts) -> Counts:
    """One person's facts as the numbers the rules need."""
    return Counts(
        contact_id,
        float(sum(fact.fees.values(), Decimal(0))),
        sum(OUTCOME_POINTS.get(o, OUTCOME_POINTS[""]) for o in fact.outcomes),
        len(fact.outcomes),
        sum(SIGNAL_POINTS.get(k, 0.0) for k in fact.signals),
        fact.signals.count("introduced_me"),
        sum(1 for k in fact.signals if k in ASK_KINDS),
        fact.intros_made,
        len(fact.connected),
        bool(fact.fees),
    )


def points_of(c: Counts, recency: float) -> tuple[float, ...]:
    """The rules of ``DIMENSIONS``, in its order: the numbers -> points."""
    return (
        math.log2(1 + max(0.0, c.fees) / 1000),
        c.referral_points,
        c.advocacy_points,
        INTRO_MADE_POINTS * c.intros_made + INTRO_RECEIVED_POINTS * c.introduced_me,
        math.log2(1 + c.reach),
        recency,
    )


def by_past_value(counts: list[Counts], weights: dict[str, float]) -> list[tuple[float, int]]:
    """(past value, contact id): the score without recency, highest first (ties: lower id)."""
    vector = [weights[name] for name in DIMENSION_ORDER]
    order = [(sum(map(operator.mul, points_of(c, 0.0), vector)), c.contact_id) for c in counts]
    order.sort(key=lambda pair: (-pair[0], pair[1]))
    return order
