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

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlmodel import Session

from prm.core.models import db_timestamp, parse_db_timestamp
from prm.core.reach_out import calendar_days, status_for

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


def _interest_spellings(conn) -> list[str]:  # noqa: ANN001
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


def _article_topics(conn, article_id: int) -> list[str]:  # noqa: ANN001
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
    today = now.astimezone(zone).date()
    marks = ",".join("?" * len(spellings))
    snoozed = "" if include_snoozed else " AND (c.snoozed_until IS NULL OR c.snoozed_until <= ?)"
    # julianday differences order exactly like reach_out's (now - anchor) / target.
    sql = f"""
        WITH matched AS (
          SELECT contact_id, group_concat(topic, char(31)) AS topics, count(*) AS n
          FROM contact_interest WHERE topic IN ({marks}) GROUP BY contact_id)
        SELECT c.id, c.display_name, c.organization, c.cadence_target_days, c.cadence_max_days,
               c.last_touch_at, c.created_at, c.preferred_channel, m.topics
        FROM matched m JOIN contact c ON c.id = m.contact_id
        WHERE c.deleted_at IS NULL{snoozed}
          AND NOT EXISTS (SELECT 1 FROM article_share s
                          WHERE s.contact_id = c.id AND s.article_id = ?)
        ORDER BY c.cadence_target_days IS NULL,
          (julianday(?) - julianday(coalesce(c.last_touch_at, c.created_at)))
            / c.cadence_target_days DESC,
          m.n DESC, coalesce(c.last_touch_at, c.created_at), c.sort_name, c.id
        LIMIT ?
    """
    params = (*spellings, *([] if include_snoozed else [today.isoformat()]),
              article_id, db_timestamp(now), limit)
    return [_reader(row, now, zone) for row in conn.exec_driver_sql(sql, params)]


def _reader(row, now: datetime, zone: tzinfo) -> SuggestedReader:  # noqa: ANN001
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
