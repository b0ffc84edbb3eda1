"""``export-all``: every row of every table into one open JSON file, streamed.

The rows are read in one read transaction (a consistent snapshot even while the
app keeps writing) a few hundred at a time and written as they come, so a store
of 100k contacts and a million touches never sits in memory. The file goes
through ``fsio.atomic_writer``: the old export stays until the new one is whole,
a symlink is written through, a FIFO or device is refused. The format is
described in ``export_format`` and ``resources/export-format.schema.json``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from prm import __version__
from prm.core.db import Store
from prm.core.export_format import (
    FORMAT,
    FORMAT_VERSION,
    codecs,
    exported_rows,
    exported_tables,
)
from prm.core.fsio import atomic_writer

log = logging.getLogger(__name__)

FETCH = 500
# (table, rows written so far in it, its row count): for a progress bar.
Progress = Callable[[str, int, int], None]


@dataclass
class ExportSummary:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def export_everything(
    store: Store, out: Path | str, *, now: datetime, progress: Progress | None = None
) -> ExportSummary:
    """Write the whole store to ``out`` (see the module doc); returns rows per table."""
    out = Path(out)
    tables = exported_tables()
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("BEGIN")  # one snapshot for the counts and every row
        try:
            counts = {
                t.name: cursor.execute(
                    f'SELECT count(*) FROM "{t.name}"{exported_rows(t.name)}'
                ).fetchone()[0]
                for t in tables
            }
            header = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "app_version": __version__,
                "schema_revision": store.revision,
                "exported_at": now.isoformat(),
                "counts": counts,
            }
            with atomic_writer(out) as handle:
                head = json.dumps(header, ensure_ascii=False, indent=1)
                handle.write(head[:-2].encode() + b',\n "tables": {')
                for number, table in enumerate(tables):
                    handle.write(b"\n  " if number == 0 else b",\n  ")
                    handle.write(json.dumps(table.name).encode() + b": [")
                    _write_rows(cursor, table, handle, counts[table.name], progress)
                    handle.write(b"]")
                handle.write(b"\n }\n}\n")
        finally:
            cursor.execute("ROLLBACK")
            cursor.close()
    finally:
        raw.close()
    log.info("exported %d rows to %s", sum(counts.values()), out)
    return ExportSummary(out, counts)


def _write_rows(cursor, table, handle: BinaryIO, total: int, progress: Progress | None) -> None:
    columns = codecs(table)
    names = [c.name for c in columns]
    convert = [c.to_json for c in columns]
    keys = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
    select = ", ".join(f'"{name}"' for name in names)
    cursor.execute(
        f'SELECT {select} FROM "{table.name}"{exported_rows(table.name)} ORDER BY {keys}'
    )
    done = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    while rows := cursor.fetchmany(FETCH):
        parts = []
        for row in rows:
            record = {
                name: None if value is None else to_json(value)
                for name, to_json, value in zip(names, convert, row, strict=True)
            }
            parts.append(("\n   " if done == 0 and not parts else ",\n   ") + dumps(record))
        handle.write("".join(parts).encode())
        done += len(rows)
        if progress is not None:
            progress(table.name, done, total)
    if done:
        handle.write(b"\n  ")
