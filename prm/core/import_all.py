"""``import-all``: a full export back into an empty store, all or nothing.

The file is checked as it streams in (format, version, schema revision, every
table, column and value, the row counts the header promised); rows go in with
their own primary keys, parents first, in ONE transaction, so any problem leaves
the store as it was. The search index, which the export leaves out, is rebuilt.
A store that already holds the user's data is refused: merging two stores is not
what a restore of everything should quietly do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from prm.core import search
from prm.core.anchor_counts import refresh_rhythm_hours
from prm.core.contact_list import refresh_sort_keys
from prm.core.db import Store
from prm.core.errors import KnownError
from prm.core.export_format import FORMAT, FORMAT_VERSION, BadValue, codecs, exported_tables
from prm.core.json_stream import JsonStream, open_regular
from prm.core.rhythm_sql import refresh_referral_levels, refresh_tag_rhythm
from prm.core.touch_counts import refresh_touch_hours
from prm.core.travel.places import refresh_rank

log = logging.getLogger(__name__)

BATCH = 1000
# A new store comes with these (the default cadence tiers); the file's rows replace them.
REPLACEABLE = {"cadence_tier", "setting"}
HEADER_KEYS = (
    "format",
    "format_version",
    "app_version",
    "schema_revision",
    "exported_at",
    "counts",
)
Progress = Callable[[str, int, int], None]


@dataclass
class ImportSummary:
    path: Path
    schema_revision: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def import_everything(
    store: Store, source: Path | str, *, progress: Progress | None = None
) -> ImportSummary:
    """Fill the empty ``store`` from the export at ``source`` (see the module doc)."""
    path = Path(source)
    with open_regular(path) as text:
        stream = JsonStream(text, str(path))
        header = _read_header(stream)
        summary = ImportSummary(path, header["schema_revision"])
        with store.transaction() as session:
            conn = session.connection()  # holds the write lock (``Store.transaction``):
            # nothing may slip in between the emptiness check and the rows.
            _refuse_unless_empty(conn, store)
            conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # checked below, before commit
            _read_tables(stream, conn, header, summary, progress)
            _check_references(conn, path)
            rebuild_search_index(conn)
            search.merge_index(conn)
            refresh_sort_keys(conn)
            refresh_referral_levels(conn)
            refresh_touch_hours(conn)
            refresh_rank(conn)
            refresh_rhythm_hours(conn)
            refresh_tag_rhythm(conn)
    log.info("imported %d rows from %s", summary.total, path)
    return summary


# --- the header ----------------------------------------------------------------------


def _read_header(stream: JsonStream) -> dict[str, Any]:
    stream.expect("{", "'{' (a PRM export is one JSON object)")
    header: dict[str, Any] = {}
    while True:
        key = stream.value()
        if not isinstance(key, str):
            raise stream.error("expected a key in quotes")
        stream.expect(":", "':'")
        if key == "tables":
            break
        if key not in HEADER_KEYS:
            raise stream.error(
                f"unknown key {key!r} (expected {', '.join(HEADER_KEYS)}, then tables)"
            )
        header[key] = stream.value()
        if stream.expect(",}", "',' or '}'") == "}":
            raise stream.error("the export has no 'tables'")
    _check_header(stream, header)
    return header


def _check_header(stream: JsonStream, header: dict[str, Any]) -> None:
    from prm.core import migrate

    name = stream.name
    if header.get("format") != FORMAT:
        raise KnownError(
            f'{name} is not a PRM export (its "format" is not "{FORMAT}").',
            hint="Choose a file written by prm export-all.",
        )
    missing = [key for key in HEADER_KEYS if key not in header]
    if missing:
        raise KnownError(
            f"{name}: the header lacks {', '.join(missing)} (it must come before 'tables')."
        )
    version = header["format_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise KnownError(f"{name}: format_version must be a whole number, not {version!r}.")
    if version > FORMAT_VERSION:
        raise KnownError(
            f"{name} was written in export format {version}; this PRM reads up to "
            f"{FORMAT_VERSION}.",
            hint="Install the latest PRM to import it.",
        )
    revision = header["schema_revision"]
    if not isinstance(revision, str) or not revision:
        raise KnownError(f"{name}: schema_revision must be a revision name, not {revision!r}.")
    if revision != migrate.HEAD_REVISION and revision not in migrate.known_revisions():
        raise KnownError(
            f"{name} was written by a newer PRM (schema {revision}); this PRM knows up "
            f"to {migrate.HEAD_REVISION}.",
            hint="Install the latest PRM to import it.",
        )
    counts = header["counts"]
    if not isinstance(counts, dict) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts.values()
    ):
        raise KnownError(f"{name}: counts must map each table to its number of rows.")
    unknown = sorted(set(counts) - {t.name for t in exported_tables()})
    if unknown:
        raise KnownError(
            f"{name} has tables this PRM does not know: {', '.join(unknown)}.",
            hint="It was written by a newer or a different program.",
        )


# --- the store -----------------------------------------------------------------------


def _refuse_unless_empty(conn: sa.Connection, store: Store) -> None:
    found = []
    first = ("contact", "touch", "meeting", "gift", "event", "article")
    for table in sorted(
        exported_tables(), key=lambda t: first.index(t.name) if t.name in first else 99
    ):
        if table.name in REPLACEABLE:
            continue
        count = conn.exec_driver_sql(f'SELECT count(*) FROM "{table.name}"').scalar()
        if count:
            found.append(f"{count} {table.name.replace('_', ' ')} row{'s' if count != 1 else ''}")
    if found:
        raise KnownError(
            f"import-all only fills an empty store, and {store.paths.database} already holds "
            f"{', '.join(found[:4])}{' and more' if len(found) > 4 else ''}. Nothing was imported.",
            hint="Import into a new data folder (prm --data-dir NEW import-all FILE).",
        )


def _read_tables(
    stream: JsonStream,
    conn: sa.Connection,
    header: dict[str, Any],
    summary: ImportSummary,
    progress: Progress | None,
) -> None:
    tables = {t.name: t for t in exported_tables()}
    counts: dict[str, int] = header["counts"]
    older = header["schema_revision"] != _head()
    stream.expect("{", "'{' after \"tables\"")
    if stream.peek() == "}":
        stream.expect("}", "'}'")
    else:
        while True:
            name = stream.value()
            if not isinstance(name, str):
                raise stream.error("expected a table name in quotes")
            if name not in tables:
                raise stream.error(f"unknown table {name!r}")
            if name in summary.counts:
                raise stream.error(f"table {name!r} appears twice")
            if name not in counts:
                raise stream.error(f"table {name!r} is missing from counts")
            stream.expect(":", "':'")
            written = _insert_table(
                stream, conn, tables[name], older=older, total=counts[name], progress=progress
            )
            if written != counts[name]:
                raise KnownError(
                    f"{stream.name}: table {name} has {written} rows but the header "
                    f"says {counts[name]}; the file is incomplete or was edited. "
                    "Nothing was imported."
                )
            summary.counts[name] = written
            if stream.expect(",}", "',' or '}'") == "}":
                break
    if stream.expect(",}", "'}' (the end of the export)") == ",":
        raise stream.error("'tables' must be the last key")
    if not stream.at_end():
        raise stream.error("unexpected text after the end of the export")
    absent = sorted(set(counts) - set(summary.counts))
    if absent:
        raise KnownError(
            f"{stream.name}: the header counts rows in {', '.join(absent)}, but those "
            "tables are not in the file. Nothing was imported."
        )


def _head() -> str:
    from prm.core.migrate import HEAD_REVISION

    return HEAD_REVISION


def _insert_table(
    stream: JsonStream,
    conn: sa.Connection,
    table: sa.Table,
    *,
    older: bool,
    total: int,
    progress: Progress | None,
) -> int:
    if table.name in REPLACEABLE:
        conn.exec_driver_sql(f'DELETE FROM "{table.name}"')
    columns = codecs(table)
    names = [c.name for c in columns]
    quoted = ", ".join(f'"{name}"' for name in names)
    sql = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" * len(names))})'
    defaults = {c.name: _default(table.c[c.name]) for c in columns}
    known = set(names)
    batch: list[tuple] = []
    count = 0
    for row in _rows(stream, table.name):
        count += 1
        if not isinstance(row, dict):
            raise _bad_row(stream, table, count, "is not an object of column values")
        unknown = row.keys() - known
        if unknown:
            raise _bad_row(
                stream, table, count, f"has unknown columns: {', '.join(sorted(unknown))}"
            )
        values = []
        for codec in columns:
            if codec.name not in row:
                if not older:
                    raise _bad_row(stream, table, count, f"lacks the column {codec.name}")
                make = defaults[codec.name]
                if make is None:
                    raise _bad_row(stream, table, count, f"lacks the required column {codec.name}")
                values.append(make())
                continue
            raw = row[codec.name]
            if raw is None:
                if not codec.nullable:
                    raise _bad_row(stream, table, count, f"column {codec.name} may not be null")
                values.append(None)
                continue
            try:
                values.append(codec.to_db(raw))
            except BadValue as exc:
                shown = repr(raw) if len(repr(raw)) < 60 else repr(raw)[:57] + "..."
                raise _bad_row(
                    stream, table, count, f"column {codec.name} must be {exc}, not {shown}"
                ) from None
        batch.append(tuple(values))
        if len(batch) >= BATCH:
            _flush(conn, sql, batch, stream, table)
            if progress is not None:
                progress(table.name, count, total)
    _flush(conn, sql, batch, stream, table)
    if progress is not None:
        progress(table.name, count, total)
    return count


def _default(column: sa.Column) -> Callable[[], Any] | None:
    """What makes a value for a column missing from an older export: its model default
    (a fresh one per row, e.g. a new uid), else null; None when the column is required."""
    default = column.default
    if default is not None and default.is_scalar:
        return lambda: default.arg
    if default is not None and default.is_callable:
        return lambda: default.arg(None)
    return (lambda: None) if column.nullable else None


def _rows(stream: JsonStream, name: str) -> Iterator[Any]:
    stream.expect("[", f"'[' (the rows of {name})")
    if stream.peek() == "]":
        stream.expect("]", "']'")
        return
    while True:
        yield stream.value()
        if stream.expect(",]", "',' or ']'") == "]":
            return


def _bad_row(stream: JsonStream, table: sa.Table, number: int, what: str) -> KnownError:
    return KnownError(
        f"{stream.name}: table {table.name}, row {number} {what} "
        f"(near line {stream.where()[0]}). Nothing was imported."
    )


def _flush(
    conn: sa.Connection, sql: str, batch: list[tuple], stream: JsonStream, table: sa.Table
) -> None:
    if not batch:
        return
    try:
        conn.exec_driver_sql(sql, batch)
    except sa.exc.IntegrityError as exc:
        raise KnownError(
            f"{stream.name}: table {table.name} has rows that break a rule of the "
            f"store ({exc.orig}), near line {stream.where()[0]}. Nothing was imported."
        ) from None
    batch.clear()


def _check_references(conn: sa.Connection, path: Path) -> None:
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchmany(5)
    if broken:
        shown = "; ".join(
            f"{table} row {rowid} refers to a missing {parent}"
            for table, rowid, parent, _ in broken
        )
        raise KnownError(
            f"{path} refers to rows it does not contain: {shown}. Nothing was imported."
        )


# --- derived data --------------------------------------------------------------------


def rebuild_search_index(conn: sa.Connection, *, chunk: int = 1000) -> None:
    """Index every contact for search, as ``search.reindex`` would (without ORM objects)."""
    conn.exec_driver_sql("INSERT INTO contact_fts(contact_fts) VALUES ('delete-all')")
    ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM contact ORDER BY id")]
    fields = (
        "display_name",
        "given_name",
        "middle_name",
        "family_name",
        "nickname",
        "organization",
        "department",
        "title",
        "how_we_met",
        "notes",
    )
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        marks = ",".join("?" * len(part))
        people = {
            row[0]: SimpleNamespace(
                **dict(zip(fields, row[1:], strict=True)),
                emails=[],
                phones=[],
                addresses=[],
                tags=[],
                interests=[],
            )
            for row in conn.exec_driver_sql(
                f"SELECT id, {', '.join(fields)} FROM contact WHERE id IN ({marks})", tuple(part)
            )
        }

        def rows(sql: str):
            return conn.exec_driver_sql(sql.format(marks=marks), tuple(part))  # noqa: B023

        for cid, value in rows(
            "SELECT contact_id, value FROM contact_email WHERE contact_id IN ({marks}) "
            "ORDER BY contact_id, position, id"
        ):
            people[cid].emails.append(SimpleNamespace(value=value))
        for cid, value, normalized in rows(
            "SELECT contact_id, value, normalized FROM contact_phone WHERE contact_id IN ({marks}) "
            "ORDER BY contact_id, position, id"
        ):
            people[cid].phones.append(SimpleNamespace(value=value, normalized=normalized))
        for cid, locality, country in rows(
            "SELECT contact_id, locality, country FROM contact_address WHERE contact_id IN ({marks}) "
            "ORDER BY contact_id, position, id"
        ):
            people[cid].addresses.append(SimpleNamespace(locality=locality, country=country))
        for cid, name in rows(
            "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "WHERE ct.contact_id IN ({marks}) ORDER BY ct.contact_id, t.name"
        ):
            people[cid].tags.append(SimpleNamespace(name=name))
        for cid, topic in rows(
            "SELECT contact_id, topic FROM contact_interest WHERE contact_id IN ({marks}) "
            "ORDER BY contact_id, position, id"
        ):
            people[cid].interests.append(SimpleNamespace(topic=topic))
        search.index_documents(
            conn, [(cid, search.document_for(person)) for cid, person in people.items()]
        )
