"""Suggested duplicates kept as derived data, refreshed for the contacts that changed.

Searching 100,000 contacts takes seconds, so the result is stored (revision
0009): every suggested pair with its score and reasons, plus each contact's
blocking keys and name. Every committed write that touches a contact's name,
emails, phones or birthday notes the contact as dirty (``prm/core/derived.py``, in
the write's commit); before the next read ``refresh`` re-blocks only those
contacts: their stored keys say whom to compare them with, and their pairs are
scored again by the same ``score_pair`` the full search uses. Writes whose
contacts are unknown (a bulk import, an import of everything) mark the tables
stale instead, and ``rebuild`` runs the full search once, with progress.

The result equals a full search from scratch (a property test edits a store at
random and compares). "Not a duplicate" is applied when reading, not stored here.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlmodel import Session

from prm.core.duplicates.clusters import Pair
from prm.core.duplicates.finding import (
    CHUNK,
    Cancelled,
    Progress,
    load_facts,
    read_facts,
    scored_pairs,
    with_commonness,
)
from prm.core.duplicates.scoring import COMMON_NAME, Facts, score_pair

MANY = 500  # changed contacts beyond which a full search beats comparing each
TABLES = (
    "derived_dup_candidate",
    "derived_dup_name",
    "derived_dup_key",
    "derived_dup_dirty",
    "derived_dup_state",
)


def is_stale(session: Session) -> bool:
    """True when only a full rebuild can make the tables right."""
    raw = session.connection().exec_driver_sql
    return raw("SELECT 1 FROM derived_dup_state").first() is None


def ensure_fresh(
    session: Session, *, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> None:
    """Make the stored pairs current: a full rebuild if stale (or if so many contacts
    changed, a big import, that one search is quicker), else the dirty contacts."""
    raw = session.connection().exec_driver_sql
    dirty = raw("SELECT count(*) FROM derived_dup_dirty").scalar_one()
    if dirty > MANY or is_stale(session):
        rebuild(session, progress=progress, cancelled=cancelled)
    else:
        refresh(session)


def rebuild(
    session: Session, *, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> None:
    """The full search, stored (run in a write transaction on the worker)."""
    report = progress or (lambda _f, _t: None)
    report(0.0, "Reading contacts…")
    facts = load_facts(session)
    pairs, _scored = scored_pairs(facts, progress=report, cancelled=cancelled)
    report(0.95, "Saving…")
    raw = session.connection().exec_driver_sql
    for table in TABLES:
        raw(f"DELETE FROM {table}")
    _store_facts(session, facts)
    _store_pairs(session, pairs)
    raw("INSERT INTO derived_dup_state (id, built_at) VALUES (1, datetime('now'))")
    report(1.0, "Done")


def refresh(session: Session) -> int:
    """Re-block the dirty contacts (and everyone whose name just became common or
    stopped being so); returns how many contacts were compared again."""
    raw = session.connection().exec_driver_sql
    dirty = [r[0] for r in raw("SELECT contact_id FROM derived_dup_dirty")]
    if not dirty:
        return 0
    raw("DELETE FROM derived_dup_dirty")
    now = {f.id: f for f in read_facts(session, dirty)}
    sql = "SELECT contact_id, norm, signature FROM derived_dup_name WHERE contact_id IN ({})"
    before = {cid: (norm, signature) for cid, norm, signature in _rows_in(session, sql, dirty)}
    changed = [
        c for c in dirty if (before[c][1] if c in before else None) != _signature(now.get(c))
    ]
    if not changed:
        return 0
    norms = {before[c][0] for c in changed if c in before} | {
        now[c].name.sorted_text for c in changed if c in now and now[c].name is not None
    }
    norms.discard(None)
    counts_before = _name_counts(session, norms)
    _forget(session, changed)
    _store_facts(session, [now[c] for c in changed if c in now])
    counts_after = _name_counts(session, norms)
    crossed = [
        n
        for n in norms
        if (counts_before.get(n, 0) > COMMON_NAME) != (counts_after.get(n, 0) > COMMON_NAME)
    ]
    focus = set(changed)
    if crossed:
        sql = "SELECT contact_id FROM derived_dup_name WHERE norm IN ({})"
        focus.update(r[0] for r in _rows_in(session, sql, crossed))
    _drop_pairs(session, focus)
    _store_pairs(session, _pairs_of(session, focus))
    return len(focus)


# --- comparing a few contacts with those sharing a key ---------------------------------


def _pairs_of(session: Session, focus: set[int]) -> list[Pair]:
    """Every flagged pair with at least one contact in ``focus``."""
    keys_of: dict[int, list[str]] = defaultdict(list)
    for key, cid in _rows_in(
        session, "SELECT key, contact_id FROM derived_dup_key WHERE contact_id IN ({})", focus
    ):
        keys_of[cid].append(key)
    members: dict[str, list[int]] = defaultdict(list)
    wanted = sorted({k for keys in keys_of.values() for k in keys})
    for key, cid in _rows_in(
        session, "SELECT key, contact_id FROM derived_dup_key WHERE key IN ({})", wanted
    ):
        members[key].append(cid)
    ids = set(focus) | {c for ids in members.values() for c in ids}
    facts = read_facts(session, sorted(ids))
    norms = {f.name.sorted_text for f in facts if f.name is not None}
    by_id = {f.id: f for f in with_commonness(facts, _name_counts(session, norms))}
    found: dict[tuple[int, int], Pair] = {}
    seen: set[tuple[int, int]] = set()
    similar: dict[tuple, tuple[int, str]] = {}  # the same two names meet again and again
    for a in sorted(focus):
        fa = by_id.get(a)
        if fa is None:
            continue
        for x in {c for k in keys_of[a] for c in members[k]} - {a}:
            pair = (a, x) if a < x else (x, a)
            if pair in seen:
                continue
            seen.add(pair)
            result = score_pair(fa, by_id[x], _similarity(fa, by_id[x], similar))
            if result is not None:
                found[pair] = Pair(pair[0], pair[1], result.score, result.reason)
    return list(found.values())


def _similarity(a: Facts, b: Facts, known: dict) -> tuple[int, str] | None:
    from prm.core.duplicates.names import name_similarity

    if a.name is None or b.name is None:
        return None
    names = (a.name.raw, b.name.raw)
    if names not in known:
        known[names] = name_similarity(a.name, b.name)
    return known[names]


# --- the stored rows --------------------------------------------------------------------


def _signature(f: Facts | None) -> str | None:
    """What matching reads of a contact; None when it is not a live contact."""
    if f is None:
        return None
    text = repr((f.name.raw if f.name else None, sorted(f.emails), sorted(f.phones), f.birthday))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _keys(f: Facts) -> Iterable[str]:
    yield from (f"e:{e}" for e in f.emails)
    yield from (f"p:{p}" for p in f.phones)
    if f.name is not None:
        yield from (f"n:{k}" for k in f.name.keys)


def _store_facts(session: Session, facts: Sequence[Facts]) -> None:
    raw = session.connection().exec_driver_sql
    names = [(f.id, f.name.sorted_text if f.name else None, _signature(f)) for f in facts]
    keys = [(k, f.id) for f in facts for k in _keys(f)]
    if names:
        raw("INSERT INTO derived_dup_name (contact_id, norm, signature) VALUES (?, ?, ?)", names)
    if keys:
        raw("INSERT OR IGNORE INTO derived_dup_key (key, contact_id) VALUES (?, ?)", keys)


def _store_pairs(session: Session, pairs: Sequence[Pair]) -> None:
    if pairs:
        session.connection().exec_driver_sql(
            # An upsert, not INSERT OR REPLACE: REPLACE's delete fires no trigger, and
            # derived_dup_count (revision 0021) counts inserts and deletes.
            "INSERT INTO derived_dup_candidate (a, b, score, reason) VALUES (?,?,?,?)"
            " ON CONFLICT (a, b) DO UPDATE SET score = excluded.score, reason = excluded.reason",
            [tuple(p) for p in pairs],
        )


def _forget(session: Session, ids: Sequence[int]) -> None:
    raw = session.connection().exec_driver_sql
    for part in _chunks(sorted(ids)):
        marks = ",".join("?" * len(part))
        raw(f"DELETE FROM derived_dup_name WHERE contact_id IN ({marks})", tuple(part))
        raw(f"DELETE FROM derived_dup_key WHERE contact_id IN ({marks})", tuple(part))


def _drop_pairs(session: Session, ids: Iterable[int]) -> None:
    raw = session.connection().exec_driver_sql
    for part in _chunks(sorted(ids)):
        marks = ",".join("?" * len(part))
        raw(f"DELETE FROM derived_dup_candidate WHERE a IN ({marks})", tuple(part))
        raw(f"DELETE FROM derived_dup_candidate WHERE b IN ({marks})", tuple(part))


def _name_counts(session: Session, norms: Iterable[str]) -> dict[str, int]:
    sql = "SELECT norm, count(*) FROM derived_dup_name WHERE norm IN ({}) GROUP BY norm"
    return dict(_rows_in(session, sql, norms))


def _rows_in(session: Session, sql: str, values: Iterable) -> list[tuple]:
    """``sql``'s rows, its ``IN ({})`` filled a chunk of ``values`` at a time."""
    raw = session.connection().exec_driver_sql
    rows: list[tuple] = []
    for part in _chunks(sorted(values)):
        rows += [tuple(r) for r in raw(sql.format(",".join("?" * len(part))), tuple(part))]
    return rows


def _chunks(values: list) -> Iterable[list]:
    return (values[i : i + CHUNK] for i in range(0, len(values), CHUNK))
