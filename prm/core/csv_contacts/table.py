"""A CSV file as a header and rows: decoding, the delimiter, and where the header is.

Spreadsheets write CSV in whatever the machine's code page is (Excel: UTF-16 or
Windows-1252, Numbers: UTF-8, some tools with a BOM), so the bytes are decoded
by BOM, then strict UTF-8, then charset-normalizer's guess. The delimiter and
the header row are chosen together: each candidate delimiter is tried and the
one whose header row names the most known contact columns wins (csv.Sniffer's
guess goes first and breaks ties). The header need not be the first row:
LinkedIn's Connections.csv starts with a few "Notes:" lines.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from dataclasses import dataclass, field

from prm.core.csv_contacts.columns import guess_mapping, recognised
from prm.core.csv_contacts.encoding import guess_8bit
from prm.core.errors import KnownError

DELIMITERS = (",", ";", "\t", "|")
HEADER_SEARCH_ROWS = 30  # notes above the header are a few lines, never pages
SNIFF_CHARS = 64 * 1024

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a note or a photo can be long


class NotContactsCsv(KnownError):
    """The file is not CSV, or its columns are not contact columns."""


@dataclass
class Table:
    name: str  # the file, as given: for messages
    encoding: str
    delimiter: str
    header: list[str]
    header_line: int  # 1-based line of the header row
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (first line, cells)

    def sample(self, column: int) -> str:
        """The first non-empty value of a column: shown beside its mapping."""
        for _, cells in self.rows:
            if column < len(cells) and cells[column].strip():
                return " ".join(cells[column].split())
        return ""


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read with."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    head = data[:4096]
    if head and head.count(0) * 3 > len(head):  # UTF-16 without a BOM: every other byte NUL
        encoding = "utf-16-le" if head[1:2] == b"\0" else "utf-16-be"
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = guess_8bit(data[: 512 * 1024])
    return data.decode(encoding, errors="replace"), encoding


def read_table(data: bytes, *, name: str = "") -> Table:
    """The contacts table in a CSV file; NotContactsCsv says what is wrong."""
    where = f"{name}: " if name else ""
    if b"\0" in data[:4096] and not _text_like(data):
        raise NotContactsCsv(f"{where}this is a binary file, not a CSV file of contacts.")
    text, encoding = decode(data)
    if not text.strip():
        raise NotContactsCsv(f"{where}the file is empty.")
    if text.lstrip()[:11].upper() == "BEGIN:VCARD":
        raise NotContactsCsv(f"{where}this is a vCard file, not CSV; import it as vCard (.vcf).")
    best: tuple[int, str, int, list[str]] | None = None  # (score, delimiter, row index, header)
    for delimiter in _candidates(text):
        found = _find_header(text, delimiter)
        if found is not None and (best is None or found[0] > best[0]):
            best = (found[0], delimiter, found[1], found[2])
    if best is None:
        first = next((line for line in text.splitlines() if line.strip()), "")[:120]
        raise NotContactsCsv(
            f"{where}no row names contact columns (such as First Name, Last Name, "
            f"E-mail Address, Phone); the file starts with “{first}”."
        )
    _, delimiter, header_index, header = best
    table = Table(name, encoding, delimiter, header, 0)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for index, cells in enumerate(reader):
        if index == header_index:
            table.header_line = start
        elif index > header_index and any(c.strip() for c in cells):
            table.rows.append((start, cells))
        start = reader.line_num + 1
    return table


def _text_like(data: bytes) -> bool:
    head = data[:4096]
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head.count(0) * 3 > len(
        head
    )


def _candidates(text: str) -> list[str]:
    try:
        sniffed = csv.Sniffer().sniff(text[:SNIFF_CHARS], delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return list(DELIMITERS)
    return [sniffed, *(d for d in DELIMITERS if d != sniffed)]


def _find_header(text: str, delimiter: str) -> tuple[int, int, list[str]] | None:
    """(known columns, row index, header) of the row naming the most contact columns."""
    reader = csv.reader(io.StringIO(text[:SNIFF_CHARS], newline=""), delimiter=delimiter)
    best: tuple[int, int, list[str]] | None = None
    try:
        for index, cells in enumerate(reader):
            if index >= HEADER_SEARCH_ROWS:
                break
            header = [c.strip() for c in cells]
            mapping = guess_mapping(header)
            score = recognised(mapping)
            # one column is a header only if it is a list of names or addresses
            alone = len(header) == 1 and mapping[0].startswith(("email", "name"))
            if (score >= 2 or alone) and (best is None or score > best[0]):
                best = (score, index, header)
    except csv.Error:
        pass
    return best
