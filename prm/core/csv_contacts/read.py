"""Opening a contacts CSV, telling it from a vCard, and the user's changes to its mapping."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prm.core.csv_contacts.columns import FIELDS, IGNORE, guess_mapping, normalise
from prm.core.csv_contacts.table import Table, read_table
from prm.core.errors import KnownError
from prm.core.infile import MB, open_input

# Reading decodes the whole file at once; 100k contacts in CSV are some 30 MB.
MAX_CSV_BYTES = 256 * MB
CSV_SUFFIXES = (".csv", ".tsv", ".tab")
VCARD_SUFFIXES = (".vcf", ".vcard")


def is_csv(path: Path) -> bool:
    """By the name when it says, else by the content: a vCard starts with BEGIN:VCARD."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES or suffix in VCARD_SUFFIXES:
        return suffix in CSV_SUFFIXES
    try:
        # a device or a pipe is never opened here (a FIFO would block); nor is a name
        # too long or missing: opening it as vCard says what is wrong
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            head = handle.read(1024)
    except (OSError, ValueError):
        return False
    text = head.replace(b"\0", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    return not text[:11].upper().startswith(b"BEGIN:VCARD")


def load_table(path: Path) -> Table:
    with open_input(path, limit=MAX_CSV_BYTES, what="CSV file") as handle:
        try:
            data = handle.read()
        except OSError as exc:
            raise KnownError(f"Could not read {path}: {exc.strerror or exc}") from None
    return read_table(data, name=str(path))


def mapping_for(tables: list[Table], overrides: Sequence[str] = ()) -> list[list[str]]:
    """Each table's guessed mapping with ``COLUMN=field`` overrides applied to every table
    that has that column; KnownError names an override no table can take."""
    mappings = [guess_mapping(table.header) for table in tables]
    for override in overrides:
        column, sep, key = override.rpartition("=")
        column, key = column.strip(), key.strip().lower()
        if not sep or not column:
            raise KnownError(f"--map {override}: write it as COLUMN=FIELD, like “E-mail=email”.")
        key = IGNORE if key in ("", "none", "skip") else key
        if key not in FIELDS:
            raise KnownError(
                f"--map {override}: “{key}” is not a field; use one of {', '.join(FIELDS)}."
            )
        found = False
        for table, mapping in zip(tables, mappings, strict=True):
            for i in _columns(table, column):
                mapping[i], found = key, True
        if not found:
            names = ", ".join(f"“{c}”" for table in tables for c in table.header)
            raise KnownError(
                f"--map {override}: there is no column “{column}”; the columns are {names}."
            )
    return mappings


def _columns(table: Table, column: str) -> list[int]:
    """The columns a name means: by header (case, accents and spacing aside), or by number."""
    wanted = normalise(column)
    found = [i for i, cell in enumerate(table.header) if normalise(cell) == wanted]
    if not found and column.isdigit() and 1 <= int(column) <= len(table.header):
        found = [int(column) - 1]
    return found


def describe(table: Table, mapping: list[str]) -> list[tuple[str, str, str]]:
    """(column, field name, sample value) per column: what the preview and --dry-run show."""
    return [
        (column or f"column {i + 1}", FIELDS[key], table.sample(i))
        for i, (column, key) in enumerate(zip(table.header, mapping, strict=False))
    ]
