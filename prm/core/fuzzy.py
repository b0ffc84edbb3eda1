"""Finding a person from a few letters, typos included (the quick-log box)."""

from __future__ import annotations

import heapq
from collections.abc import Callable

from sqlmodel import Session

from prm.core.contact_list import contact_rows, list_contact_ids

# Below this similarity (0-100) a fuzzy match is noise rather than a typo.
MIN_SCORE = 70


def fuzzy_pick(
    session: Session, *, text: str, limit: int = 10, wanted: Callable[[], bool] = lambda: True
) -> list[tuple[int, str, str]]:
    """(id, name, organization) of live contacts: exact word prefixes first, then
    close spellings ("jhon smiht" finds John Smith). ``wanted``: asked between steps of
    the close-spelling scan; once False, the scan stops and what was found returns."""
    text = text.strip()
    if not text:
        return []
    ids = list_contact_ids(session, query=text, limit=limit)
    if len(ids) < limit:
        ids += [i for i in _close_spellings(session, text, limit, wanted) if i not in ids]
    rows = contact_rows(session, ids=ids[:limit])
    return [(i, rows[i].display_name, rows[i].organization) for i in ids[:limit] if i in rows]


# Names compared per step of the close-spelling scan (~20 ms each): the DB worker
# is never held longer than a step for a search the user has typed past.
_SPELLING_STEP = 20_000


def _close_spellings(
    session: Session, text: str, limit: int, wanted: Callable[[], bool]
) -> list[int]:
    """Reads every live name (at 1M contacts, seconds): run it on the DB worker, never
    on the GUI thread."""
    from rapidfuzz import fuzz, process, utils

    conn = session.connection()
    best: list[tuple[float, int]] = []  # (score, id) of the best so far
    after = 0
    while wanted():
        names = dict(
            conn.exec_driver_sql(
                "SELECT id, display_name FROM contact WHERE deleted_at IS NULL AND id > ?"
                " ORDER BY id LIMIT ?",
                (after, _SPELLING_STEP),
            ).fetchall()
        )
        if not names:
            break
        after = max(names)
        found = process.extract(
            text,
            names,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=limit,
            score_cutoff=MIN_SCORE,
        )
        best = heapq.nlargest(
            limit, best + [(score, key) for _name, score, key in found], key=lambda b: (b[0], -b[1])
        )
    return [key for _score, key in best]
