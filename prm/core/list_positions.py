"""Where every contact stands in a list order: a search's first page ranked by it.

A search whose matches sort together deep in the list (a family name late in the
alphabet; a company's name with the list sorted by company) has no quick first
page in SQL: walking the list's index up to the matches, or reading every match's
row to sort it, costs as much as the matches are deep or many (150-470 ms a
keystroke at 1M contacts). The list reads every id in its order anyway when it
loads (``contact_list.list_contact_ids``); kept here as each contact's position,
it finds a search's first match in one pass in C, from which the page is walked
down the list (search_walk); or, when the matches lie too sparse to walk, it ranks
them all: a few ms either way, without reading their rows.

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
import sys
import threading
from array import array
from collections import OrderedDict, deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter

from prm.core import search_walk
from prm.core.search import Match

# The largest contact id positions are kept for (an array of C ints).
MAX_ID = 2**31 - 2
# More contacts moved than this since the list was read: its positions are not used
# (at most revision 0024's KEPT are logged).
MAX_MOVED = 2000
# Orders kept: the list's own, and the one it was sorted by before.
ORDERS_KEPT = 2


@dataclass(frozen=True)
class Positions:
    """One list order as read at log number ``since``: ``of_id[contact id]`` is the
    contact's position, ``ids[position]`` the contact; a contact not in the list then
    (in the trash, purged, not there yet) has position ``len(ids)``."""

    since: int
    of_id: array
    ids: array
    # of_id as 4-byte big-endian numbers: SQLite compares two of them (blobs, byte by
    # byte) as the positions compare, so a query can find the first match in C.
    keys: bytes

    @property
    def unlisted(self) -> int:
        return len(self.ids)


class ListPositions:
    """The positions of a store's list orders; one per open store, for any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._orders: OrderedDict[tuple[str, bool], Positions] = OrderedDict()

    def remember(self, sort: str, descending: bool, since: int, ids: Sequence[int]) -> None:
        """``ids``: the whole live list in this order, read after log number ``since``."""
        top = max(ids, default=0)
        if top > MAX_ID:
            return  # ids beyond what an array of C ints holds: search the old way
        of_id = array("i", [len(ids)]) * (top + 1)
        _scatter(of_id, ids, range(len(ids)))
        positions = Positions(since, of_id, array("i", ids), _big_endian(of_id))
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


# Pairs set by one call in C: ~5 ms of work, during which no other thread runs
# Python (the GUI thread among them); it gets its turn between chunks.
_CHUNK = 65536


def _scatter(target, keys: Sequence[int], values: Sequence[int]) -> None:
    """``target[key] = value`` for each pair, in C (1M pairs: ~0.1 s; a Python loop, 3x)."""
    for start in range(0, len(keys), _CHUNK):
        part = slice(start, start + _CHUNK)
        deque(map(target.__setitem__, keys[part], values[part]), maxlen=0)


def _big_endian(numbers: array) -> bytes:
    copy = array(numbers.typecode, numbers.tobytes())  # one copy of the memory, in C
    if sys.byteorder == "little":
        copy.byteswap()
    return copy.tobytes()


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
    raw,
    positions: Positions,
    match: Match,
    matches: int,
    limit: int | None,
    where: str,
    order: str,
) -> list[int] | None:
    """The first ``limit`` (None: all) live contacts matching the search (about
    ``matches`` of them) in the list's order: ``where``/``order`` are its WHERE and
    ORDER BY, the ones ``positions`` was read in. None when the positions cannot be
    trusted, or (all of them asked for) some matches moved since."""
    with _one_snapshot(raw):  # the log and the matches of one moment: none moved unseen
        moved = moved_since(raw, positions.since)
        if moved is None:
            return None
        if limit is None:
            return _all_in_order(raw, positions, match.expression, moved)
        # The best ``limit`` of those that did not move (a moved one's old rank is
        # wrong); the moved matches then take their places among them by their rows.
        page = _walked_page(raw, positions, match, matches, limit, moved)
        if page is None:
            page = _ranked_page(raw, positions, match.expression, limit, moved)
        kept, moved_matches = page
        if not moved_matches:
            return kept
        sql = (
            f"SELECT id FROM contact WHERE {where} AND id IN (SELECT value FROM json_each(?))"
            f" ORDER BY {order} LIMIT ?"
        )
        return [row[0] for row in raw.execute(sql, (json.dumps(kept + moved_matches), limit))]


def _all_in_order(raw, positions: Positions, expression: str, moved: set[int]) -> list[int] | None:
    """Every live match in the list's order; None when some moved (their places among
    all the others are unknown)."""
    matched = _matched(raw, expression, len(positions.of_id))
    if moved.intersection(matched) or _matched_after(raw, expression, len(positions.of_id)):
        return None
    return _in_order(positions.ids, _gather(positions.of_id, matched))


def _walked_page(
    raw, positions: Positions, match: Match, matches: int, limit: int, moved: set[int]
) -> tuple[list[int], list[int]] | None:
    """The page's unmoved matches, and the moved ones, found along the list (see
    search_walk) from its top; or, when the top holds none, from the first match,
    found in one pass in C (matches that sort together deep in the list: "director"
    with the list by title, 12% of the book from 41% down). None when a contact is
    dear to test (see Match), or the matches lie too sparse to walk to the page's end."""
    if not match.cheap_to_test_one_by_one:
        return None
    ids, below = positions.ids, len(positions.of_id)

    def first_match() -> search_walk.FirstMatch | None:
        # A pass over every match: worth it when the walk from the first is cheap
        # (two words, "+44 20" on 63,000 people by phone: ranked in 25 ms, walked
        # from the first in 28-40).
        if match.lookups_per_contact > 1:
            return None
        first, counted = raw.execute(
            "SELECT min(substr(?, rowid * 4 + 1, 4)), count(*) FROM contact_fts"
            " WHERE contact_fts MATCH ? AND rowid < ?",
            (positions.keys, match.expression, below),
        ).fetchone()
        return search_walk.FirstMatch(int.from_bytes(first, "big") if first else len(ids), counted)

    def walk(batch: int, offset: int) -> list[int]:
        return ids[offset : offset + batch].tolist()

    walked = search_walk.first_matches(raw, match, walk, limit, matches, moved, first_match)
    if walked is None:
        return None
    listed_then = sorted(cid for cid in moved if cid < below)  # later ones: matched after
    moved_matches = sorted(search_walk.matching_of(raw, match, listed_then, matches))
    return walked[0], moved_matches + _matched_after(raw, match.expression, below)


def _ranked_page(
    raw, positions: Positions, expression: str, limit: int, moved: set[int]
) -> tuple[list[int], list[int]]:
    """The page's unmoved matches, and the moved ones: every match ranked by its
    position."""
    of_id, ids = positions.of_id, positions.ids
    matched = _matched(raw, expression, len(of_id))
    moved_matches = sorted(moved.intersection(matched)) + _matched_after(
        raw, expression, len(of_id)
    )
    best = heapq.nsmallest(limit + len(moved_matches), _gather(of_id, matched))
    kept = [ids[rank] for rank in best if rank < len(ids) and ids[rank] not in moved]
    return kept[:limit], moved_matches


def _in_order(ids: array, ranks: Sequence[int]) -> list[int]:
    """The contacts at these positions, in the list's order: a mark at each position,
    then the list read through the marks (in C; sorting 700k ranks took 10x longer)."""
    marks = bytearray(len(ids) + 1)  # the last: the position of those not listed
    _scatter(marks, ranks, b"\x01" * len(ranks))
    return list(compress(ids, marks))


def _matched(raw, expression: str, below: int) -> list[int]:
    """The ids of the matches, those below ``below``: one string parsed in C (a Python
    row per match cost 4x the search itself)."""
    text = raw.execute(
        "SELECT '[' || group_concat(rowid) || ']' FROM contact_fts"
        " WHERE contact_fts MATCH ? AND rowid < ?",
        (expression, below),
    ).fetchone()[0]
    return json.loads(text) if text else []


def _matched_after(raw, expression: str, first: int) -> list[int]:
    """The matches added since the list was read, with ids beyond its positions."""
    sql = "SELECT rowid FROM contact_fts WHERE contact_fts MATCH ? AND rowid >= ?"
    return [row[0] for row in raw.execute(sql, (expression, first))]


def _gather(of_id: array, matched: list[int]) -> Sequence[int]:
    """``of_id[i]`` for each of ``matched``, looked up in C."""
    if len(matched) < 2:  # itemgetter of one key gives the item, not a tuple of it
        return [of_id[i] for i in matched]
    return itemgetter(*matched)(of_id)


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
