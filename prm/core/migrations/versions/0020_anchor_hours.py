"""Home's "on track per tier" counts contacts per hour of their anchor, not one by one.

``derived_anchor_hour``: per cadence target and UTC hour of the anchor
(``substr(coalesce(last_touch_at, created_at), 1, 13)``, the expression of
ix_contact_rhythm), how many live contacts (``deleted_at IS NULL``) with a cadence
target there are; filled here and kept exact by triggers on every insert, delete
and change of ``last_touch_at``, ``created_at``, ``cadence_target_days`` or
``deleted_at`` of a contact (an hour that reaches 0 is dropped, so the table
always equals the GROUP BY below). ``prm.core.anchor_counts`` reads it. Derived, so
not exported (the ``derived_`` prefix) and rebuilt by import-all. A later revision
that rebuilds ``contact`` (batch mode) drops these triggers and must create them
again.

At 1M contacts the chart read ~2M entries of ix_contact_rhythm (~210 ms); it now
reads the targets' summary rows and at most one partial hour per target.

Revision ID: 0020_anchor_hours
Revises: 0019_merge_search_index
Create Date: 2026-11-30 06:50:00
"""

from alembic import op

revision = "0020_anchor_hours"
down_revision = "0019_merge_search_index"
branch_labels = None
depends_on = None

TRIGGERS = ("insert", "update", "delete")


def _hour(row: str) -> str:
    return f"substr(coalesce({row}.last_touch_at, {row}.created_at), 1, 13)"


def _counted(row: str) -> str:
    return f"({row}.deleted_at IS NULL AND {row}.cadence_target_days IS NOT NULL)"


def _add(row: str) -> str:
    """One more contact for ``row`` (NEW), if it is counted."""
    return (
        "INSERT INTO derived_anchor_hour (target, hour, n)"
        f" SELECT {row}.cadence_target_days, {_hour(row)}, 1 WHERE {_counted(row)}"
        " ON CONFLICT (target, hour) DO UPDATE SET n = n + 1;"
    )


def _remove(row: str) -> str:
    """One contact fewer for ``row`` (OLD), if it was counted; an empty hour goes."""
    key = f"target = {row}.cadence_target_days AND hour = {_hour(row)}"
    return (
        f"UPDATE derived_anchor_hour SET n = n - 1 WHERE {key} AND {_counted(row)};"
        f" DELETE FROM derived_anchor_hour WHERE {key} AND n <= 0;"
    )


def upgrade() -> None:
    op.execute(
        "CREATE TABLE derived_anchor_hour (target INTEGER NOT NULL, hour TEXT NOT NULL,"
        " n INTEGER NOT NULL, PRIMARY KEY (target, hour)) WITHOUT ROWID"
    )
    op.execute(
        "INSERT INTO derived_anchor_hour (target, hour, n)"
        " SELECT cadence_target_days, substr(coalesce(last_touch_at, created_at), 1, 13),"
        " count(*) FROM contact"
        " WHERE deleted_at IS NULL AND cadence_target_days IS NOT NULL GROUP BY 1, 2"
    )
    op.execute(
        "CREATE TRIGGER tr_anchor_hour_insert AFTER INSERT ON contact"
        f" WHEN {_counted('NEW')} BEGIN {_add('NEW')} END"
    )
    op.execute(
        "CREATE TRIGGER tr_anchor_hour_delete AFTER DELETE ON contact"
        f" WHEN {_counted('OLD')} BEGIN {_remove('OLD')} END"
    )
    # Only a change that moves a counted contact between targets or hours, or into
    # or out of the count, touches the table: a rhythm refresh rewrites every
    # contact's target, mostly to the same value.
    op.execute(
        "CREATE TRIGGER tr_anchor_hour_update"
        " AFTER UPDATE OF last_touch_at, created_at, cadence_target_days, deleted_at"
        f" ON contact WHEN ({_counted('OLD')} OR {_counted('NEW')}) AND ("
        f" {_counted('OLD')} <> {_counted('NEW')}"
        " OR OLD.cadence_target_days IS NOT NEW.cadence_target_days"
        f" OR {_hour('OLD')} IS NOT {_hour('NEW')})"
        f" BEGIN {_remove('OLD')} {_add('NEW')} END"
    )


def downgrade() -> None:
    for event in TRIGGERS:
        op.execute(f"DROP TRIGGER tr_anchor_hour_{event}")
    op.execute("DROP TABLE derived_anchor_hour")
