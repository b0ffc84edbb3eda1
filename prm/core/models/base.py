"""Column types and helpers shared by every table module."""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa

from prm.core.db_time import db_timestamp, parse_db_timestamp

__all__ = ["UTCDateTime", "db_timestamp", "new_uid", "parse_db_timestamp"]


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


def new_uid() -> str:
    return str(uuid.uuid4())
