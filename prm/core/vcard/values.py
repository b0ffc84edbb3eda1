"""vCard value syntax, both ways: escapes, lists, dates and photos.

Shared by the reader and the writer so what one writes the other reads back.
"""

from __future__ import annotations

import base64
import binascii
import re

from prm.core.dates import PartialDate

# --- text escapes --------------------------------------------------------------

_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)
# ":" and '"' are not vCard escapes, but Apple and Android write them.
_UNESCAPED = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\", ":": ":", '"': '"'}


def unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _UNESCAPE.sub(lambda m: _UNESCAPED.get(m.group(1), m.group(0)), text)


def split_unescaped(text: str, sep: str) -> list[str]:
    """Split at ``sep`` where it is not escaped; the parts stay escaped."""
    if "\\" not in text:
        return text.split(sep)
    parts, start, i = [], 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == sep:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def escape(text: str) -> str:
    """TEXT value escaping (RFC 6350 3.4); CR LF and CR count as one newline."""
    if not any(ch in text for ch in "\\\n\r,;"):
        return text
    text = text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def list_value(text: str, sep: str) -> str:
    """PRM's "a, b" as a vCard list: ``a,b`` for NICKNAME, the units ``a;b`` for ORG, when
    the reader joins it back to the same text; otherwise one escaped value."""
    items = text.split(", ")
    if len(items) > 1 and all(i and i == i.strip() for i in items):
        return sep.join(escape(i) for i in items)
    return escape(text)


# ADR's post office box and extended address have no field of their own in PRM:
# they are shown as street lines, and this hidden kept line says which lines
# they were, so export writes them back into their own ADR fields.
ADDRESS_PARTS = "X-PRM-ADR-PARTS"


def address_parts_line(box: str, extended: str) -> str:
    return f"{ADDRESS_PARTS}:{escape(box)};{escape(extended)}"


def split_street(street: str, hints: list[str]) -> tuple[str, str, str]:
    """(PO box, extended, street) for an address's street, using (and using up) the
    first kept hint whose parts are its last lines; ("", "", street) when none is."""
    for i, hint in enumerate(hints):
        box, extended = ([unescape(p) for p in split_unescaped(hint, ";")] + ["", ""])[:2]
        tail = "\n".join(p for p in (extended, box) if p)
        if tail and (street == tail or street.endswith("\n" + tail)):
            del hints[i]
            return box, extended, street[: -len(tail) - 1] if street != tail else ""
    return "", "", street


# --- dates -----------------------------------------------------------------------

# Apple and CardBook write a year they do not know as 1604; Android sometimes 0000.
YEARLESS_PLACEHOLDERS = {1604, 0}
_FULL = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")


def parse_date(value: str, omit_year: str = "") -> tuple[str, str]:
    """A vCard date as PRM's ``YYYY-MM-DD`` / ``--MM-DD``, or ("", why not).

    Times, offsets and the year-less conventions (``--MMDD``, Apple's
    ``X-APPLE-OMIT-YEAR``, the 1604 placeholder) are understood.
    """
    text = value.strip()
    if "T" in text and not text.startswith("T"):
        text = text.split("T", 1)[0]
    year = None
    match = _FULL.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        if year in YEARLESS_PLACEHOLDERS or (omit_year and omit_year.strip() == match.group(1)):
            year = None
    else:
        match = _NO_YEAR.match(text)
        if not match:
            return "", f"“{value}” is not a date PRM can read"
        month, day = (int(g) for g in match.groups())
    note = ""
    if year is not None and not 1800 <= year <= 2200:
        note = f"the year {year} is not plausible; kept the day and month only"
        year = None
    try:
        parsed = PartialDate.of(year, month, day)
    except ValueError as exc:
        return "", str(exc)
    return parsed.iso(), note


def format_date(iso: str, version: str) -> tuple[str, str]:
    """(parameters, value) for a PRM date: 4.0 ``--MMDD``; 3.0 Apple's 1604 convention."""
    parsed = PartialDate.parse(iso)
    if version == "4.0":
        if parsed.year is None:
            return "", f"--{parsed.month:02d}{parsed.day:02d}"
        return "", f"{parsed.year:04d}{parsed.month:02d}{parsed.day:02d}"
    if parsed.year is None:
        return ";X-APPLE-OMIT-YEAR=1604", f"1604-{parsed.month:02d}-{parsed.day:02d}"
    return "", f"{parsed.year:04d}-{parsed.month:02d}-{parsed.day:02d}"


# --- photos ------------------------------------------------------------------------

_MAGIC = [
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF8", "image/gif"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
]
MIME_TO_TYPE = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
    "image/bmp": "BMP",
    "image/tiff": "TIFF",
    "image/heic": "HEIC",
}
TYPE_TO_MIME = {v.lower(): k for k, v in MIME_TO_TYPE.items()} | {"jpg": "image/jpeg"}
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]")


def sniff_mime(data: bytes) -> str:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    return ""


def decode_base64(text: str) -> bytes | None:
    """Strict base64 (whitespace and a missing pad forgiven); None when it is not."""
    compact = "".join(text.split())
    if not compact or _NOT_BASE64.search(compact):
        return None
    compact += "=" * (-len(compact) % 4)
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None


def decode_data_uri(uri: str) -> tuple[bytes, str] | None:
    """``data:image/png;base64,....`` -> (bytes, mime); None when it is not a usable one.

    vobject and some exporters escape the comma and semicolon (``data:image/png\\;base64\\,``).
    """
    uri = uri.replace("\\,", ",").replace("\\;", ";").replace("\\:", ":")
    head, sep, payload = uri.partition(",")
    if not sep or not head.lower().startswith("data:"):
        return None
    meta = head[5:].split(";")
    if "base64" not in (m.strip().lower() for m in meta[1:]):
        return None
    data = decode_base64(payload)
    if data is None:
        return None
    return data, meta[0].strip().lower()
