"""Remembering "not a duplicate" in the store, so the pair never comes back
(it survives a restart and export-all / import-all like every table)."""

from __future__ import annotations

from sqlmodel import Session

from prm.core.clock import Clock
from prm.core.errors import KnownError
from prm.core.models import Contact, DuplicateDismissal


def dismiss_pair(session: Session, *, a: int, b: int, clock: Clock) -> tuple[int, int]:
    """Remember that ``a`` and ``b`` are different people; returns the stored pair."""
    low, high = sorted((a, b))
    if low == high:
        raise KnownError("A contact cannot be a duplicate of itself.")
    for cid in (low, high):
        if session.get(Contact, cid) is None:
            raise KnownError(f"There is no contact #{cid}.")
    if session.get(DuplicateDismissal, (low, high)) is None:
        session.add(DuplicateDismissal(contact_id=low, other_id=high, created_at=clock.now()))
        session.flush()
    return low, high


def undismiss_pair(session: Session, *, a: int, b: int) -> None:
    """Forget a "not a duplicate" (its undo)."""
    row = session.get(DuplicateDismissal, tuple(sorted((a, b))))
    if row is not None:
        session.delete(row)
        session.flush()


def dismissed_pairs(session: Session) -> set[tuple[int, int]]:
    rows = session.connection().exec_driver_sql(
        "SELECT contact_id, other_id FROM duplicate_dismissal"
    )
    return {(a, b) for a, b in rows}
