"""Bookkeeping of the cards PRM knows on each account's server (the ``sync_item`` table).

Plain SQL: a sync of 100k contacts must not load ORM objects, and an
incremental sync reads only the items that changed (dirty flag, listed hrefs).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

CHUNK = 500
SYNCED, CREATING, CONFLICT = "synced", "creating", "conflict"
_COLUMNS = (
    "id, href, etag, contact_id, fingerprint, base_card, local_dirty, state, "
    "conflict_card, conflict_etag, account_id"
)


@dataclass
class Item:
    id: int
    href: str
    etag: str
    contact_id: int | None
    fingerprint: str
    base_card: bytes
    local_dirty: bool
    state: str
    conflict_card: bytes
    conflict_etag: str
    account_id: int = 0


def _item(row) -> Item:
    return Item(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        bytes(row[5] or b""),
        bool(row[6]),
        row[7],
        bytes(row[8] or b""),
        row[9],
        row[10],
    )


def by_href(session: Session, account_id: int, href: str) -> Item | None:
    row = (
        session.connection()
        .exec_driver_sql(
            f"SELECT {_COLUMNS} FROM sync_item WHERE account_id = ? AND href = ?",
            (account_id, href),
        )
        .first()
    )
    return None if row is None else _item(row)


def by_id(session: Session, item_id: int) -> Item | None:
    row = (
        session.connection()
        .exec_driver_sql(f"SELECT {_COLUMNS} FROM sync_item WHERE id = ?", (item_id,))
        .first()
    )
    return None if row is None else _item(row)


def by_contact(session: Session, contact_id: int) -> Item | None:
    row = (
        session.connection()
        .exec_driver_sql(f"SELECT {_COLUMNS} FROM sync_item WHERE contact_id = ?", (contact_id,))
        .first()
    )
    return None if row is None else _item(row)


def known_etags(session: Session, account_id: int, hrefs: Iterable[str] | None = None):
    """``{href: (etag, state)}`` of every item, or of the given hrefs only."""
    conn = session.connection()
    sql = "SELECT href, etag, state FROM sync_item WHERE account_id = ?"
    if hrefs is None:
        return {r[0]: (r[1], r[2]) for r in conn.exec_driver_sql(sql, (account_id,))}
    out, wanted = {}, list(hrefs)
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start : start + CHUNK]
        marks = ",".join("?" * len(part))
        for r in conn.exec_driver_sql(f"{sql} AND href IN ({marks})", (account_id, *part)):
            out[r[0]] = (r[1], r[2])
    return out


def any_conflict(session: Session) -> bool:
    """Is a conflict waiting in any account? (A cheap probe; this module stays
    light so the app can ask at start-up without loading the vCard code.)"""
    found = session.connection().exec_driver_sql(
        "SELECT 1 FROM sync_item WHERE state = ? LIMIT 1", (CONFLICT,)
    )
    return found.first() is not None


def count_on_server(session: Session, account_id: int) -> int:
    """Items the server holds as far as PRM knows (not the ones still being created)."""
    return (
        session.connection()
        .exec_driver_sql(
            "SELECT count(*) FROM sync_item WHERE account_id = ? AND state != ?",
            (account_id, CREATING),
        )
        .scalar_one()
    )


def with_state(session: Session, account_id: int, state: str) -> list[Item]:
    return [
        _item(r)
        for r in session.connection().exec_driver_sql(
            f"SELECT {_COLUMNS} FROM sync_item WHERE account_id = ? AND state = ? ORDER BY id",
            (account_id, state),
        )
    ]


def to_push(session: Session, account_id: int) -> list[Item]:
    """Synced items edited or deleted here (dirty, or their contact purged)."""
    rows = session.connection().exec_driver_sql(
        f"SELECT {_COLUMNS} FROM sync_item WHERE account_id = ? AND local_dirty = 1 AND state = ? "
        f"UNION SELECT {_COLUMNS} FROM sync_item WHERE contact_id IS NULL AND account_id = ? "
        "AND state = ? ORDER BY id",
        (account_id, SYNCED, account_id, SYNCED),
    )
    return [_item(r) for r in rows]


def unsynced_contacts(session: Session, limit: int, after: int = 0) -> list[int]:
    """Live contacts in no address book, by id after ``after`` (indexed anti-join).

    ``+deleted_at`` keeps SQLite on the id order, so a first upload of 100k contacts
    reads each contact once instead of sorting every live one per chunk."""
    return [
        r[0]
        for r in session.connection().exec_driver_sql(
            "SELECT c.id FROM contact c WHERE c.id > ? AND +c.deleted_at IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM sync_item s WHERE s.contact_id = c.id) ORDER BY c.id LIMIT ?",
            (after, limit),
        )
    ]


def count_unsynced(session: Session) -> int:
    return (
        session.connection()
        .exec_driver_sql(
            "SELECT count(*) FROM contact c WHERE c.deleted_at IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM sync_item s WHERE s.contact_id = c.id)"
        )
        .scalar_one()
    )


def insert(session: Session, account_id: int, **values) -> int:
    values = {
        "etag": "",
        "fingerprint": "",
        "base_card": b"",
        "local_dirty": False,
        "state": SYNCED,
        "conflict_card": b"",
        "conflict_etag": "",
        **values,
    }
    names = ["account_id", *values]
    cursor = session.connection().exec_driver_sql(
        f"INSERT INTO sync_item ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        (account_id, *values.values()),
    )
    return cursor.lastrowid  # type: ignore[attr-defined]


def update(session: Session, item_id: int, **values) -> None:
    sets = ", ".join(f"{name} = ?" for name in values)
    session.connection().exec_driver_sql(
        f"UPDATE sync_item SET {sets} WHERE id = ?", (*values.values(), item_id)
    )


def forget(session: Session, item_id: int) -> None:
    session.connection().exec_driver_sql("DELETE FROM sync_item WHERE id = ?", (item_id,))


def mark_dirty(session: Session, contact_ids: Iterable[int] | None) -> None:
    """The derived hook: these contacts' cards may differ from what was agreed (None: anyone's)."""
    raw = session.connection().exec_driver_sql
    if contact_ids is None:
        raw("UPDATE sync_item SET local_dirty = 1 WHERE local_dirty = 0")
        return
    ids = sorted(contact_ids)
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        raw(
            "UPDATE sync_item SET local_dirty = 1 WHERE local_dirty = 0 AND contact_id IN "
            f"({','.join('?' * len(part))})",
            tuple(part),
        )
