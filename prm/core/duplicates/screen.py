"""What the Duplicates view and ``prm duplicates`` show: one row per suggested pair,
cluster by cluster, with both names (read a chunk of ids at a time)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlmodel import Session

from prm.core.contact_list import contact_rows
from prm.core.duplicates.finding import Cancelled, Progress, find_duplicates

CHUNK = 500  # ids per query: far below SQLite's limit on bound values


class PairRow(NamedTuple):
    cluster: int  # 1 for the best cluster
    cluster_size: int
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
    rows: list[PairRow]
    clusters: int
    contacts_checked: int


def duplicates_screen(
    session: Session, *, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> DuplicatesScreen:
    report = find_duplicates(session, progress=progress, cancelled=cancelled)
    names = names_of(session, sorted({i for c in report.clusters for i in c.ids}))
    rows = [
        PairRow(number, len(c.ids), p.a, names.get(p.a, ""), p.b, names.get(p.b, ""), p.score,
                p.reason)
        for number, c in enumerate(report.clusters, start=1)
        for p in c.pairs
    ]  # fmt: skip
    return DuplicatesScreen(rows, len(report.clusters), report.contacts_checked)


def names_of(session: Session, ids: list[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        rows = contact_rows(session, ids=ids[start : start + CHUNK])
        names.update({i: r.display_name for i, r in rows.items()})
    return names
