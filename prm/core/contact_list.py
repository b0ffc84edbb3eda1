"""The contact list's reads: ids in the order a header asks for, filtered by a
search as typed; the first page of them; the rows a page shows; the total.

Plain SQL on purpose: these run on every keystroke over up to 100k rows, and
ORM row processing would cost several times the queries themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from prm.core import list_positions, search, search_walk
from prm.core.db_time import parse_db_timestamp
from prm.core.list_positions import ListPositions

# What a list can be sorted by (the contact list's column headers): stored columns,
# the email and phone ones kept by triggers (revision 0009), each with a partial
# index per direction holding exactly the ORDER BY of ``sort_order``.
TEXT_SORTS = {
    "organization": "organization",
    "title": "title",
    "email": "sort_email",
    "phone": "sort_phone",
}
SORTS = ("name", *TEXT_SORTS, "last_touch")
# The value a row shows and sorts by: the preferred one, else the first listed.
_FIRST_VALUE = (
    "coalesce((SELECT v.value FROM {table} v WHERE v.contact_id = contact.id"
    " ORDER BY v.preferred DESC, v.position LIMIT 1), '')"
)


def refresh_sort_keys(conn) -> None:
    """Recompute every contact's stored email and phone keys. The triggers keep them
    as rows are written; this is for bulk loads that may write a contact after its
    values (import-all of a file in another table order, a benchmark store)."""
    conn.exec_driver_sql(
        f"UPDATE contact SET sort_email = {_FIRST_VALUE.format(table='contact_email')},"
        f" sort_phone = {_FIRST_VALUE.format(table='contact_phone')}"
    )


def sort_order(sort: str, descending: bool) -> str:
    """ORDER BY for a column: blanks last either way; ties in name order; never
    touched counts as longest ago (first when the oldest touch comes first)."""
    way = " DESC" if descending else ""
    if sort == "name":
        return f"sort_name{way}, id{way}"
    if sort == "last_touch":
        return f"last_touch_at{way}, sort_name, id"
    if sort in TEXT_SORTS:
        key = TEXT_SORTS[sort]
        return f"{key} = '', {key} COLLATE NOCASE{way}, sort_name, id"
    raise ValueError(f"cannot sort contacts by {sort!r}")


def _index_for(sort: str, descending: bool, trashed: bool) -> str:
    """The index whose order is the list's, walked so the first page stops early.

    Named rather than left to the planner: once ANALYZE has run, SQLite prefers to
    sort the search hits, which costs 5x more on SQLCipher (a decrypted table page
    per hit) for the short, broad queries typed first.
    """
    if (sort, descending) == ("name", False):  # the trash too: (deleted_at, sort_name, id)
        return "INDEXED BY ix_contact_live_sort"
    if sort in TEXT_SORTS and not trashed:  # the partial indexes hold live contacts only
        return f"INDEXED BY ix_contact_list_{TEXT_SORTS[sort]}{'_desc' if descending else ''}"
    return ""


def _list_where_order(trashed: bool, sort: str, descending: bool) -> tuple[str, str]:
    """The WHERE and ORDER BY of the live list or the trash in a sort order."""
    where = "deleted_at IS NOT NULL" if trashed else "deleted_at IS NULL"
    if trashed and (sort, descending) == ("name", False):
        return where, "deleted_at DESC, sort_name, id"
    return where, sort_order(sort, descending)


# Up to this many matches, a search sorts its matches; beyond, it walks the list.
_FEW_MATCHES = 2000


def list_contact_ids(
    session: Session,
    *,
    query: str = "",
    trashed: bool = False,
    limit: int | None = None,
    sort: str = "name",
    descending: bool = False,
    positions: ListPositions | None = None,
) -> list[int]:
    """Ids in address-book order, optionally filtered by a search as typed; the first
    ``limit`` of them when given (a picker's page: the index walk stops there).
    ``sort``/``descending``: another order of the live list (one of SORTS), sorted here
    rather than by the caller, who only holds the ids.
    ``positions``: the store's list positions (the list's own reads): the whole live
    list read here is remembered in them, and a search ranks its matches by them.
    """
    if not query.strip():
        remember = positions is not None and not trashed and limit is None
        since = list_positions.last_change(_raw(session)) if remember else 0
        ids = _listed_ids(session, None, trashed, limit, sort, descending)
        if remember:
            positions.remember(sort, descending, since, ids)
        return ids
    match = search.match_for(session.connection(), query)
    if match is None:
        return []
    return _listed_ids(session, match, trashed, limit, sort, descending, positions)


def _raw(session: Session):
    """The session's DB-API connection: its own cursor reads up to 1M ids at three
    times the speed of SQLAlchemy's row wrapping."""
    return session.connection().connection.dbapi_connection


def _listed_ids(
    session: Session,
    match: search.Match | None,
    trashed: bool,
    limit: int | None,
    sort: str,
    descending: bool,
    positions: ListPositions | None = None,
) -> list[int]:
    """``list_contact_ids`` of a search already looked up (None: no search)."""
    where, order = _list_where_order(trashed, sort, descending)
    params: tuple = ()
    index = _index_for(sort, descending, trashed)
    raw = _raw(session)
    if match is not None:
        # The first matches by id: few enough to sort, or enough to tell how many match.
        first = [
            row[0]
            for row in raw.execute(
                "SELECT rowid FROM contact_fts WHERE contact_fts MATCH ? LIMIT ?",
                (match.expression, max(_FEW_MATCHES + 1, search_walk.SAMPLE)),
            )
        ]
        if len(first) <= _FEW_MATCHES:
            # A narrow search ("zieglerova"): its few matches sorted, rather than a
            # walk of the whole list probing each contact (150 ms at 1M contacts).
            where += " AND id IN (SELECT value FROM json_each(?))"
            params, index = (json.dumps(first),), ""
        else:
            # A broad one: ranked by the list's positions when they are known; else
            # probed for each row of the index walk, not sorted (see _index_for),
            # which stops at ``limit`` (or at the end: as deep as the matches are).
            known = _known(positions, trashed, sort, descending)
            if known is not None:
                matches = search_walk.estimate_from(first, len(known.of_id))
                ranked = list_positions.ranked_matches(
                    raw, known, match, matches, limit, where, order
                )
                if ranked is not None:
                    return ranked
            where += " AND id IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)"
            params = (match.expression,)
    sql = f"SELECT id FROM contact {index} WHERE {where} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ?"
        params = (*params, max(0, limit))
    return [row[0] for row in raw.execute(sql, params)]


def _known(
    positions: ListPositions | None, trashed: bool, sort: str, descending: bool
) -> list_positions.Positions | None:
    """The live list's positions in this order, if it was read whole (not the trash)."""
    if positions is None or trashed:
        return None
    return positions.get(sort, descending)


def first_ids(
    session: Session,
    *,
    query: str = "",
    trashed: bool = False,
    size: int,
    sort: str = "name",
    descending: bool = False,
    positions: ListPositions | None = None,
) -> tuple[list[int], bool]:
    """The first ``size`` ids of ``list_contact_ids`` and whether more follow: what a
    search keystroke shows at once (a short, broad prefix matches most of the book,
    and listing every id of it costs several times this index walk that stops early).
    """
    match = None
    if query.strip():
        match = search.match_for(session.connection(), query)
        if match is None:
            return [], False
        # Walked down the list's index; or, its positions known, down them (with
        # the matches ranked by them when the walk gives up).
        known = _known(positions, trashed, sort, descending)
        if match.cheap_to_test_one_by_one and known is None:
            walked = _first_ids_walking(session, match, trashed, size, sort, descending)
            if walked is not None:
                return walked
    ids = _listed_ids(session, match, trashed, size + 1, sort, descending, positions)
    return ids[:size], len(ids) > size


def _first_ids_walking(
    session: Session,
    match: search.Match,
    trashed: bool,
    size: int,
    sort: str,
    descending: bool,
) -> tuple[list[int], bool] | None:
    """``first_ids`` of a broad search of cheap words ("m", "ma", "+44 20", "client"),
    found along the list's order (search_walk): at 1M contacts "m" matches 700k
    people, and finding them all before the first page cost 150 ms; this, ~5 ms.
    None when finding every match first is cheaper."""
    where, order = _list_where_order(trashed, sort, descending)
    walk_sql = (
        f"SELECT id FROM contact {_index_for(sort, descending, trashed)} WHERE {where}"
        f" ORDER BY {order} LIMIT ? OFFSET ?"
    )
    raw = _raw(session)
    book = raw.execute("SELECT max(rowid) FROM contact").fetchone()[0] or 0

    def walk(batch: int, walked: int) -> list[int]:
        return [row[0] for row in raw.execute(walk_sql, (batch, walked))]

    matches = search_walk.estimated_matches(raw, match.expression, book)
    return search_walk.first_matches(raw, match, walk, size, matches)


def count_contacts(session: Session, *, trashed: bool = False) -> int:
    where = "deleted_at IS NOT NULL" if trashed else "deleted_at IS NULL"
    sql = f"SELECT count(*) FROM contact WHERE {where}"
    return session.connection().exec_driver_sql(sql).scalar_one()


@dataclass(frozen=True)
class ContactRow:
    """What one line of the contact list shows; cheap to fetch a page of."""

    id: int
    display_name: str
    organization: str
    title: str
    email: str
    phone: str
    deleted_at: datetime | None
    last_touch_at: datetime | None = None


def contact_rows(session: Session, *, ids: list[int]) -> dict[int, ContactRow]:
    if not ids:
        return {}
    conn = session.connection()
    marks = ",".join("?" * len(ids))
    # The stored first email and phone: the preferred value, then the first listed.
    sql = f"""
        SELECT c.id, c.display_name, c.organization, c.title, c.deleted_at, c.last_touch_at,
          c.sort_email, c.sort_phone
        FROM contact c WHERE c.id IN ({marks})
    """
    rows = {}
    for cid, name, org, title, deleted, last, email, phone in conn.exec_driver_sql(sql, tuple(ids)):
        rows[cid] = ContactRow(
            cid, name, org, title, email or "", phone or "", deleted, parse_db_timestamp(last)
        )
    return rows


def pick_list(session: Session, *, query: str, limit: int = 20) -> list[tuple[int, str, str]]:
    """(id, name, organization) of live contacts matching a typed query, for pickers.

    Bounded (``limit`` rows through the name index), so a picker may ask on the GUI thread.
    """
    ids = list_contact_ids(session, query=query, limit=limit)
    rows = contact_rows(session, ids=ids)
    return [(i, rows[i].display_name, rows[i].organization) for i in ids if i in rows]
