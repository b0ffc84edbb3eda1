"""Every row a merge may change, as stored, so undoing it puts back the same rows.

Found from the schema, not listed by hand: every table with a column that
points at a contact (touch participants, gifts, events, shares, attendance,
relations, emails, photos, dismissals... and whatever table comes next) gives
its rows that point at either contact. Those are deleted and inserted back on
undo; the two contact rows themselves, the contacts they referred and their
touches are updated in place (deleting a contact would cascade).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

import prm.core.models  # noqa: F401 - registers every table on the metadata

_SKIPPED = ("contact", "contact_fts")


@dataclass(frozen=True)
class Rows:
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class Snapshot:
    ids: tuple[int, ...]
    linked: dict[str, Rows]  # table -> its rows pointing at the contacts
    contacts: Rows  # the contacts' own rows
    referrers: Rows  # (id, referred_by_id) of whoever either contact referred
    touches: Rows  # (id, deleted_at, replied_at) of their touches


def contact_links() -> dict[str, tuple[str, ...]]:
    """table -> its columns that reference contact.id (the contact table aside)."""
    found: dict[str, tuple[str, ...]] = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in _SKIPPED:
            continue
        columns = tuple(
            fk.parent.name for fk in table.foreign_keys if fk.column.table.name == "contact"
        )
        if columns:
            found[table.name] = columns
    return found


def take(session: Session, ids: tuple[int, ...]) -> Snapshot:
    raw = session.connection().exec_driver_sql
    marks = ",".join("?" * len(ids))

    def read(sql: str, params: tuple) -> Rows:
        result = raw(sql, params)
        return Rows(tuple(result.keys()), tuple(tuple(r) for r in result.fetchall()))

    linked = {}
    for table, columns in contact_links().items():
        where = " OR ".join(f'"{c}" IN ({marks})' for c in columns)
        linked[table] = read(f'SELECT * FROM "{table}" WHERE {where}', ids * len(columns))
    return Snapshot(
        ids=ids,
        linked=linked,
        contacts=read(f"SELECT * FROM contact WHERE id IN ({marks})", ids),
        referrers=read(
            f"SELECT id, referred_by_id FROM contact WHERE referred_by_id IN ({marks})", ids
        ),
        touches=read(
            "SELECT id, deleted_at, replied_at FROM touch WHERE id IN (SELECT touch_id"
            f" FROM touch_participant WHERE contact_id IN ({marks}))",
            ids,
        ),
    )


def put_back(session: Session, snap: Snapshot) -> None:
    """Make every row the snapshot covers what it was (run in one transaction)."""
    session.flush()
    conn = session.connection()
    marks = ",".join("?" * len(snap.ids))
    links = contact_links()
    for table, columns in links.items():
        where = " OR ".join(f'"{c}" IN ({marks})' for c in columns)
        conn.exec_driver_sql(f'DELETE FROM "{table}" WHERE {where}', snap.ids * len(columns))
    # Parents first: a restored row may point at another restored table's row.
    for table in (t.name for t in SQLModel.metadata.sorted_tables if t.name in links):
        rows = snap.linked.get(table)
        if rows is not None and rows.rows:
            _insert(conn, table, rows)
    _update(conn, "contact", snap.contacts)
    _update(conn, "contact", snap.referrers)
    _update(conn, "touch", snap.touches)
    session.expire_all()


def _insert(conn: sa.Connection, table: str, rows: Rows) -> None:
    names = ", ".join(f'"{c}"' for c in rows.columns)
    marks = ", ".join("?" * len(rows.columns))
    conn.exec_driver_sql(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(rows.rows))


def _update(conn: sa.Connection, table: str, rows: Rows) -> None:
    if not rows.rows:
        return
    key = rows.columns.index("id")
    sets = ", ".join(f'"{c}" = ?' for c in rows.columns if c != "id")
    params = [tuple(v for i, v in enumerate(row) if i != key) + (row[key],) for row in rows.rows]
    conn.exec_driver_sql(f'UPDATE "{table}" SET {sets} WHERE id = ?', params)
