"""A contact's history, newest first: touches, and (as their capabilities
arrive) gifts, events, article shares and meetings, all as ``TimelineEntry``.

Each capability module offers ``timeline_entries(conn, contact_id)``; an entry
that logged a touch names it in ``touch_id`` and that touch is then shown once,
as the richer entry, not twice.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from prm.core import article_shares, events, gifts, meeting_history
from prm.core.db_time import parse_db_timestamp
from prm.core.timeline_entry import KIND_TOUCH, TimelineEntry

__all__ = ["TimelineEntry", "contact_timeline"]


def contact_timeline(
    session: Session, *, contact_id: int, limit: int | None = None, kinds: set[str] | None = None
) -> list[TimelineEntry]:
    """Everything that happened with a contact, newest first, optionally only some kinds."""
    sources = (
        meeting_history.timeline_entries,
        gifts.timeline_entries,
        events.timeline_entries,
        article_shares.timeline_entries,
    )
    others: list[TimelineEntry] = []
    for source in sources:
        others += source(session, contact_id=contact_id)
    shown_elsewhere = {e.touch_id for e in others if e.touch_id is not None}
    touches: list[TimelineEntry] = []
    if kinds is None or KIND_TOUCH in kinds:
        # Enough of the newest to fill ``limit`` after the ones shown elsewhere drop out.
        fetch = limit + len(shown_elsewhere) if limit else None
        touches = [
            t
            for t in _touch_entries(session, contact_id=contact_id, limit=fetch)
            if t.id not in shown_elsewhere
        ]
    entries = touches + others
    if kinds is not None:
        entries = [e for e in entries if e.kind in kinds]
    entries.sort(key=lambda e: (e.at, e.kind == KIND_TOUCH, e.id), reverse=True)
    return entries[:limit] if limit else entries


def _touch_entries(
    session: Session, *, contact_id: int, limit: int | None = None
) -> list[TimelineEntry]:
    """Plain SQL: a contact with 1,000 touches must open in a few milliseconds."""
    conn = session.connection()
    rows = conn.exec_driver_sql(
        "SELECT t.id, t.occurred_at, t.channel, t.direction, t.summary, t.notes,"
        " t.duration_minutes, t.needs_reply, t.replied_at, t.follow_up_on, t.follow_up_done,"
        " (SELECT group_concat(c.display_name, '\x1f') FROM touch_participant o"
        "   JOIN contact c ON c.id = o.contact_id"
        "   WHERE o.touch_id = t.id AND o.contact_id != p.contact_id)"
        " FROM touch_participant p JOIN touch t ON t.id = p.touch_id"
        " WHERE p.contact_id = ? AND t.deleted_at IS NULL"
        " ORDER BY t.occurred_at DESC, t.id DESC" + (" LIMIT ?" if limit else ""),
        (contact_id, limit) if limit else (contact_id,),
    ).fetchall()
    return [
        TimelineEntry(
            kind=KIND_TOUCH,
            id=tid,
            at=parse_db_timestamp(at),
            channel=channel,
            direction=direction,
            summary=summary,
            notes=notes,
            duration_minutes=duration,
            needs_reply=bool(needs_reply),
            replied_at=parse_db_timestamp(replied),
            follow_up_on=date.fromisoformat(follow) if follow else None,
            follow_up_done=bool(done),
            with_names=tuple(others.split("\x1f")) if others else (),
        )
        for tid, at, channel, direction, summary, notes, duration, needs_reply, replied, follow, done, others in rows
    ]
