"""What the Duplicates view and ``prm duplicates`` show, read from the stored
suggestions (``candidates.py``): a page of pairs, best first, with both names and
the exact count; or, for the command line, every pair grouped into clusters.
Pairs the user called "not a duplicate" are left out here, as they are read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlmodel import Session

from prm.core.duplicates import candidates
from prm.core.duplicates.clusters import Pair, cluster_pairs
from prm.core.duplicates.finding import CHUNK, Cancelled, DuplicateReport, Progress

PAGE = 200  # pairs per page: more than a screenful
_KEPT = (
    " FROM derived_dup_candidate c WHERE NOT EXISTS (SELECT 1 FROM duplicate_dismissal d"
    " WHERE d.contact_id = c.a AND d.other_id = c.b)"
)


class PairRow(NamedTuple):
    a: int
    a_name: str
    b: int
    b_name: str
    score: int
    reason: str

    @property
    def id(self) -> tuple[int, int]:
        return (self.a, self.b)


@dataclass(frozen=True)
class DuplicatesScreen:
    rows: list[PairRow]  # one page, from ``offset``
    total: int  # suggested pairs in all
    offset: int = 0


def duplicates_screen(
    session: Session,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> DuplicatesScreen:
    """Bring the stored suggestions up to date (in a write transaction: a few
    contacts' worth after an edit, a full search only when stale), then a page."""
    candidates.ensure_fresh(session, progress=progress, cancelled=cancelled)
    return duplicates_page(session, offset=offset, limit=limit)


def duplicates_page(
    session: Session, *, offset: int = 0, limit: int | None = None
) -> DuplicatesScreen:
    """A page of the stored suggestions, best first (score, then ids), as they are."""
    raw = session.connection().exec_driver_sql
    limit = PAGE if limit is None else limit
    # All stored (kept by triggers: counting 2.8M pairs at 1M contacts took ~100 ms)
    # minus the dismissed ones among them: counts the few dismissals, not the many
    # pairs (CROSS JOIN: SQLite keeps that order).
    total = raw(
        "SELECT (SELECT n FROM derived_dup_count) - (SELECT count(*)"
        " FROM duplicate_dismissal d CROSS JOIN derived_dup_candidate c"
        " ON c.a = d.contact_id AND c.b = d.other_id)"
    ).scalar_one()
    pairs = raw(
        "SELECT a, b, score, reason" + _KEPT + " ORDER BY score DESC, a, b LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    names = names_of(session, sorted({i for a, b, _s, _r in pairs for i in (a, b)}))
    rows = [PairRow(a, names.get(a, ""), b, names.get(b, ""), s, r) for a, b, s, r in pairs]
    return DuplicatesScreen(rows, total, offset)


def stored_report(session: Session) -> DuplicateReport:
    """Every stored suggestion, grouped into clusters (``prm duplicates``)."""
    candidates.ensure_fresh(session)
    raw = session.connection().exec_driver_sql
    pairs = [Pair(*row) for row in raw("SELECT a, b, score, reason" + _KEPT)]
    checked = raw("SELECT count(*) FROM derived_dup_name").scalar_one()
    return DuplicateReport(cluster_pairs(pairs), checked, 0)


def names_of(session: Session, ids: list[int]) -> dict[int, str]:
    """Display names by id (the name column alone: a page needs nothing else)."""
    raw = session.connection().exec_driver_sql
    names: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        part = tuple(ids[start : start + CHUNK])
        marks = ",".join("?" * len(part))
        rows = raw(f"SELECT id, display_name FROM contact WHERE id IN ({marks})", part)
        names.update((cid, name) for cid, name in rows)
    return names
