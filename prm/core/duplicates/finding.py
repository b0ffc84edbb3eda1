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

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from prm.core.duplicates.clusters import Cluster, Pair, cluster_pairs
from prm.core.duplicates.dismissals import dismissed_pairs
from prm.core.duplicates.names import SIMILAR, NameInfo, name_info, name_similarity
from prm.core.duplicates.scoring import (
    COMMON_NAME,
    NAME_ALONE,
    Facts,
    birthday_relation,
    by_name_alone,
    score_pair,
)
from prm.core.errors import KnownError

# (fraction done 0..1, what is happening) and "should I stop?".
Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]
CHUNK = 500  # ids per query: far below SQLite's limit on bound values


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
    """Every live contact's names, emails, phones and birthday, in a few plain scans,
    each name marked if it is very common in the store."""
    return with_commonness(read_facts(session))


def read_facts(session: Session, ids: Sequence[int] | None = None) -> list[Facts]:
    """The facts of every live contact, or of those of ``ids`` (live ones only);
    ``common`` left False."""
    # The DB-API cursor: SQLAlchemy's result rows cost more than the scans themselves.
    cursor = session.connection().connection.cursor()
    raw = cursor.execute
    chunks: list[tuple[str, tuple]] = [("", ())]
    if ids is not None:
        ordered = sorted(set(ids))
        chunks = [
            (f" AND {{col}} IN ({','.join('?' * len(part))})", tuple(part))
            for part in (ordered[i : i + CHUNK] for i in range(0, len(ordered), CHUNK))
        ]
    people, emails, phones = [], defaultdict(set), defaultdict(set)
    for where, params in chunks:
        people += raw(
            "SELECT id, given_name, middle_name, family_name, nickname,"
            " birthday_year, birthday_month, birthday_day"
            " FROM contact WHERE deleted_at IS NULL" + where.format(col="id") + " ORDER BY id",
            params,
        ).fetchall()
        for cid, value in raw(
            "SELECT contact_id, value FROM contact_email WHERE value != ''"
            + where.format(col="contact_id"),
            params,
        ):
            emails[cid].add(value.strip().casefold())
        for cid, value in raw(
            "SELECT contact_id, normalized FROM contact_phone WHERE length(normalized) >= 5"
            + where.format(col="contact_id"),
            params,
        ):
            phones[cid].add(value)
    cursor.close()
    names: dict[tuple[str, ...], NameInfo | None] = {}  # the same name is read once
    facts = []
    none: frozenset[str] = frozenset()
    for cid, given, middle, family, nick, year, month, day in people:
        key = (given, middle, family, nick)
        name = names.get(key, False)
        if name is False:
            name = names[key] = name_info(given, middle, family) or name_info(nick)
        facts.append(
            Facts(cid, name, emails.get(cid, none), phones.get(cid, none), (year, month, day))
        )
    return facts


def with_commonness(facts: list[Facts], counts: Mapping[str, int] | None = None) -> list[Facts]:
    """``facts`` with ``common`` set from how many live contacts bear each name:
    ``counts`` (name text -> contacts), or counted among ``facts`` themselves."""
    if counts is None:
        counts = Counter(f.name.sorted_text for f in facts if f.name is not None)
    return [
        f._replace(common=True)
        if f.name is not None and counts.get(f.name.sorted_text, 0) > COMMON_NAME
        else f
        for f in facts
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
    pairs were scored.

    Names are compared once per distinct spelling, not per pair of people: people
    with the same name are grouped, close names found between groups. A pair of
    groups whose names are only "similar" can be flagged only with the same
    birthday, so their members are joined on the birthday instead of multiplied.
    """
    report = progress or (lambda _f, _t: None)
    by_id = {f.id: f for f in facts}
    id_pairs: set[tuple[int, int]] = set()
    for block in _identifier_blocks(facts):
        id_pairs.update(_all_pairs_of(block))
    groups: dict[tuple[str, ...], list[Facts]] = defaultdict(list)
    for f in facts:
        if f.name is not None:
            groups[f.name.raw].append(f)
    close = _close_name_pairs([g[0].name for g in groups.values()], report, cancelled)  # type: ignore[misc]
    report(0.6, "Scoring…")
    found: list[Pair] = []
    scored = 0

    def score(pairs: Iterable[tuple[Facts, Facts]], similarity: tuple[int, str]) -> None:
        """Pairs of two name groups sharing a key: with no email or phone in common
        (those are scored below), the verdict hangs on the birthdays alone."""
        nonlocal scored
        verdicts = {day: by_name_alone(*similarity, day) for day in ("same", "different", "")}
        for a, b in pairs:
            key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
            if key in id_pairs:
                continue
            scored += 1
            day = birthday_relation(a.birthday, b.birthday)
            if (a.common or b.common) and day != "same":
                continue  # a very common name alone is no evidence (scoring.py)
            verdict = verdicts[day]
            if verdict is not None:
                found.append(Pair(key[0], key[1], verdict.score, verdict.reason))

    for number, members in enumerate(groups.values()):
        if number % 2000 == 0 and cancelled is not None and cancelled():
            raise FindCancelled
        if len(members) > 1:
            name = members[0].name
            within = _same_birthday(members, members) if members[0].common else None
            pairs = (
                ((a, b) for a, b in within if a.id < b.id)
                if within is not None
                else _pairs_within(members)
            )
            score(pairs, name_similarity(name, name))  # type: ignore[arg-type]
    for number, (raw_a, raw_b) in enumerate(close):
        if number % 2000 == 0 and cancelled is not None and cancelled():
            raise FindCancelled
        group_a, group_b = groups[raw_a], groups[raw_b]
        similarity = name_similarity(group_a[0].name, group_b[0].name)  # type: ignore[arg-type]
        if group_a[0].common or group_b[0].common:
            # A very common name needs the same birthday besides (scoring.py).
            if similarity[0] >= SIMILAR:
                score(_same_birthday(group_a, group_b), similarity)
        elif similarity[0] >= NAME_ALONE:
            score(((a, b) for a in group_a for b in group_b), similarity)
        elif similarity[0] >= SIMILAR:
            score(_same_birthday(group_a, group_b), similarity)
    report(0.9, "Scoring shared emails and phones…")
    known: dict[tuple, tuple[int, str]] = {}  # the same two names meet again and again
    for a, b in id_pairs:
        scored += 1
        fa, fb = by_id[a], by_id[b]
        similarity = None
        if fa.name is not None and fb.name is not None:
            names = (fa.name.raw, fb.name.raw)
            similarity = known.get(names)
            if similarity is None:
                similarity = known[names] = name_similarity(fa.name, fb.name)
        result = score_pair(fa, fb, similarity)
        if result is not None:
            found.append(Pair(a, b, result.score, result.reason))
    return found, scored


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


def _close_name_pairs(
    names: list[NameInfo], report: Progress, cancelled: Cancelled | None
) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Pairs of distinct names (as raw tokens) that share a key and may be alike."""
    blocks: dict[str, list[NameInfo]] = defaultdict(list)
    for name in names:
        for key in name.keys:
            blocks[key].append(name)
    found: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    todo = [b for b in blocks.values() if len(b) > 1]
    step = max(1, len(todo) // 50)
    for number, block in enumerate(todo):
        if number % step == 0:
            if cancelled is not None and cancelled():
                raise FindCancelled
            report(0.1 + 0.5 * number / len(todo), "Comparing names…")
        found.update(_close_names(block))
    return found


def _pairs_within(members: list[Facts]) -> Iterable[tuple[Facts, Facts]]:
    return ((a, b) for i, a in enumerate(members) for b in members[i + 1 :])


def _same_birthday(group_a: list[Facts], group_b: list[Facts]) -> Iterable[tuple[Facts, Facts]]:
    by_day: dict[tuple, list[Facts]] = defaultdict(list)
    for b in group_b:
        if b.birthday[1] is not None and b.birthday[2] is not None:
            by_day[b.birthday[1:]].append(b)
    return ((a, b) for a in group_a for b in by_day.get(a.birthday[1:], ()))


def _all_pairs_of(ids: list[int]) -> Iterable[tuple[int, int]]:
    ids = sorted(set(ids))
    return ((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])


def _close_names(block: list[NameInfo]) -> Iterable[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Pairs of the block's names that could be judged alike: a spelling ratio of at
    least SIMILAR (compared in C, a row at a time), or a shape the ratio undervalues
    (an initial, a token more or less), which goes to the scorer whatever the ratio."""
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    texts = [n.sorted_text for n in block]
    raws = [n.raw for n in block]
    cutoff = (SIMILAR - 0.5) / 100
    for i in range(len(block) - 1):
        for _text, _score, j in process.extract(
            texts[i], texts[i + 1 :], scorer=Indel.normalized_similarity,
            score_cutoff=cutoff, limit=None,
        ):  # fmt: skip
            yield _ordered(raws[i], raws[i + 1 + j])
    shapes: dict[tuple[int, bool], list[tuple[str, ...]]] = defaultdict(list)
    for n in block:
        shapes[len(n.tokens), n.has_initial].append(n.raw)
    groups = list(shapes.items())
    for x, ((length_x, initial_x), raws_x) in enumerate(groups):
        if initial_x:
            yield from (_ordered(a, b) for i, a in enumerate(raws_x) for b in raws_x[i + 1 :])
        for (length_y, initial_y), raws_y in groups[x + 1 :]:
            if initial_x or initial_y or length_x != length_y:
                yield from (_ordered(a, b) for a in raws_x for b in raws_y)


def _ordered(a, b):
    return (a, b) if a < b else (b, a)
