"""Bytes in, one raw card at a time out: the byte-level cleaning vobject cannot do.

Real files arrive with a BOM, CR CR LF or lone CR line ends, UTF-16, folds that
split a UTF-8 character, quoted-printable soft breaks, legacy 8-bit charsets,
binary junk between cards and cards that never end. All of that is settled
here, on bytes, before any text parser sees a line:

- the file is read in chunks (a 50 MB file never sits in memory twice);
- lines are unfolded on bytes, then decoded (per-property CHARSET honoured,
  UTF-8 by default; 8-bit text without one is read in the charset another
  property of the card declares, else in the one ``charsets.guess`` finds —
  Windows-1252 or Mac Roman — with a warning);
- the file is split at BEGIN/END here, so one broken card never hides the
  cards after it.

``iter_raw_cards`` is a generator: the importer stops it (Cancel) between cards.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from prm.core.vcard import charsets
from prm.core.vcard.card import CardError
from prm.core.vcard.charsets import legacy_decode

CHUNK = 1 << 20
MAX_NESTING = 8

_EOL = re.compile(rb"\r*\n|\r")
_BEGIN = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:[A-Za-z0-9-]+\.)?BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE
)
# Between cards, junk may run straight into the next BEGIN without a line end.
_BEGIN_AFTER_JUNK = re.compile(rb"(?:^|[^A-Za-z0-9.-])BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
_END = re.compile(rb"^\s*(?:[A-Za-z0-9-]+\.)?END\s*:\s*VCARD\s*$", re.IGNORECASE)
# What starts a property: a name (no spaces) and then ";" or ":". Base64 runs
# and stray text lines have neither, so they read as continuations.
_PROPERTY_START = re.compile(rb"^[^\s:;]+[;:]")
_PARAMS_END = re.compile(rb'^(?:[^":]|"[^"]*")*')  # everything before the value's ":"
_QP = re.compile(rb"QUOTED-PRINTABLE", re.IGNORECASE)
_BASE64 = re.compile(rb"[;:](?:ENCODING=)?(?:BASE64|B)[;:]", re.IGNORECASE)
_CHARSET = re.compile(rb";\s*CHARSET\s*=\s*\"?([A-Za-z0-9_.+-]+)", re.IGNORECASE)
_HAS_CHARSET = re.compile(rb"CHARSET", re.IGNORECASE)


@dataclass
class RawCard:
    """One card's logical lines (BEGIN and END left out), unfolded and decoded."""

    position: int  # 1-based: the card's number in its file
    line: int  # 1-based line of its BEGIN:VCARD
    lines: list[tuple[int, str]] = field(default_factory=list)  # (first line number, text)
    warnings: list[str] = field(default_factory=list)


def iter_raw_cards(
    source: BinaryIO | bytes, *, chunk_size: int = CHUNK
) -> Iterator[RawCard | CardError]:
    """Every card in ``source``, in the order they end; CardError for a card that cannot be."""
    stream: BinaryIO = (
        io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview)) else source
    )
    yield from _cards(_physical_lines(_chunks_as_utf8(stream, chunk_size)))


# --- bytes to lines ----------------------------------------------------------


def _chunks_as_utf8(stream: BinaryIO, size: int) -> Iterator[bytes]:
    """The file's bytes in chunks; UTF-16 files transcoded to UTF-8 on the way."""
    head = stream.read(size)
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    encoding = _utf16_kind(head)
    if encoding is None:
        yield head
        while chunk := stream.read(size):
            yield chunk
        return
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    chunk = head
    while chunk:
        yield decoder.decode(chunk).lstrip("\ufeff").encode("utf-8")
        chunk = stream.read(size)
    yield decoder.decode(b"", final=True).encode("utf-8")


def _utf16_kind(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # the codec reads the BOM and drops it
    sample = head[:64]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 * 1.8 and sample[0]:
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 * 1.8 and sample[1]:
        return "utf-16-be"
    return None


def _physical_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Lines without their ends; CR LF, LF, lone CR and CR CR LF each end one line."""
    rest = b""
    for chunk in chunks:
        buf = rest + chunk if rest else chunk
        end = len(buf)
        while end and buf[end - 1] == 13:  # a CR may be the first half of CR LF
            end -= 1
        lines = _EOL.split(buf[:end]) if end < len(buf) else _EOL.split(buf)
        rest = lines.pop() + buf[end:]
        yield from lines
    if rest:
        yield rest.rstrip(b"\r")


# --- lines to cards ----------------------------------------------------------


class _Open:
    __slots__ = ("base64", "line", "logical", "position", "qp_open", "warnings")

    def __init__(self, position: int, line: int) -> None:
        self.position, self.line = position, line
        self.logical: list[list] = []  # [line number, bytearray]
        self.warnings: list[str] = []
        self.qp_open = False  # the last line is quoted-printable and ends in a soft break
        self.base64 = False  # the last line is a 2.1 base64 value that may go on unindented


def _cards(lines: Iterable[bytes]) -> Iterator[RawCard | CardError]:
    stack: list[_Open] = []
    position = 0
    number = 0
    saw_text = False
    for number, raw in enumerate(lines, 1):
        if not stack:
            if _BEGIN.match(raw) or _BEGIN_AFTER_JUNK.search(raw):
                position += 1
                stack.append(_Open(position, number))
            elif not saw_text and raw.strip(b"\x00 \t\xef\xbb\xbf"):
                saw_text = True
            continue
        card = stack[-1]
        if _END.match(raw):
            stack.pop()
            yield _decode(card)
            continue
        if _BEGIN.match(raw):
            position += 1
            if len(stack) >= MAX_NESTING:
                yield CardError(
                    position, number, "cards are nested too deeply; this one was skipped"
                )
                continue
            stack.append(_Open(position, number))
            continue
        if card.qp_open:  # a quoted-printable soft break: this line goes on the value
            value = card.logical[-1][1]
            del value[-1:]
            value += raw
            card.qp_open = _soft_break(value)
            continue
        _add_line(card, number, raw)
    for card in reversed(stack):
        yield CardError(
            card.position, card.line, f"the card has no END:VCARD (the file ends at line {number})"
        )
    if position == 0 and not saw_text:
        yield CardError(0, 1, "the file is empty")
    elif position == 0:
        yield CardError(0, 1, "no BEGIN:VCARD found — this is not a vCard file")


def _add_line(card: _Open, number: int, raw: bytes) -> None:
    logical = card.logical
    if raw[:1] in (b" ", b"\t"):
        if logical:
            if card.base64:
                logical[-1][1] += raw.strip()
            else:
                logical[-1][1] += raw[1:]
                card.qp_open = _is_qp(logical[-1][1]) and _soft_break(logical[-1][1])
        elif raw.strip():
            card.warnings.append(f"line {number} continues a line that does not exist; skipped")
        return
    if not raw.strip():
        card.base64 = False  # 2.1 ends a base64 value with a blank line
        return
    if _PROPERTY_START.match(raw):
        logical.append([number, bytearray(raw)])
        card.qp_open = _is_qp(raw) and _soft_break(raw)
        card.base64 = bool(_BASE64.search(_params_of(raw)))
        return
    if raw.startswith(b"#"):
        card.warnings.append(f"line {number} is a comment (“#…”), not vCard; skipped")
        return
    if not logical:
        card.warnings.append(f"line {number} is not a property; skipped")
        return
    previous = logical[-1][1]
    if card.base64:
        previous += raw.strip()  # BlackBerry and Android 2.1 photos go on without indent
        return
    # Android writes a value over several lines ending each with "\": that text
    # belongs to the line before. Any other line without a property name is
    # broken; glued on, it would corrupt the value before it (a phone number, a
    # date), so it is reported and left out instead.
    if previous.endswith(b"\\") and not previous.endswith(b"\\\\"):
        previous[-1:] = b"\\n"
        previous += raw
        return
    shown = raw[:40].decode("utf-8", "replace") + ("…" if len(raw) > 40 else "")
    card.warnings.append(f"line {number} is not a vCard property and was skipped: “{shown}”")


def _params_of(line: bytes | bytearray) -> bytes:
    match = _PARAMS_END.match(line)
    return bytes(line[: match.end() + 1]) if match else b""


def _is_qp(line: bytes | bytearray) -> bool:
    return bool(_QP.search(_params_of(line)))


def _soft_break(line: bytes | bytearray) -> bool:
    return line.endswith(b"=")


# --- bytes to text -----------------------------------------------------------


def _decode(card: _Open) -> RawCard:
    """Decode the card's lines: UTF-8 unless a line says otherwise or is not UTF-8."""
    out = RawCard(card.position, card.line, warnings=card.warnings)
    logical = card.logical
    for entry in logical:
        if entry[1].endswith(b"=") and _is_qp(entry[1]):
            del entry[1][-1:]  # a soft break left hanging by the card's last line
    if not logical:
        return out
    joined = b"\n".join(entry[1] for entry in logical)
    if b"\x00" in joined:
        joined = joined.replace(b"\x00", b"")
        for entry in logical:
            entry[1] = entry[1].replace(b"\x00", b"")
        out.warnings.append("NUL bytes in the card were removed")
    if not _HAS_CHARSET.search(joined):
        try:
            texts = joined.decode("utf-8").split("\n")
        except UnicodeDecodeError:
            pass
        else:
            out.lines = [(entry[0], text) for entry, text in zip(logical, texts, strict=True)]
            return out
    legacy = [bytes(data) for _, data in logical if _needs_legacy(bytes(data))]
    declared = _card_charset(joined)
    if declared and not all(_decodes(data, declared) for data in legacy):
        declared = ""  # the card's own charset does not fit these bytes: guess instead
    codec = declared or (charsets.guess(b"\n".join(legacy)) if legacy else "cp1252")
    for number, data in logical:
        text, problem = _decode_line(bytes(data), codec)
        if problem and problem != "legacy":
            out.warnings.append(f"line {number}: {problem}")
        out.lines.append((number, text))
    if legacy:
        why = "as another field of the card declares" if declared else "the likelier charset"
        out.warnings.append(
            "some text is not UTF-8 and says no character set; it was read as "
            f"{charsets.NAMES.get(codec, codec)}, {why}"
        )
    return out


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _card_charset(joined: bytes) -> str:
    """The first 8-bit charset a property of the card declares ("" when none does)."""
    for match in _CHARSET.finditer(joined):
        try:
            codec = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            continue
        if codec not in ("utf-8", "ascii"):
            return codec
    return ""


def _needs_legacy(data: bytes) -> bool:
    """A line with 8-bit bytes that are not UTF-8 and no CHARSET of its own."""
    if data.isascii() or _CHARSET.search(_params_of(data)):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _decode_line(data: bytes, fallback: str) -> tuple[str, str]:
    """One line as text, and what went wrong ("" when nothing did)."""
    if data.isascii():
        return data.decode("ascii"), ""
    params = _params_of(data)
    match = _CHARSET.search(params)
    if match and not _is_qp(data):  # a QP value stays ASCII; read.py applies its charset
        name = match.group(1).decode("ascii")
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            text, _ = _decode_line_default(data, fallback)
            return text, f"unknown character set “{name}”; read as UTF-8 or {fallback}"
        if codec != "utf-8":
            return data.decode(codec, "replace"), ""
    return _decode_line_default(data, fallback)


def _decode_line_default(data: bytes, fallback: str) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return legacy_decode(data, fallback), "legacy"
