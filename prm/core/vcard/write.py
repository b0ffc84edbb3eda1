"""Export: contacts -> one ``.vcf`` file, or one file per contact in a folder.

Rows are read with plain SQL a chunk at a time (100k contacts never become
100k ORM objects), composed by ``compose.py`` and streamed to a temporary file
that replaces the target only once everything is written: a full disk or an
unwritable folder leaves the old file as it was and says which path failed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlmodel import Session

from prm.core.clock import Clock
from prm.core.dates import PartialDate
from prm.core.errors import KnownError, NotFoundError
from prm.core.fsio import atomic_writer
from prm.core.models.base import parse_db_timestamp
from prm.core.vcard.compose import ExportRow, compose_card

VERSIONS = ("3.0", "4.0")
CHUNK = 500
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


@dataclass
class ExportResult:
    count: int
    paths: list[Path] = field(default_factory=list)  # the file, or every file in the folder
    # Kept lines the chosen version cannot carry ("Ana Ruiz: “MAILER:…” left out: …").
    left_out: list[str] = field(default_factory=list)


def export_vcards(
    session: Session,
    *,
    out: Path | str,
    version: str = "3.0",
    contact_ids: list[int] | None = None,
    tag: str | None = None,
    split: bool = False,
    include_notes: bool = False,
    clock: Clock,
) -> ExportResult:
    """Write live contacts (all, ``contact_ids``, or those tagged ``tag``) as vCards."""
    if version not in VERSIONS:
        raise KnownError(f"vCard {version} cannot be written; choose 3.0 or 4.0.")
    out = Path(out)
    ids = select_ids(session, contact_ids=contact_ids, tag=tag)
    rows = iter_export_rows(session, ids=ids)
    left_out: list[str] = []
    if split:
        paths = _write_folder(out, rows, version, include_notes, left_out)
        return ExportResult(len(paths), paths, left_out)
    if out.is_dir():
        raise KnownError(
            f"{out} is a folder.", hint="Name a .vcf file, or export one file per contact (split)."
        )
    count = 0

    def write(handle: BinaryIO) -> None:
        nonlocal count
        for row in rows:
            handle.write(
                compose_card(row, version=version, include_notes=include_notes, left_out=left_out)
            )
            count += 1

    _atomic_write(out, write)
    return ExportResult(count, [out], left_out)


def select_ids(
    session: Session, *, contact_ids: list[int] | None = None, tag: str | None = None
) -> list[int]:
    """Live contacts in address-book order, narrowed to ``contact_ids`` and/or a tag."""
    conn = session.connection()
    where, params = "deleted_at IS NULL", ()
    if tag is not None:
        found = conn.exec_driver_sql(
            "SELECT id FROM tag WHERE name = ? COLLATE NOCASE", (tag.strip(),)
        ).first()
        if found is None:
            raise NotFoundError(f"There is no tag “{tag}”.")
        where += " AND id IN (SELECT contact_id FROM contact_tag WHERE tag_id = ?)"
        params = (found[0],)
    sql = f"SELECT sort_name, id FROM contact WHERE {where}"
    if contact_ids is None:
        return [
            r[0]
            for r in conn.exec_driver_sql(
                f"SELECT id FROM contact WHERE {where} ORDER BY sort_name, id", params
            )
        ]
    found_rows = []
    wanted = list(dict.fromkeys(contact_ids))
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start : start + CHUNK]
        marks = ",".join("?" * len(part))
        found_rows += conn.exec_driver_sql(f"{sql} AND id IN ({marks})", params + tuple(part)).all()
    return [row[1] for row in sorted(found_rows)]


_CONTACT_COLUMNS = (
    "id, uid, prefix, given_name, middle_name, family_name, suffix, nickname, display_name, "
    "organization, department, title, birthday_year, birthday_month, birthday_day, "
    "anniversary_year, anniversary_month, anniversary_day, notes, updated_at"
)


def iter_export_rows(
    session: Session, *, ids: list[int], chunk: int = CHUNK
) -> Iterator[ExportRow]:
    conn = session.connection()
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        marks = ",".join("?" * len(part))
        params = tuple(part)
        rows: dict[int, ExportRow] = {}
        for r in conn.exec_driver_sql(
            f"SELECT {_CONTACT_COLUMNS} FROM contact WHERE id IN ({marks})", params
        ):
            rows[r[0]] = ExportRow(
                *r[:12], _iso(*r[12:15]), _iso(*r[15:18]), r[18], parse_db_timestamp(r[19])
            )

        def children(sql: str) -> Iterator[tuple]:
            yield from conn.exec_driver_sql(sql.format(marks=marks), params)  # noqa: B023

        for table, attr in (
            ("contact_email", "emails"),
            ("contact_phone", "phones"),
            ("contact_url", "urls"),
        ):
            for cid, value, label, preferred in children(
                f"SELECT contact_id, value, label, preferred FROM {table} "
                "WHERE contact_id IN ({marks}) ORDER BY contact_id, position"
            ):
                getattr(rows[cid], attr).append((value, label, bool(preferred)))
        for cid, *address, preferred in children(
            "SELECT contact_id, label, street, locality, region, postal_code, country, preferred "
            "FROM contact_address WHERE contact_id IN ({marks}) ORDER BY contact_id, position"
        ):
            rows[cid].addresses.append((*address, bool(preferred)))
        for cid, name in children(
            "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "WHERE ct.contact_id IN ({marks}) ORDER BY ct.contact_id, t.name COLLATE NOCASE"
        ):
            rows[cid].tags.append(name)
        for cid, mime, data in children(
            "SELECT contact_id, mime_type, data FROM contact_photo WHERE contact_id IN ({marks})"
        ):
            rows[cid].photo = (mime, bytes(data))
        for cid, line in children(
            "SELECT contact_id, line FROM contact_vcard_property "
            "WHERE contact_id IN ({marks}) ORDER BY contact_id, position"
        ):
            rows[cid].extra_lines.append(line)
        for cid in part:
            if cid in rows:
                yield rows.pop(cid)


def _iso(year: int | None, month: int | None, day: int | None) -> str:
    return PartialDate(month, day, year).iso() if month and day else ""


# --- files ---------------------------------------------------------------------------


def _write_folder(
    folder: Path,
    rows: Iterator[ExportRow],
    version: str,
    include_notes: bool,
    left_out: list[str],
) -> list[Path]:
    if folder.exists() and not folder.is_dir():
        raise KnownError(
            f"{folder} is a file, not a folder.",
            hint="Name a folder to put one file per contact in.",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KnownError(f"Could not create the folder {folder}: {exc.strerror or exc}.") from exc
    used: set[str] = set()
    paths = []
    for row in rows:
        path = folder / unique_file_name(row.display_name, used)
        data = compose_card(row, version=version, include_notes=include_notes, left_out=left_out)
        # No fsync per file: thousands of small files would take minutes, and the
        # store, not the export, is what must survive a crash.
        _atomic_write(path, lambda handle, data=data: handle.write(data), sync=False)
        paths.append(path)
    return paths


def unique_file_name(name: str, used: set[str]) -> str:
    """A file name every system accepts, unique (ignoring case) among ``used``."""
    stem = _UNSAFE.sub(" ", name)
    stem = " ".join(stem.split()).strip(". ")[:80].rstrip(". ") or "contact"
    if stem.lower() in _RESERVED:
        stem = f"{stem} contact"
    candidate, n = stem, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{stem} ({n})"
    used.add(candidate.casefold())
    return f"{candidate}.vcf"


def _atomic_write(path: Path, write, *, sync: bool = True) -> None:
    """Through ``fsio.atomic_writer``: a symlink is written through, a FIFO, device
    or folder is refused, and a failure leaves the old file as it was."""
    folder = path.parent
    if not folder.is_dir():
        raise KnownError(f"Could not write {path}: the folder {folder} does not exist.")
    with atomic_writer(path, durable=sync) as handle:
        write(handle)
