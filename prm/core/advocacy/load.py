"""Reference load: how often each advocate was asked in the last 12 months.

An ask is an advocacy entry that needed the user to ask (testimonial, reference
call, case study, speaking, product feedback, a favour). At ``WARN_AT`` asks in
12 months PRM warns before the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

WINDOW_DAYS = 365
WARN_AT = 3


@dataclass(frozen=True)
class ReferenceLoad:
    contact_id: int
    name: str
    asks: int  # in the 12 months up to today
    last_asked_on: date | None

    @property
    def too_often(self) -> bool:
        return self.asks >= WARN_AT


def reference_load(session: Session, *, contact_id: int, today: date) -> ReferenceLoad:
    raise NotImplementedError


def load_warning(session: Session, *, contact_id: int, today: date) -> str | None:
    """``Asked 3 times in the last 12 months (last on 2 May 2026): ask someone else?``"""
    raise NotImplementedError


def asked_too_often(session: Session, *, today: date, limit: int = 50) -> list[ReferenceLoad]:
    """Advocates at or past the warning, the most asked first."""
    raise NotImplementedError
