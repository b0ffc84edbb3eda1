"""Do two records name the same person? The check behind "an email or phone alone is not enough".

Two cards sharing ``casa@ruiz.example`` are one person only when their names
agree; a household, a shared office line or a person and their company share
addresses and numbers all the time. "Agree" is forgiving about how a name is
written, strict about who it names:

- case, accents, punctuation and spacing do not count ("José-Luis" = "jose luis");
- an initial stands for a name ("A. Ruiz" = "Ana Ruiz");
- order does not count ("Ruiz Ana", "Kowalski Anna", CJK written without spaces);
- one name may have parts the other leaves out ("Ana Ruiz" = "Ana María Ruiz");
- a card's own nickname stands for its given name ("Bob Smith" = "Robert Smith"
  with nickname Bob);
- a record without any name (only an email address) agrees with anyone;
- an organization (a card whose name is its company) agrees only with the same
  organization, never with a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from prm.core.text_fold import words as fold


@dataclass(frozen=True)
class NameKey:
    """How a record can be written, normalized: each form a tuple of words."""

    forms: tuple[tuple[str, ...], ...] = ()
    company: str = ""  # the organization, when the record is one rather than a person

    @property
    def empty(self) -> bool:
        return not self.forms and not self.company


def name_key(
    *,
    given: str = "",
    middle: str = "",
    family: str = "",
    formatted: str = "",
    nickname: str = "",
    organization: str = "",
) -> NameKey:
    parts = fold(" ".join((given, middle, family)))
    shown = fold(formatted)
    company, nick = fold(organization), fold(nickname)
    if company and (shown == company or not (parts or shown or nick)):
        # Named by the organization alone, or shown as it (Apple's "show as company").
        return NameKey(company=" ".join(company))
    forms = [f for f in (parts, shown) if f]
    if nick:
        forms.append(nick + fold(family) if given or family else nick)
    return NameKey(tuple(dict.fromkeys(forms)))


def names_agree(a: NameKey, b: NameKey) -> bool:
    if a.empty or b.empty:
        return True
    if a.company or b.company:
        return a.company == b.company
    return any(_forms_agree(x, y) for x in a.forms for y in b.forms)


def _forms_agree(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    # Scripts written without spaces (山田太郎) come as one word; the parts as two.
    if {"".join(x), "".join(reversed(x))} & {"".join(y), "".join(reversed(y))}:
        return True
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    left = list(long)
    exact = 0
    # Exact words first, so "A. Ana" style pairings cannot steal the full name.
    pending = []
    for word in short:
        if word in left:
            left.remove(word)
            exact += len(word) > 1
        else:
            pending.append(word)
    for word in pending:
        partner = next((w for w in left if _initial_of(word, w)), None)
        if partner is None:
            return False
        left.remove(partner)
    return exact > 0


def _initial_of(a: str, b: str) -> bool:
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))
