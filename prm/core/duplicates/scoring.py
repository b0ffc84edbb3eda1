"""Is this pair the same person? A score (0-100) and the reason, in words.

An email or phone in common alone never makes two people one (families share
an address, colleagues an office line): the names must agree too, or one side
has no personal name at all. A name alone is enough only when it is the same
name (or the same through a nickname or an initial); a merely similar spelling
needs the same birthday as well. Two different full birthdays speak against.

A very common name is no evidence: when more than ``COMMON_NAME`` live contacts
bear a name (its tokens, nicknames read as formal names, in any order), a pair
where one side bears it and that shares nothing but the name (no email, phone
or birthday) is not suggested. Twelve "Ana Ruiz" are twelve people, not 66
pairs to review; two of them with the same email or birthday still are.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import NamedTuple

from prm.core.duplicates.names import SIMILAR, NameInfo, name_similarity

FLAGGED = 50  # a pair scoring at least this is suggested
NAME_WITH_ID = 75  # with an email/phone in common, names this alike agree
NAME_ALONE = 90  # with nothing else in common, names must be this alike
COMMON_NAME = 5  # a name borne by more live contacts than this proves nothing alone


class Facts(NamedTuple):
    """What matching needs of one contact, read once for the whole store (a tuple:
    100k of them are made in one go)."""

    id: int
    name: NameInfo | None
    emails: AbstractSet[str]  # case-folded
    phones: AbstractSet[str]  # normalized
    birthday: tuple[int | None, int | None, int | None]  # year, month, day
    common: bool = False  # the name is borne by more than COMMON_NAME live contacts


@dataclass(frozen=True)
class PairScore:
    score: int
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def birthday_relation(a: tuple, b: tuple) -> str:
    """ "same", "different" or "" (unknown on a side, or only a year)."""
    if a[1] is None or a[2] is None or b[1] is None or b[2] is None:
        return ""
    if a[1] != b[1] or a[2] != b[2]:
        return "different"
    if a[0] is not None and b[0] is not None and a[0] != b[0]:
        return "different"
    return "same"


def score_pair(a: Facts, b: Facts, similarity: tuple[int, str] | None = None) -> PairScore | None:
    """The pair's score and reasons if it is worth suggesting, else None.
    ``similarity``: their names' ``name_similarity`` when already known.
    (Called for every candidate pair: kept lean.)"""
    emails = a.emails & b.emails
    phones = a.phones & b.phones
    birthday = birthday_relation(a.birthday, b.birthday)
    reasons: list[str] = []
    if emails:
        reasons.append(f"same email {min(emails)}")
    if phones:
        reasons.append(f"same phone {min(phones)}")
    if a.name is None or b.name is None:
        if not reasons:
            return None
        score = 70
        reasons.append("no name on one side")
    else:
        similarity_, said = similarity or name_similarity(a.name, b.name)
        if reasons:
            if similarity_ < NAME_WITH_ID:
                return None
            score = 85 if similarity_ >= 95 else 80
        else:
            # Name evidence alone counts only within a blocking key (see names.py).
            if a.name.keys.isdisjoint(b.name.keys):
                return None
            if (a.common or b.common) and birthday != "same":
                return None
            return by_name_alone(similarity_, said, birthday)
        reasons.append(said)
    if emails and phones:
        score += 5
    if birthday == "same":
        score += 20
        reasons.append("same birthday")
    elif birthday == "different":
        score -= 30
        reasons.append("different birthdays")
    if score < FLAGGED:
        return None
    return PairScore(min(score, 100), tuple(reasons))


def by_name_alone(similarity: int, said: str, birthday: str) -> PairScore | None:
    """The verdict for two names sharing a key, with no email or phone in common: it
    depends on nothing else, so the finder computes it once per kind of pair."""
    if birthday == "different":
        return None  # a name alone minus 30 never reaches FLAGGED
    if similarity >= NAME_ALONE:
        score = 60 if similarity == 100 else 55
    elif similarity >= SIMILAR and birthday == "same":
        score = 45
    else:
        return None
    if birthday == "same":
        return PairScore(score + 20, (said, "same birthday"))
    return PairScore(score, (said,))
