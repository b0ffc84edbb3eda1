"""Is this pair the same person? A score (0-100) and the reason, in words.

An email or phone in common alone never makes two people one (families share
an address, colleagues an office line): the names must agree too, or one side
has no personal name at all. A name alone is enough only when it is the same
name (or the same through a nickname or an initial); a merely similar spelling
needs the same birthday as well. Two different full birthdays speak against.
"""

from __future__ import annotations

from dataclasses import dataclass

from prm.core.duplicates.names import SIMILAR, NameInfo, name_similarity

FLAGGED = 50  # a pair scoring at least this is suggested
NAME_WITH_ID = 75  # with an email/phone in common, names this alike agree
NAME_ALONE = 90  # with nothing else in common, names must be this alike


@dataclass(frozen=True)
class Facts:
    """What matching needs of one contact, read once for the whole store."""

    id: int
    name: NameInfo | None
    emails: frozenset[str]  # case-folded
    phones: frozenset[str]  # normalized
    birthday: tuple[int | None, int | None, int | None]  # year, month, day


@dataclass(frozen=True)
class PairScore:
    score: int
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def birthday_relation(a: tuple, b: tuple) -> str:
    """ "same", "different" or "" (unknown on a side, or only a year)."""
    if None in (a[1], a[2], b[1], b[2]):
        return ""
    if (a[1], a[2]) != (b[1], b[2]):
        return "different"
    if a[0] is not None and b[0] is not None and a[0] != b[0]:
        return "different"
    return "same"


def score_pair(a: Facts, b: Facts) -> PairScore | None:
    """The pair's score and reasons if it is worth suggesting, else None."""
    emails = sorted(a.emails & b.emails)
    phones = sorted(a.phones & b.phones)
    birthday = birthday_relation(a.birthday, b.birthday)
    reasons: list[str] = []
    if emails:
        reasons.append(f"same email {emails[0]}")
    if phones:
        reasons.append(f"same phone {phones[0]}")
    if a.name is None or b.name is None:
        if not reasons:
            return None
        score, reasons = 70, [*reasons, "no name on one side"]
    else:
        similarity, said = name_similarity(a.name, b.name)
        if reasons:
            if similarity < NAME_WITH_ID:
                return None
            score = 80 + (5 if similarity >= 95 else 0)
        else:
            # Name evidence alone counts only within a blocking key (see names.py).
            if not a.name.keys & b.name.keys:
                return None
            if similarity >= NAME_ALONE:
                score = 55 + (5 if similarity == 100 else 0)
            elif similarity >= SIMILAR and birthday == "same":
                score = 45
            else:
                return None
        reasons.append(said)
    if emails and phones:
        score += 5
    if birthday == "same":
        score += 20
        reasons.append("same birthday")
    elif birthday == "different":
        score -= 30
        reasons.append("different birthdays")
    score = min(score, 100)
    return PairScore(score, tuple(reasons)) if score >= FLAGGED else None
