"""Who would this article help? People whose interests meet its topics, who have not
had it yet, most overdue first: an article is a reason to reach out.

"Overdue" is the reach-out ranking's own measure (``prm.core.reach_out``): days
since the last touch (or since the contact was added) divided by their cadence
target. People without a cadence come after everyone with one, the best
matches (most topics in common) first.

Left out: contacts in the trash, and contacts snoozed past today (they asked
for quiet, as in Reach out) unless ``include_snoozed``.

Topics match whatever the case and spacing ("Supply Chain", "supply  chain",
"supplychain"). ``contact_interest.topic`` has a plain (case-sensitive) index,
so the distinct interest spellings are walked with index seeks (a few hundred
at most), matched here, and the matching spellings looked up with the index:
at 100k contacts this never reads a contact that does not share a topic.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlmodel import Session

from prm.core.db_time import db_timestamp, parse_db_timestamp
from prm.core.reach_out import calendar_days, status_for
from prm.core.rhythm_sql import ANCHOR, BY_RHYTHM, targets

# Walking distinct spellings stops here; beyond it a scan of the index is cheaper anyway.
_MAX_SPELLINGS = 5000


@dataclass(frozen=True)
class SuggestedReader:
    contact_id: int
    name: str
    organization: str
    matched_topics: tuple[str, ...]  # the contact's own spelling of each shared interest
    days_since: int  # since the last touch, or since the contact was added
    last_touch_at: datetime | None
    target_days: int | None  # None: no cadence
    status: str  # reach_out.STATUS_*, or "" without a cadence
    preferred_channel: str

    @property
    def overdue_ratio(self) -> float | None:
        return self.days_since / self.target_days if self.target_days else None


def topic_key(topic: str) -> str:
    """What two spellings of one topic have in common."""
    return "".join(topic.casefold().split())


def _interest_spellings(conn) -> list[str]:
    """The distinct interest topics, one index seek each (like reach_out's targets)."""
    spellings: list[str] = []
    last = ""
    while len(spellings) < _MAX_SPELLINGS:
        last = conn.exec_driver_sql(
            "SELECT min(topic) FROM contact_interest WHERE topic > ?", (last,)
        ).scalar()
        if last is None:
            return spellings
        spellings.append(last)
    return [row[0] for row in conn.exec_driver_sql("SELECT DISTINCT topic FROM contact_interest")]


def _article_topics(conn, article_id: int) -> list[str]:
    return [
        row[0]
        for row in conn.exec_driver_sql(
            "SELECT topic FROM article_topic WHERE article_id = ? ORDER BY position", (article_id,)
        )
    ]


def suggest_readers(
    session: Session,
    *,
    article_id: int,
    now: datetime,
    zone: tzinfo,
    limit: int = 20,
    include_snoozed: bool = False,
) -> list[SuggestedReader]:
    conn = session.connection()
    wanted = {topic_key(t) for t in _article_topics(conn, article_id)}
    spellings = [s for s in _interest_spellings(conn) if topic_key(s) in wanted]
    if not spellings:
        return []
    query = _Query(conn, spellings, article_id, now, now.astimezone(zone).date(), include_snoozed)
    candidates = conn.exec_driver_sql(
        f"SELECT count(*) FROM contact_interest WHERE topic IN ({query.marks})", tuple(spellings)
    ).scalar()
    if candidates > _DENSE:
        rows = query.by_rhythm_walk(limit)
        if len(rows) < limit:
            rows += query.from_candidates(limit - len(rows), cadence=False)
    else:
        rows = query.from_candidates(limit, cadence=None)
    return [_reader(row, now, zone) for row in rows]


# Past this many matching interests, walking the rhythm index (as reach-out does)
# finds the first page sooner than scoring every match (at 100k contacts and a
# popular topic: ~20k matches, 40 ms to score, a few ms to walk).
_DENSE = 2000
_COLUMNS = (
    "c.id, c.display_name, c.organization, c.cadence_target_days, c.cadence_max_days,"
    " c.last_touch_at, c.created_at, c.preferred_channel"
)


class _Query:
    """The two ways to the same ranking; both leave out the trash, the snoozed and
    those who already got the article."""

    def __init__(self, conn, spellings, article_id, now, today, include_snoozed) -> None:
        self.conn, self.spellings, self.now = conn, spellings, now
        self.marks = ",".join("?" * len(spellings))
        self.where = (
            "c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM article_share s"
            " WHERE s.contact_id = c.id AND s.article_id = ?)"
        )
        self.params: list = [article_id]
        if not include_snoozed:
            self.where += " AND (c.snoozed_until IS NULL OR c.snoozed_until <= ?)"
            self.params.append(today.isoformat())

    def _topics_of(self, alias: str) -> str:
        return (
            f"(SELECT group_concat(i.topic, char(31)) FROM contact_interest i"
            f" WHERE i.contact_id = {alias}.id AND i.topic IN ({self.marks}))"
        )

    def by_rhythm_walk(self, limit: int) -> list[tuple]:
        """Per cadence target, the oldest anchors first with a matching interest; merged
        by days / target exactly like ``reach_out.reach_out``."""
        pages = []
        for target in targets(self.conn):
            rows = self.conn.exec_driver_sql(
                f"SELECT {_COLUMNS}, {self._topics_of('c')} AS topics"
                f" FROM contact c {BY_RHYTHM}"
                f" WHERE c.cadence_target_days = ? AND {self.where} AND topics IS NOT NULL"
                f" ORDER BY {ANCHOR} LIMIT ?",
                (*self.spellings, target, *self.params, limit),
            ).fetchall()
            pages.append([(self._overdue_key(row), row) for row in rows])
        merged = heapq.merge(*pages, key=lambda item: item[0])
        return [row for _key, row in itertools.islice(merged, limit)]

    def _overdue_key(self, row: tuple) -> tuple:
        anchor = parse_db_timestamp(row[5] or row[6])
        return (-(self.now - anchor).total_seconds() / row[3], -_count(row[8]))

    def from_candidates(self, limit: int, *, cadence: bool | None) -> list[tuple]:
        """Score every contact sharing a topic: cheap when few do. ``cadence``: only those
        with (True) or without (False) one, or everyone (None)."""
        only = {
            True: " AND c.cadence_target_days IS NOT NULL",
            False: " AND c.cadence_target_days IS NULL",
            None: "",
        }[cadence]
        sql = f"""
            WITH matched AS (
              SELECT contact_id, group_concat(topic, char(31)) AS topics, count(*) AS n
              FROM contact_interest WHERE topic IN ({self.marks}) GROUP BY contact_id)
            SELECT {_COLUMNS}, m.topics
            FROM matched m JOIN contact c ON c.id = m.contact_id
            WHERE {self.where}{only}
            ORDER BY c.cadence_target_days IS NULL,
              (julianday(?) - julianday({ANCHOR})) / c.cadence_target_days DESC,
              m.n DESC, {ANCHOR}, c.sort_name, c.id
            LIMIT ?
        """
        params = (*self.spellings, *self.params, db_timestamp(self.now), limit)
        return self.conn.exec_driver_sql(sql, params).fetchall()


def _count(topics: str) -> int:
    return topics.count("\x1f") + 1


def _reader(row, now: datetime, zone: tzinfo) -> SuggestedReader:
    cid, name, org, target, max_days, last_raw, created_raw, preferred, topics = row
    last = parse_db_timestamp(last_raw)
    days = calendar_days(last or parse_db_timestamp(created_raw), now, zone)
    return SuggestedReader(
        contact_id=cid,
        name=name,
        organization=org,
        matched_topics=tuple(dict.fromkeys(topics.split("\x1f"))),
        days_since=days,
        last_touch_at=last,
        target_days=target,
        status=status_for(days, target, max_days, last is not None) if target else "",
        preferred_channel=preferred,
    )
