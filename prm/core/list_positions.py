"""Where every contact stands in a list order: a search's first page ranked by it.

A search whose matches sort together deep in the list (a family name late in the
alphabet; a company's name with the list sorted by company) has no quick first
page in SQL: walking the list's index up to the matches, or reading every match's
row to sort it, costs as much as the matches are deep or many (150-470 ms a
keystroke at 1M contacts). The list reads every id in its order anyway when it
loads (``contact_list.list_contact_ids``); kept here as each contact's position,
it ranks a search's matches in a few ms, without reading their rows.

Positions go stale as contacts change. Revision 0024's log (``derived_list_change``)
numbers every change of a contact's place in any order, whoever writes, so a
search trusts the positions of the contacts that did not move since the list was
read and sorts the few that did, with the first page's candidates, in SQL. When
more moved than that is worth, or the log no longer reaches back, the search goes
the old way until the list loads again.
"""

from __future__ import annotations

import heapq
import json
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter

# A contact not in the list (in the trash, purged, not there yet) when it was read.
UNLISTED = 2**31 - 1
# More contacts moved than this since the list was read: its positions are not used
# (each one moved costs a lookup; and at most revision 0024's KEPT are logged).
MAX_MOVED = 2000
# Orders kept: the list's own, and the one it was sorted by before.
ORDERS_KEPT = 2


@dataclass(frozen=True)
class Positions:
    """One list order as read at log number ``since``: ``of_id[contact id]`` is the
    contact's position (UNLISTED if not listed), ``ids[position]`` the contact."""

    since: int
    of_id: array
    ids: array


class ListPositions:
    """The positions of a store's list orders; one per open store, for any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._orders: OrderedDict[tuple[str, bool], Positions] = OrderedDict()

    def remember(self, sort: str, descending: bool, since: int, ids: Sequence[int]) -> None:
        """``ids``: the whole live list in this order, read after log number ``since``."""
        top = max(ids, default=0)
        if top >= UNLISTED:
            return  # ids beyond what an array of C ints holds: search the old way
        of_id = array("i", [UNLISTED]) * (top + 1)
        for position, contact_id in enumerate(ids):
            of_id[contact_id] = position
        positions = Positions(since, of_id, array("i", ids))
        with self._lock:
            self._orders[(sort, descending)] = positions
            self._orders.move_to_end((sort, descending))
            while len(self._orders) > ORDERS_KEPT:
                self._orders.popitem(last=False)

    def get(self, sort: str, descending: bool) -> Positions | None:
        with self._lock:
            return self._orders.get((sort, descending))

    def forget(self) -> None:
        with self._lock:
            self._orders.clear()


def last_change(raw) -> int:
    """The log's newest number: read before the list, it dates the positions."""
    return raw.execute("SELECT coalesce(max(seq), 0) FROM derived_list_change").fetchone()[0]


def moved_since(raw, since: int) -> set[int] | None:
    """The contacts whose place changed after log number ``since``; None when more
    than MAX_MOVED did, or the log no longer holds every change since (pruned, or
    emptied: then it restarts from a number already used)."""
    oldest, newest = raw.execute("SELECT min(seq), max(seq) FROM derived_list_change").fetchone()
    if newest is None:
        return set() if since == 0 else None
    if newest < since or oldest > since + 1 or newest - since > MAX_MOVED:
        return None
    rows = raw.execute("SELECT contact_id FROM derived_list_change WHERE seq > ?", (since,))
    return {row[0] for row in rows}


def ranked_matches(
    raw, positions: Positions, expression: str, limit: int | None, where: str, order: str
) -> list[int] | None:
    """The first ``limit`` (None: all) live contacts matching the FTS5 ``expression``
    in the list's order: ``where``/``order`` are its WHERE and ORDER BY, the ones
    ``positions`` was read in. None when the positions cannot be trusted, or (all of
    them asked for) some matches moved since."""
    with _one_snapshot(raw):  # the log and the matches of one moment: none moved unseen
        moved = moved_since(raw, positions.since)
        if moved is None:
            return None
        ranks = _ranks(raw, expression, positions.of_id)
        moved_matches = _matching(raw, expression, moved)
        if limit is None:
            if moved_matches:
                return None  # their places among all the others are unknown
            return [positions.ids[rank] for rank in sorted(ranks) if rank != UNLISTED]
        return _first(raw, positions, ranks, moved, moved_matches, limit, where, order)


def _first(
    raw,
    positions: Positions,
    ranks: Sequence[int],
    moved: set[int],
    moved_matches: list[int],
    limit: int,
    where: str,
    order: str,
) -> list[int]:
    """The best ``limit`` of the matches that did not move (a moved one's old rank is
    wrong); the moved matches then take their places among them by their rows."""
    ids = positions.ids
    best = heapq.nsmallest(limit + len(moved), ranks)
    kept = [ids[rank] for rank in best if rank != UNLISTED and ids[rank] not in moved][:limit]
    if not moved_matches:
        return kept
    sql = (
        f"SELECT id FROM contact WHERE {where} AND id IN (SELECT value FROM json_each(?))"
        f" ORDER BY {order} LIMIT ?"
    )
    return [row[0] for row in raw.execute(sql, (json.dumps(kept + moved_matches), limit))]


@contextmanager
def _one_snapshot(raw) -> Iterator[None]:
    """The reads inside see one state of the store (a read transaction), unless the
    caller's connection is in a transaction already (then they do anyway)."""
    if raw.in_transaction:
        yield
        return
    raw.execute("BEGIN")
    try:
        yield
    finally:
        raw.execute("ROLLBACK")  # it only read


def _ranks(raw, expression: str, of_id: array) -> Sequence[int]:
    """The positions of the matches (UNLISTED for those not listed then).

    The matches come as one string and the positions are looked up in C: a Python
    row per match, and a Python call per lookup, cost 4x the search itself (118k
    matches at 1M contacts: 43 -> 16 ms)."""
    text = raw.execute(
        "SELECT '[' || group_concat(rowid) || ']' FROM contact_fts"
        " WHERE contact_fts MATCH ? AND rowid < ?",
        (expression, len(of_id)),
    ).fetchone()[0]
    matched = json.loads(text) if text else []
    if len(matched) < 2:  # itemgetter of one key gives the item, not a tuple of it
        return [of_id[i] for i in matched]
    return itemgetter(*matched)(of_id)


def _matching(raw, expression: str, ids: set[int]) -> list[int]:
    if not ids:
        return []
    sql = (
        "SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?"
        " AND rowid IN (SELECT value FROM json_each(?))"
    )
    return [row[0] for row in raw.execute(sql, (expression, json.dumps(sorted(ids))))]
