"""Which code page an 8-bit CSV file is in.

charset-normalizer tells the script well (Cyrillic, Greek, CJK...), but on a
short Western file it hesitates between a dozen Latin code pages that decode
the same bytes to different letters (cp1250 turns Spanish "ñ" into "ń"). So
when it says "some Latin (or Cyrillic) code page", the three that spreadsheets actually
write (Windows-1252, Mac Roman, Windows-1250) are compared on how natural their
text reads: a stray symbol inside a word ("Pe³a") or a capital in the middle of
a lower-case word ("MŸller", Mac Roman read as 1252) counts against it.
"""

from __future__ import annotations

import re

LATIN_CHOICES = ("cp1252", "mac_roman", "cp1250")
CYRILLIC_CHOICES = ("cp1251", "koi8_r", "mac_cyrillic", "cp866")
_CYRILLIC = ("cp1251", "koi8", "iso8859_5", "mac_cyrillic", "cp866", "cp855", "ptcp154", "kz1048")
_NON_LATIN = ("cp1253", "iso8859_7", "cp1255", "iso8859_8", "cp1256", "iso8859_6", "cp874",
              "tis", "big5", "gb", "euc", "shift_jis", "cp932", "cp949", "johab", "hz",
              "mac_greek", "cp1258", "utf", "cp737", "cp869", "cp862", "cp864")  # fmt: skip
_BEFORE = re.compile(r"([^\w\s])(?=[^\W\d_]{2})")
_BETWEEN = re.compile(r"(?<=[^\W\d_])([^\w\s])(?=[^\W\d_])")
_WORD = re.compile(r"\w+")


def guess_8bit(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding.startswith(_NON_LATIN):
        return best.encoding
    cyrillic = best is not None and best.encoding.startswith(_CYRILLIC)
    scored = []
    for rank, encoding in enumerate(CYRILLIC_CHOICES if cyrillic else LATIN_CHOICES):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        scored.append((_oddness(text), rank, encoding))
    return min(scored)[2] if scored else (best.encoding if best else "cp1252")


def _oddness(text: str) -> int:
    odd = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        for i, ch in enumerate(word):
            if ch.isascii():
                continue
            # "Pe³a": a superscript inside a name; "JosŽ", "MŸller": a capital after lower case
            symbol = not ch.isalpha()
            odd += symbol or (ch.isupper() and i > 0 and word[i - 1].islower())
    # a symbol between two letters: "Mu–oz" (Mac Roman's ñ read as 1252)
    odd += sum(1 for ch in _BETWEEN.findall(text) if not ch.isascii() and ch not in "’‘·")
    # a symbol starting a word: "»ван" (Windows-1251's capitals read as Mac Cyrillic)
    odd += sum(1 for ch in _BEFORE.findall(text) if not ch.isascii())
    return odd
