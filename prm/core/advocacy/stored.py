"""Each person's points per dimension, kept in ``derived_advocacy_value`` in the commit of
every write to the ledgers (``derived.note_changes`` calls ``note_changes``).

The value screen then ranks from this small table with the user's weights in one
indexed-free scan of a few thousand short rows, never rebuilding 15k people's
facts per load. A write that says nothing of whose rows changed (raw SQL, an
import, a restore) rebuilds the whole table; the migration fills it. (A
``setting`` row ``advocacy.values_stale`` makes reads compute it in memory until
``ensure_fresh``; nothing sets it today.)
People in the trash still count for the others until the trash is emptied.
"""

from __future__ import annotations

from sqlmodel import Session

from prm.core.advocacy.facts import chunks, gather
from prm.core.advocacy.past import Counts, all_counts, by_past_value, counts_of, points_of
from prm.core.changes import Changes

STALE_KEY = "advocacy.values_stale"
SOURCES = frozenset(
    {"referral", "introduction", "advocacy_signal", "engagement", "contact_relation"}
)
_REBUILD_OVER = 2000  # more people than this changed: rebuild everyone at once
_CONTACT_COLUMNS = {
    "referral": ("referrer_id", "referred_id"),
    "introduction": ("a_id", "b_id"),
    "advocacy_signal": ("contact_id",),
    "engagement": ("contact_id",),
    "contact_relation": ("contact_id", "other_id"),
}
_INSERT = (
    "INSERT OR REPLACE INTO derived_advocacy_value (contact_id, revenue, referrals, advocacy,"
    " introductions, reach, referrals_made, asks, introduced_me, client)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _row(c: Counts) -> tuple:
    revenue, referrals, advocacy, introductions, reach, _ = points_of(c, 0.0)
    return (c.contact_id, revenue, referrals, advocacy, introductions, reach, c.referrals,
            c.asks, c.introduced_me, c.client)  # fmt: skip


def is_stale(session: Session) -> bool:
    return bool(
        session.connection()
        .exec_driver_sql("SELECT 1 FROM setting WHERE key = ?", (STALE_KEY,))
        .first()
    )


def rebuild(session: Session) -> None:
    """Everyone's points from the ledgers (~15k people: well under a second)."""
    conn = session.connection()
    rows = [_row(c) for c in all_counts(session)]
    conn.exec_driver_sql("DELETE FROM derived_advocacy_value")
    if rows:
        conn.exec_driver_sql(_INSERT, rows)


def ensure_fresh(session: Session) -> None:
    """In a write transaction: rebuild if the table is marked stale (after the migration)."""
    if is_stale(session):
        rebuild(session)
        session.connection().exec_driver_sql("DELETE FROM setting WHERE key = ?", (STALE_KEY,))


def refresh(session: Session, contact_ids) -> None:
    """These people's points again, from their entries (gone when they have none)."""
    ids = sorted(set(contact_ids))
    facts = gather(session, ids)
    conn = session.connection()
    for part, marks in chunks(ids):
        conn.exec_driver_sql(
            f"DELETE FROM derived_advocacy_value WHERE contact_id IN ({marks})", tuple(part)
        )
    rows = [_row(counts_of(cid, f)) for cid, f in facts.items() if f.has_entry]
    if rows:
        conn.exec_driver_sql(_INSERT, rows)


def refresh_if_kept(session: Session, contact_ids) -> None:
    """A writer that removed links the change collector cannot see (a relation
    deleted: its row is gone) names the people whose points moved."""
    if not is_stale(session):
        refresh(session, contact_ids)


def note_changes(session: Session, changes: Changes) -> None:
    """Before the commit of any write: keep ``derived_advocacy_value`` true for whoever changed."""
    if not changes.touched(SOURCES):
        return
    conn = session.connection()
    if is_stale(session) or changes.everything or changes.unscoped & SOURCES:
        rebuild(session)
        return
    affected: set[int] = set(changes.contacts) if "contact_relation" in changes.rows else set()
    for table, columns in _CONTACT_COLUMNS.items():
        ids = sorted(changes.ids(table))
        for part, marks in chunks(ids):
            for row in conn.exec_driver_sql(
                f"SELECT {', '.join(columns)} FROM {table} WHERE id IN ({marks})", tuple(part)
            ):
                affected.update(row)
    if "contact_relation" in changes.rows and affected:
        # The other side of each relation of the people edited (their reach moved too).
        for part, marks in chunks(sorted(changes.contacts)):
            for one, other in conn.exec_driver_sql(
                "SELECT contact_id, other_id FROM contact_relation"
                f" WHERE contact_id IN ({marks}) OR other_id IN ({marks})",
                tuple(part) * 2,
            ):
                affected.update((one, other))
    if len(affected) > _REBUILD_OVER:
        rebuild(session)
    elif affected:
        refresh(session, affected)


def past_order(
    session: Session, weights: dict[str, float], *, limit: int | None = None, unasked: bool = False
) -> list[tuple[float, int]]:
    """(past value, contact id) of live people, highest first (ties: lower id); ``unasked``:
    only clients who never referred, introduced or were asked."""
    if is_stale(session):  # before the first write after the migration
        counts = all_counts(session)
        if unasked:
            counts = [
                c for c in counts if c.client and not (c.referrals or c.asks or c.introduced_me)
            ]
        trashed = {
            cid
            for (cid,) in session.connection().exec_driver_sql(
                "SELECT id FROM contact WHERE deleted_at IS NOT NULL"
            )
        }
        order = [pair for pair in by_past_value(counts, weights) if pair[1] not in trashed]
        return order if limit is None else order[:limit]
    where = (
        " AND client AND referrals_made = 0 AND asks = 0 AND introduced_me = 0" if unasked else ""
    )
    rows = session.connection().exec_driver_sql(
        "SELECT ? * revenue + ? * referrals + ? * advocacy + ? * introductions + ? * reach AS past,"
        " contact_id FROM derived_advocacy_value WHERE contact_id NOT IN"
        f" (SELECT id FROM contact WHERE deleted_at IS NOT NULL){where}"
        " ORDER BY past DESC, contact_id LIMIT ?",
        (
            *(weights[k] for k in ("revenue", "referrals", "advocacy", "introductions", "reach")),
            -1 if limit is None else limit,
        ),
    )
    return [(past, cid) for past, cid in rows]
