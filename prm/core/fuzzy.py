"""Finding a person from a few letters, typos included (the quick-log box)."""

from __future__ import annotations

from sqlmodel import Session

from prm.core.contact_list import contact_rows, list_contact_ids

# Below this similarity (0-100) a fuzzy match is noise rather than a typo.
MIN_SCORE = 70


def fuzzy_pick(session: Session, *, text: str, limit: int = 10) -> list[tuple[int, str, str]]:
    """(id, name, organization) of live contacts: exact word prefixes first, then
    close spellings ("jhon smiht" finds John Smith)."""
    text = text.strip()
    if not text:
        return []
    ids = list_contact_ids(session, query=text, limit=limit)
    if len(ids) < limit:
        ids += [i for i in _close_spellings(session, text, limit) if i not in ids]
    rows = contact_rows(session, ids=ids[:limit])
    return [(i, rows[i].display_name, rows[i].organization) for i in ids[:limit] if i in rows]


def _close_spellings(session: Session, text: str, limit: int) -> list[int]:
    """Reads every live name: run it on the DB worker, never on the GUI thread."""
    from rapidfuzz import fuzz, process, utils

    names = dict(
        session.connection()
        .exec_driver_sql("SELECT id, display_name FROM contact WHERE deleted_at IS NULL")
        .fetchall()
    )
    found = process.extract(
        text,
        names,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=MIN_SCORE,
    )
    return [key for _name, _score, key in found]
