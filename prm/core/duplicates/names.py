"""How alike two people's names are, robust to how names get written.

Names are compared as tokens: accents and case dropped ("José" = "jose"),
punctuation gone ("O'Neil" = "o neil"), order ignored (family name first, or
given and family swapped, is the same name), a well-known English diminutive
read as its formal name ("Bob" = "Robert"; only unambiguous ones: "Chris" or
"Alex" could be either sex and stay as written), an initial matching its name
("J. Smith" = "John Smith") and a missing middle name tolerated.

Blocking keys: two names can only be judged alike if they share a key
(``name_keys``): the first three letters of one token with the initial of
another. Every rule above keeps such a key; a typo inside the first three
letters of *every* token is the price of never comparing all pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Indel

from prm.core.text_fold import words

# Diminutive -> formal name. Only ones that point to a single formal name.
NICKNAMES = {
    "bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert",
    "bill": "william", "billy": "william", "will": "william", "willy": "william",
    "liz": "elizabeth", "lizzie": "elizabeth", "beth": "elizabeth", "betty": "elizabeth",
    "jim": "james", "jimmy": "james", "jamie": "james",
    "mike": "michael", "mikey": "michael", "mick": "michael",
    "dick": "richard", "rick": "richard", "ricky": "richard", "rich": "richard",
    "tom": "thomas", "tommy": "thomas",
    "kate": "katherine", "katie": "katherine", "kathy": "katherine",
    "peggy": "margaret", "maggie": "margaret", "meg": "margaret",
    "ted": "edward", "ned": "edward", "eddie": "edward",
    "tony": "anthony", "dave": "david", "davy": "david",
    "dan": "daniel", "danny": "daniel", "matt": "matthew",
    "joe": "joseph", "joey": "joseph", "jack": "john", "johnny": "john",
    "bert": "albert", "chuck": "charles", "charlie": "charles",
    "steve": "stephen", "greg": "gregory", "jeff": "jeffrey",
    "ben": "benjamin", "nick": "nicholas", "pete": "peter",
    "andy": "andrew", "drew": "andrew", "ken": "kenneth",
    "larry": "lawrence", "harry": "henry", "hank": "henry",
    "sue": "susan", "susie": "susan", "patty": "patricia", "trish": "patricia",
    "jenny": "jennifer", "jen": "jennifer", "becky": "rebecca",
    "vicky": "victoria", "debbie": "deborah", "cathy": "catherine",
    "nate": "nathan", "tim": "timothy", "sandy": "sandra",
}  # fmt: skip

SIMILAR = 85  # an ordinary name ratio at or above this is "similar"


@dataclass(frozen=True)
class NameInfo:
    raw: tuple[str, ...]  # normalized tokens as written, in order
    tokens: tuple[str, ...]  # the same, diminutives read as formal names
    sorted_text: str  # sorted tokens joined: what the ratio compares
    keys: frozenset[str]
    has_initial: bool


def name_info(*parts: str) -> NameInfo | None:
    """None when there is no personal name (an organization or an email only)."""
    raw = tuple(t for part in parts for t in words(part))
    if not raw:
        return None
    tokens = tuple(NICKNAMES.get(t, t) for t in raw)
    return NameInfo(
        raw=raw,
        tokens=tokens,
        sorted_text=" ".join(sorted(tokens)),
        keys=name_keys(tokens),
        has_initial=any(len(t) == 1 for t in tokens),
    )


def name_keys(tokens: tuple[str, ...]) -> frozenset[str]:
    if len(tokens) == 1:
        return frozenset({tokens[0][:3] + "|"})
    return frozenset(
        f"{a[:3]}|{b[0]}" for i, a in enumerate(tokens) for j, b in enumerate(tokens) if i != j
    )


def name_similarity(a: NameInfo, b: NameInfo) -> tuple[int, str]:
    """(0-100, how to say it). 100: the same name; 95: the same through a nickname;
    90: an initial or a missing middle name; else the spelling ratio."""
    if sorted(a.tokens) == sorted(b.tokens):
        if sorted(a.raw) != sorted(b.raw):
            return 95, "same name (nickname)"
        if a.raw != b.raw and len(a.raw) > 1 and sorted(a.raw) == sorted(b.raw):
            return 100, "same name, in another order"
        return 100, "same name"
    if _initials_fit(a.tokens, b.tokens):
        return 90, "same name with initials or a middle name missing"
    ratio = round(Indel.normalized_similarity(a.sorted_text, b.sorted_text) * 100)
    return ratio, "similar name"


def _initials_fit(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Every token of the shorter name finds its own token in the longer one, equal or
    as its initial, with at least one whole name (not only initials) in common."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 2:
        return False
    left = list(long)
    whole = False
    # Whole tokens first, so an initial never takes the token a full name needed.
    for token in sorted(short, key=len, reverse=True):
        match = next((t for t in left if t == token), None)
        if match is None:
            match = next(
                (t for t in left if (len(token) == 1 or len(t) == 1) and t[0] == token[0]), None
            )
        elif len(token) > 1:
            whole = True
        if match is None:
            return False
        left.remove(match)
    return whole
