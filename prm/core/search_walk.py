"""The first page of a broad search: walk the list's order and keep the matches.

A search keystroke shows the first ~200 matches in the list's order. For a search
matching a large share of the book, finding every match first (a set of 100,000s
at 1M contacts) costs more than walking the list from the top and testing
contacts until the page is full. Rows are tested in batches, each the cheaper of
two ways:

- one lookup in the search index per contact (~11.5 µs at 1M contacts, plain and
  SQLCipher alike): cheap when matches are dense ("m": 7 in 10 contacts);
- one pass over every match, keeping those in the batch (an SQLite Bloom filter;
  ~0.06 µs a match): cheap when a large batch is needed ("mar": 1 in 8).

How many match is estimated first, from the id of the 2,000th match; the first
batch is tested by lookups and tells the share of matches along the list. From
those, the costs of walking on either way, and of leaving the walk for the set,
are estimated before each batch (the figures below, in lookups).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass

from prm.core.search import Match

# Rows of the first batch, tested by lookups: enough to estimate the share, few
# enough that leaving early (the matches lie deep in the list) wastes little.
FIRST_BATCH = 64
# Rows of each later batch tested by lookups: every batch is a search of its own,
# which costs ~1 ms to start for a word on a third of the book ("client").
LOOKUP_BATCH = 256
# What each way costs, in index lookups (11.7 µs; measured at 1M contacts, plain
# and SQLCipher alike): a match put in the set a search is found through (0.13 µs);
# a match read by a pass (0.06 µs); a list row in the batch a pass keeps matches
# of (0.7 µs: read, handed over, put in the filter).
SET_MATCHES_PER_LOOKUP = 90
PASS_MATCHES_PER_LOOKUP = 200
PASS_ROWS_PER_LOOKUP = 17
# A pass's batch: this many times the rows expected to fill the page, so one pass
# is nearly always enough.
PASS_MARGIN = 2
# A batch tested by lookups: at most this many times the rows expected to fill the
# page (a search on most of the book tested 256 rows for the last 140 it needed).
LOOKUP_MARGIN = 1.5
# Matches read to estimate how many there are: the id the last of them has tells
# the share of the book that matches (ids are given in the order people were added,
# which has nothing to do with their words). ~0.1 ms.
SAMPLE = 2000


@dataclass(frozen=True)
class FirstMatch:
    """Where a search's first match stands in the list, and how many match."""

    position: int
    matches: int


def first_matches(
    raw,
    match: Match,
    walk: Callable[[int, int], Sequence[int]],
    size: int,
    matches: int,
    skip: Container[int] = (),
    first_match: Callable[[], FirstMatch | None] | None = None,
) -> tuple[list[int], bool] | None:
    """The first ``size`` ids along the list that match the search (none of ``skip``),
    and whether more follow; None when finding every match first is cheaper (the
    caller's set). ``walk(batch, offset)``: the list's ``batch`` ids from ``offset``
    on (fewer at its end). ``raw``: the session's DB-API connection (thousands of ids
    a batch: SQLAlchemy's row wrapping cost more than the queries). ``matches``:
    about how many match (``estimated_matches``). ``first_match``: when the first
    rows hold no match, where the first one is, to walk on from there (None: give
    up instead)."""
    expression = match.expression
    found: list[int] = []
    start, walked = 0, 0
    batch, by_pass = FIRST_BATCH, False
    while True:
        ids = walk(batch, start + walked)
        walked += len(ids)
        matching = _passed(raw, expression, ids) if by_pass else _looked_up(raw, expression, ids)
        found += [cid for cid in ids if cid in matching and cid not in skip]
        if len(found) > size:
            return found[:size], True
        if len(ids) < batch:
            return found, False  # the whole list walked
        share = len(found) / walked
        if not share:
            jump = first_match() if first_match is not None else None
            if jump is None:
                return None
            first_match = None  # once: a moved (skipped) first match finds none again
            start, walked, matches = jump.position, 0, jump.matches
            continue
        wanted = size + 1 - len(found)
        lookups = wanted / share * match.lookups_per_contact
        pass_rows = int(PASS_MARGIN * wanted / share) + 1
        by_pass_cost = matches / PASS_MATCHES_PER_LOOKUP + pass_rows / PASS_ROWS_PER_LOOKUP
        if matches / SET_MATCHES_PER_LOOKUP < min(lookups, by_pass_cost):
            return None
        by_pass = by_pass_cost < lookups
        batch = pass_rows if by_pass else min(LOOKUP_BATCH, int(LOOKUP_MARGIN * wanted / share) + 1)


def estimated_matches(raw, expression: str, book: int) -> int:
    """About how many contacts match, ``book`` the highest id (``estimate_from``)."""
    sql = "SELECT rowid FROM contact_fts WHERE contact_fts MATCH ? LIMIT ?"
    return estimate_from([row[0] for row in raw.execute(sql, (expression, SAMPLE))], book)


def estimate_from(first: Sequence[int], book: int) -> int:
    """About how many contacts match, from the ids of the first matches (by id; every
    match when fewer than SAMPLE): counted when fewer than SAMPLE, else told by the
    id of the SAMPLE-th. ``book``: the highest id."""
    if len(first) < SAMPLE:
        return len(first)
    return max(SAMPLE, SAMPLE * book // first[SAMPLE - 1])


def matching_of(raw, match: Match, ids: Sequence[int], matches: int) -> set[int]:
    """Those of ``ids`` that match a search with ``matches`` matches: by lookups, or by
    one pass over the matches, whichever the figures above say is cheaper."""
    lookups = len(ids) * match.lookups_per_contact
    by_pass = matches / PASS_MATCHES_PER_LOOKUP + len(ids) / PASS_ROWS_PER_LOOKUP
    if by_pass < lookups:
        return _passed(raw, match.expression, ids)
    return _looked_up(raw, match.expression, ids)


def _looked_up(raw, expression: str, ids: Sequence[int]) -> set[int]:
    """Those of ``ids`` that match: one index lookup each."""
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    sql = f"SELECT rowid FROM contact_fts WHERE contact_fts MATCH ? AND rowid IN ({marks})"
    return {row[0] for row in raw.execute(sql, (expression, *ids))}


def _passed(raw, expression: str, ids: Sequence[int]) -> set[int]:
    """Those of ``ids`` that match: one pass over every match. The unary plus keeps
    SQLite from handing the ids to FTS5 as lookups; it checks each match against
    them itself, through a Bloom filter."""
    sql = (
        "SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?"
        " AND +rowid IN (SELECT value FROM json_each(?))"
    )
    return {row[0] for row in raw.execute(sql, (expression, json.dumps(ids)))}
