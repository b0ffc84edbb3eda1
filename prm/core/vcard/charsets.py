"""Which 8-bit charset a card's text is in, when it does not say and is not UTF-8.

Old exports write 8-bit text without a CHARSET: Outlook and Palm in
Windows-1252, Mac OS 9 and early Mac OS X address books in Mac Roman. A
vCard's text is short (a name, a street), too short for a statistical guess
alone, so charset-normalizer first rules out the charsets whose bytes make
no sense, and among those left the one that reads as more accented letters
(and typographic quotes) than as symbols wins. Windows-1252 wins a tie: it
is by far the commoner.
"""

from __future__ import annotations

import unicodedata

from charset_normalizer import from_bytes

CANDIDATES = ("cp1252", "mac_roman")
NAMES = {"cp1252": "Windows-1252 (Western European)", "mac_roman": "Mac Roman"}
# Windows-1252 letters that are rare in names and addresses, but are what
# Mac Roman's accented letters turn into when read as Windows-1252.
_RARE = set("ŸŽžšŠŒœƒ")


def guess(sample: bytes) -> str:
    """The likelier of ``CANDIDATES`` for 8-bit text (a codec name)."""
    plausible = [m.encoding for m in from_bytes(sample, cp_isolation=list(CANDIDATES))]
    plausible = [c for c in plausible if c in CANDIDATES] or list(CANDIDATES)
    plausible.sort(key=CANDIDATES.index)
    return max(plausible, key=lambda codec: _score(sample.decode(codec, "replace")))


def _score(text: str) -> int:
    score = 0
    for ch in text:
        if ch < "\x80":
            continue
        category = unicodedata.category(ch)
        if category.startswith("L") and "\xc0" <= ch <= "\u017f" and ch not in _RARE:
            score += 2  # an accented Latin letter: what names are made of
        elif category in ("Pi", "Pf", "Pd"):
            score += 2  # curly quotes and dashes
        else:
            score -= 2  # symbols, controls, rare letters, undefined bytes
    return score


def legacy_decode(data: bytes, codec: str = "cp1252") -> str:
    """8-bit text; for Windows-1252, Latin-1 fills the five bytes it leaves undefined."""
    if codec != "cp1252":
        return data.decode(codec, "replace")
    return "".join(
        ch if ch != "\ufffd" else chr(b)
        for ch, b in zip(data.decode("cp1252", "replace"), data, strict=True)
    )
