"""Timestamps as the store keeps them, for raw SQL.

Apart from the ORM models on purpose: the start-up list path reads timestamps
with raw SQL and must not pay for building every table's model class.
"""

from __future__ import annotations

from datetime import UTC, datetime


def db_timestamp(moment: datetime) -> str:
    """An aware datetime as ``models.base.UTCDateTime`` stores it on SQLite.

    Must match SQLAlchemy's SQLite format to the character: timestamps are
    compared as text.
    """
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return moment.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def parse_db_timestamp(raw: str | None) -> datetime | None:
    """The inverse of ``db_timestamp``: text read by raw SQL, back to aware UTC."""
    return None if raw is None else datetime.fromisoformat(raw).replace(tzinfo=UTC)
