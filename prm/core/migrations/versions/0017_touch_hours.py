"""Home's charts and the weekly review count touches per hour, not one by one.

``derived_touch_hour``: per UTC hour (``substr(occurred_at, 1, 13)``), channel and
direction, how many live touches (``deleted_at IS NULL``) there are; filled here
and kept exact by triggers on every insert, delete and change of ``occurred_at``,
``channel``, ``direction`` or ``deleted_at`` of a touch (an hour that reaches 0 is
dropped, so the table always equals the GROUP BY below). ``prm.core.touch_counts``
reads it. Derived, so not exported (the ``derived_`` prefix) and rebuilt by
import-all.

At 1M touches a 26-week chart read ~2.2M index entries (340 ms at 1M contacts);
it now reads ~100k summary rows and a few partial hours.

Revision ID: 0017_touch_hours
Revises: 0016_short_list_indexes
Create Date: 2026-11-30 06:30:00
"""

from alembic import op

revision = "0017_touch_hours"
down_revision = "0016_short_list_indexes"
branch_labels = None
depends_on = None

TRIGGERS = ("insert", "update", "delete")


def _add(row: str) -> str:
    """One more live touch for ``row`` (NEW), if it is live."""
    return (
        "INSERT INTO derived_touch_hour (hour, channel, direction, n)"
        f" SELECT substr({row}.occurred_at, 1, 13), {row}.channel, {row}.direction, 1"
        f" WHERE {row}.deleted_at IS NULL"
        " ON CONFLICT (hour, channel, direction) DO UPDATE SET n = n + 1;"
    )


def _remove(row: str) -> str:
    """One live touch fewer for ``row`` (OLD), if it was live; an empty hour goes."""
    key = (
        f"hour = substr({row}.occurred_at, 1, 13) AND channel = {row}.channel"
        f" AND direction = {row}.direction"
    )
    return (
        f"UPDATE derived_touch_hour SET n = n - 1 WHERE {key} AND {row}.deleted_at IS NULL;"
        f" DELETE FROM derived_touch_hour WHERE {key} AND n <= 0;"
    )


def upgrade() -> None:
    op.execute(
        "CREATE TABLE derived_touch_hour (hour TEXT NOT NULL, channel TEXT NOT NULL,"
        " direction TEXT NOT NULL, n INTEGER NOT NULL,"
        " PRIMARY KEY (hour, channel, direction)) WITHOUT ROWID"
    )
    op.execute(
        "INSERT INTO derived_touch_hour (hour, channel, direction, n)"
        " SELECT substr(occurred_at, 1, 13), channel, direction, count(*) FROM touch"
        " WHERE deleted_at IS NULL GROUP BY 1, 2, 3"
    )
    op.execute(
        "CREATE TRIGGER tr_touch_hour_insert AFTER INSERT ON touch"
        f" WHEN NEW.deleted_at IS NULL BEGIN {_add('NEW')} END"
    )
    op.execute(
        "CREATE TRIGGER tr_touch_hour_delete AFTER DELETE ON touch"
        f" WHEN OLD.deleted_at IS NULL BEGIN {_remove('OLD')} END"
    )
    # Only a change that moves a live touch between hours, channels or directions,
    # or into or out of the trash, touches the table.
    op.execute(
        "CREATE TRIGGER tr_touch_hour_update"
        " AFTER UPDATE OF occurred_at, channel, direction, deleted_at ON touch"
        " WHEN (OLD.deleted_at IS NULL OR NEW.deleted_at IS NULL) AND ("
        " (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)"
        " OR substr(OLD.occurred_at, 1, 13) IS NOT substr(NEW.occurred_at, 1, 13)"
        " OR OLD.channel IS NOT NEW.channel OR OLD.direction IS NOT NEW.direction)"
        f" BEGIN {_remove('OLD')} {_add('NEW')} END"
    )


def downgrade() -> None:
    for event in TRIGGERS:
        op.execute(f"DROP TRIGGER tr_touch_hour_{event}")
    op.execute("DROP TABLE derived_touch_hour")
