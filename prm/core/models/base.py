"""Column types and helpers shared by every table module."""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa


class UTCDateTime(sa.types.TypeDecorator):
    """Stores UTC without tzinfo (SQLite has none), hands back aware datetimes."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


def db_timestamp(moment: datetime) -> str:
    """An aware datetime as UTCDateTime stores it on SQLite, for raw SQL.

    Must match SQLAlchemy's SQLite format to the character: timestamps are
    compared as text.
    """
    return UTCDateTime().process_bind_param(moment, None).strftime("%Y-%m-%d %H:%M:%S.%f")


def parse_db_timestamp(raw: str | None) -> datetime | None:
    """The inverse of ``db_timestamp``: text read by raw SQL, back to aware UTC."""
    return None if raw is None else datetime.fromisoformat(raw).replace(tzinfo=UTC)


def new_uid() -> str:
    return str(uuid.uuid4())
