"""The full-export format: which tables, how each column's value looks in JSON.

Everything is derived from ``SQLModel.metadata``, so a new table or column is
exported and imported without touching this file; ``schema()`` builds the JSON
Schema kept in ``resources/export-format.schema.json`` (a test fails when the
file and the models disagree: regenerate it with
``python -m prm.core.export_format > resources/export-format.schema.json``).

Values in the file: date-times ISO-8601 with offset (UTC), dates ISO, decimals
as strings, bytes as base64, booleans as JSON booleans. Converters here go both
ways between the JSON value and what SQLite stores (the text SQLAlchemy writes),
so an export read back stores exactly the same bytes.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

import prm.core.models  # noqa: F401 - registers every table on the metadata
from prm.core.models.base import UTCDateTime

FORMAT = "prm-export"
FORMAT_VERSION = 1
# Derived data and bookkeeping, rebuilt rather than carried.
INTERNAL_PREFIXES = ("contact_fts", "derived_", "alembic_version", "sqlite_")


class BadValue(ValueError):
    """A JSON value that does not fit its column; the message says what was expected."""


@dataclass(frozen=True)
class ColumnCodec:
    name: str
    kind: str  # integer, string, boolean, date, date-time, decimal, bytes, number
    nullable: bool
    to_json: Callable[[Any], Any]  # stored value (as SQLite hands it back) -> JSON value
    to_db: Callable[[Any], Any]  # JSON value -> the value to store


# Rows that never leave the store in an export: a sync password kept in an encrypted
# store (no keyring on this computer) must not end up in a plain JSON file.
_PRIVATE_ROWS = {"setting": "key NOT LIKE 'sync.password.%'"}


def exported_rows(table_name: str) -> str:
    """The WHERE clause (or "") selecting the rows of ``table_name`` an export carries."""
    condition = _PRIVATE_ROWS.get(table_name)
    return f" WHERE {condition}" if condition else ""


def exported_tables() -> list[sa.Table]:
    """Every table the export carries, parents before children (foreign-key order)."""
    return [t for t in SQLModel.metadata.sorted_tables if not t.name.startswith(INTERNAL_PREFIXES)]


def codecs(table: sa.Table) -> list[ColumnCodec]:
    return [_codec(column) for column in table.columns]


def _kind(column: sa.Column) -> str:
    kind = column.type
    if isinstance(kind, sa.TypeDecorator) and not isinstance(kind, UTCDateTime):
        kind = kind.impl_instance  # sqlmodel's AutoString is a String underneath
    if isinstance(kind, UTCDateTime | sa.DateTime):
        return "date-time"
    if isinstance(kind, sa.Date):
        return "date"
    if isinstance(kind, sa.Boolean):
        return "boolean"
    if isinstance(kind, sa.Integer):
        return "integer"
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return "decimal"
    if isinstance(kind, sa.Float):
        return "number"
    if isinstance(kind, sa.LargeBinary):
        return "bytes"
    if isinstance(kind, sa.String):
        return "string"
    raise TypeError(f"column {column.table.name}.{column.name}: no export rule for {kind!r}")


def _codec(column: sa.Column) -> ColumnCodec:
    kind = _kind(column)
    out, into = _CONVERTERS[kind]
    return ColumnCodec(column.name, kind, bool(column.nullable), out, into)


# --- JSON value <-> stored value, per kind ------------------------------------------


def _datetime_out(raw: Any) -> str:
    moment = raw if isinstance(raw, datetime) else datetime.fromisoformat(raw)
    return moment.replace(tzinfo=UTC).isoformat()


def _datetime_in(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValue("a date-time text (ISO-8601 with offset)")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadValue("a date-time (ISO-8601 with offset)") from None
    if moment.tzinfo is None:
        raise BadValue("a date-time with a UTC offset (e.g. +00:00)")
    # What models.base.db_timestamp writes (a test holds them equal), without its per-call setup.
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _date_out(raw: Any) -> str:
    return raw.isoformat() if isinstance(raw, date) else str(raw)


def _date_in(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValue("a date text (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadValue("a date (YYYY-MM-DD)") from None


def _int_in(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValue("an integer")
    if not -(2**63) <= value < 2**63:
        raise BadValue("an integer within 64 bits")
    return value


def _number_in(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValue("a number")
    return float(value)


def _bool_in(value: Any) -> int:
    if not isinstance(value, bool):
        raise BadValue("true or false")
    return int(value)


def _str_in(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValue("a text")
    return value


def _decimal_in(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValue("a decimal number written as text")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise BadValue("a decimal number written as text") from None
    if not number.is_finite():
        raise BadValue("a finite decimal number")
    return str(number)


def _bytes_in(value: Any) -> bytes:
    if not isinstance(value, str):
        raise BadValue("base64 text")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise BadValue("base64 text") from None


_CONVERTERS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "date-time": (_datetime_out, _datetime_in),
    "date": (_date_out, _date_in),
    "boolean": (bool, _bool_in),
    "integer": (int, _int_in),
    "number": (float, _number_in),
    "decimal": (str, _decimal_in),
    "bytes": (lambda raw: base64.b64encode(bytes(raw)).decode("ascii"), _bytes_in),
    "string": (str, _str_in),
}


# --- the documented schema ---------------------------------------------------------

_JSON_TYPES: dict[str, dict[str, Any]] = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "date-time": {"type": "string", "format": "date-time"},
    "decimal": {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"},
    "bytes": {"type": "string", "contentEncoding": "base64"},
}


def _column_schema(codec: ColumnCodec) -> dict[str, Any]:
    schema = dict(_JSON_TYPES[codec.kind])
    if codec.nullable:
        schema["type"] = [schema["type"], "null"]
    return schema


def table_schema(table: sa.Table) -> dict[str, Any]:
    columns = codecs(table)
    required = [c.name for c in columns]
    return {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {c.name: _column_schema(c) for c in columns},
            "required": required,
            "additionalProperties": False,
        },
    }


def schema() -> dict[str, Any]:
    """The JSON Schema of an export file, built from the models."""
    tables = exported_tables()
    names = [t.name for t in tables]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://prm.invalid/export-format.schema.json",
        "title": "PRM full export (prm export-all / prm import-all)",
        "description": (
            "Every row of every table in a PRM store. Tables are listed parents first "
            "(foreign-key order); each row maps column names to values. Date-times are "
            "ISO-8601 with a UTC offset, dates ISO-8601, decimals strings, bytes base64. "
            "The header keys come before 'tables' (readers stream the rows). The search "
            "index is not included: import-all rebuilds it."
        ),
        "type": "object",
        "required": [
            "format",
            "format_version",
            "app_version",
            "schema_revision",
            "exported_at",
            "counts",
            "tables",
        ],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT},
            "format_version": {"const": FORMAT_VERSION},
            "app_version": {"type": "string"},
            "schema_revision": {"type": "string", "description": "the store's Alembic revision"},
            "exported_at": {"type": "string", "format": "date-time"},
            "counts": {
                "type": "object",
                "description": "rows per table, as written under 'tables'",
                "properties": {name: {"type": "integer", "minimum": 0} for name in names},
                "additionalProperties": False,
            },
            "tables": {
                "type": "object",
                "properties": {t.name: table_schema(t) for t in tables},
                "additionalProperties": False,
            },
        },
    }


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m prm.core.export_format > resources/export-format.schema.json
    import sys

    sys.stdout.write(schema_text())
