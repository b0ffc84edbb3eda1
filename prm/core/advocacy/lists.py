"""The Advocates section's lists, each from the small ledgers plus maintained data.

ranked: highest value first. valuable but overdue: high value, past their cadence
(or untouched for 90 days without one). likely advocates not yet asked: clients
(an engagement) who never referred anyone and were never asked. asked too often:
the reference load warning. thank-yous owed. dormant ties worth reviving: no touch
for 3+ years but high past value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from sqlmodel import Session

from prm.core.advocacy.load import ReferenceLoad
from prm.core.advocacy.owed import ThankYouOwed
from prm.core.advocacy.value import ContactValue

OVERDUE_WITHOUT_CADENCE_DAYS = 90
DORMANT_YEARS = 3


@dataclass
class AdvocatesLists:
    ranked: list[ContactValue] = field(default_factory=list)
    valuable_overdue: list[ContactValue] = field(default_factory=list)
    not_yet_asked: list[ContactValue] = field(default_factory=list)
    asked_too_often: list[ReferenceLoad] = field(default_factory=list)
    thank_yous_owed: list[ThankYouOwed] = field(default_factory=list)
    dormant: list[ContactValue] = field(default_factory=list)


def advocates_lists(
    session: Session, *, now: datetime, zone: tzinfo, limit: int = 50
) -> AdvocatesLists:
    """Every list at once: one pass over the ledgers, each list up to ``limit`` rows."""
    raise NotImplementedError
