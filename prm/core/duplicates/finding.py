"""Finding suggested duplicates in the whole store, without comparing all pairs.

Blocking: a pair is scored only if it shares something a duplicate would
share: a normalized email, a normalized phone, or a name key (names.py). The
scorer (scoring.py) never flags a pair outside those blocks, so blocking loses
nothing it would find (a property test compares it with all pairs). Inside a
name block a vectorized spelling ratio drops the pairs whose names are too far
apart before the per-pair scoring in Python; at 100k contacts that keeps the
search to a few seconds. Run it on the DB worker: it reads every live contact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlmodel import Session

from prm.core.duplicates.clusters import Cluster, Pair, cluster_pairs
from prm.core.duplicates.dismissals import dismissed_pairs
from prm.core.duplicates.names import SIMILAR, name_info
from prm.core.duplicates.scoring import Facts, score_pair
from prm.core.errors import KnownError

# (fraction done 0..1, what is happening) and "should I stop?".
Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


class FindCancelled(KnownError):
    def __init__(self) -> None:
        super().__init__("Finding duplicates was cancelled.")


@dataclass(frozen=True)
class DuplicateReport:
    clusters: list[Cluster]
    contacts_checked: int
    pairs_scored: int

    @property
    def pair_count(self) -> int:
        return sum(len(c.pairs) for c in self.clusters)


def load_facts(session: Session) -> list[Facts]:
    """Every live contact's names, emails, phones and birthday, in a few plain queries."""
    raw = session.connection().exec_driver_sql
    emails: dict[int, set[str]] = defaultdict(set)
    for cid, value in raw(
        "SELECT e.contact_id, e.value FROM contact_email e JOIN contact c ON c.id = e.contact_id"
        " WHERE c.deleted_at IS NULL AND e.value != ''"
    ):
        emails[cid].add(value.strip().casefold())
    phones: dict[int, set[str]] = defaultdict(set)
    for cid, value in raw(
        "SELECT p.contact_id, p.normalized FROM contact_phone p"
        " JOIN contact c ON c.id = p.contact_id"
        " WHERE c.deleted_at IS NULL AND length(p.normalized) >= 5"
    ):
        phones[cid].add(value)
    return [
        Facts(
            id=cid,
            name=name_info(given, middle, family) or name_info(nick),
            emails=frozenset(emails.get(cid, ())),
            phones=frozenset(phones.get(cid, ())),
            birthday=(year, month, day),
        )
        for cid, given, middle, family, nick, year, month, day in raw(
            "SELECT id, given_name, middle_name, family_name, nickname,"
            " birthday_year, birthday_month, birthday_day"
            " FROM contact WHERE deleted_at IS NULL ORDER BY id"
        )
    ]


def find_duplicates(
    session: Session,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> DuplicateReport:
    """Suggested duplicates among live contacts, minus pairs the user dismissed."""
    report = progress or (lambda _f, _t: None)
    report(0.0, "Reading contacts…")
    facts = load_facts(session)
    pairs, scored = scored_pairs(facts, progress=report, cancelled=cancelled)
    dismissed = dismissed_pairs(session)
    kept = [p for p in pairs if (p.a, p.b) not in dismissed]
    report(1.0, "Grouping…")
    return DuplicateReport(cluster_pairs(kept), len(facts), scored)


def scored_pairs(
    facts: list[Facts],
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[list[Pair], int]:
    """Every flagged pair among ``facts`` (found through the blocks), and how many
    pairs were scored."""
    by_id = {f.id: f for f in facts}
    candidates: set[tuple[int, int]] = set()
    for block in _identifier_blocks(facts):
        candidates.update(_all_pairs_of(block))
    name_blocks = _name_blocks(facts)
    step = max(1, len(name_blocks) // 50)
    for number, block in enumerate(name_blocks):
        if number % step == 0:
            if cancelled is not None and cancelled():
                raise FindCancelled
            if progress is not None:
                progress(0.1 + 0.6 * number / len(name_blocks), "Comparing names…")
        candidates.update(_close_names(block))
    if progress is not None:
        progress(0.7, f"Scoring {len(candidates):,} candidate pairs…")
    found = []
    for number, (a, b) in enumerate(sorted(candidates)):
        if number % 20000 == 0 and cancelled is not None and cancelled():
            raise FindCancelled
        score = score_pair(by_id[a], by_id[b])
        if score is not None:
            found.append(Pair(a, b, score.score, score.reason))
    return found, len(candidates)


def all_pairs(facts: list[Facts]) -> list[Pair]:
    """The reference: every pair scored (quadratic; for tests on small stores)."""
    found = []
    for i, a in enumerate(facts):
        for b in facts[i + 1 :]:
            score = score_pair(a, b)
            if score is not None:
                low, high = sorted((a.id, b.id))
                found.append(Pair(low, high, score.score, score.reason))
    return sorted(found, key=lambda p: (p.a, p.b))


def _identifier_blocks(facts: list[Facts]) -> Iterable[list[int]]:
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for f in facts:
        for email in f.emails:
            blocks["e", email].append(f.id)
        for phone in f.phones:
            blocks["p", phone].append(f.id)
    return (ids for ids in blocks.values() if len(ids) > 1)


def _name_blocks(facts: list[Facts]) -> list[list[Facts]]:
    blocks: dict[str, list[Facts]] = defaultdict(list)
    for f in facts:
        if f.name is not None:
            for key in f.name.keys:
                blocks[key].append(f)
    return [b for b in blocks.values() if len(b) > 1]


def _all_pairs_of(ids: list[int]) -> Iterable[tuple[int, int]]:
    ids = sorted(set(ids))
    return ((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])


def _close_names(block: list[Facts]) -> Iterable[tuple[int, int]]:
    """Pairs of the block whose names could be judged alike: a spelling ratio of at
    least SIMILAR (compared in C, a row at a time), or a shape the ratio undervalues
    (an initial, a token more or less), which goes to the scorer whatever the ratio."""
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    names = [f.name for f in block]
    texts = [n.sorted_text for n in names]  # type: ignore[union-attr]
    ids = [f.id for f in block]
    cutoff = (SIMILAR - 0.5) / 100
    for i in range(len(block) - 1):
        for _text, _score, j in process.extract(
            texts[i], texts[i + 1 :], scorer=Indel.normalized_similarity,
            score_cutoff=cutoff, limit=None,
        ):  # fmt: skip
            yield _ordered(ids[i], ids[i + 1 + j])
    shapes: dict[tuple[int, bool], list[int]] = defaultdict(list)
    for f, n in zip(block, names, strict=True):
        shapes[len(n.tokens), n.has_initial].append(f.id)  # type: ignore[union-attr]
    groups = list(shapes.items())
    for x, ((length_x, initial_x), ids_x) in enumerate(groups):
        if initial_x:
            yield from _all_pairs_of(ids_x)
        for (length_y, initial_y), ids_y in groups[x + 1 :]:
            if initial_x or initial_y or length_x != length_y:
                yield from (_ordered(a, b) for a in ids_x for b in ids_y)


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)
