"""Text as people mean it when they compare it: case and accents do not count.

One folding for everything that matches names, headers or words typed by hand
(vCard name agreement, duplicate finding, CSV headers and month names), so two
parts of PRM never disagree about whether "José" is "jose".
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\W_]+")


def plain(text: str) -> str:
    """``"José-Luis Ñúñez"`` -> ``"jose-luis nunez"``: casefolded, accents dropped."""
    if text.isascii():  # most text: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> tuple[str, ...]:
    """``"José-Luis  O'Neil"`` -> ``("jose", "luis", "o", "neil")``."""
    return tuple(w for w in _SEPARATORS.split(plain(text)) if w)
