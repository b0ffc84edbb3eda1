"""A log of the contacts whose place in a contact-list order changed.

``derived_list_change`` gets a row, numbered in order (``seq``), each time a contact
is added or purged, or one of the columns the list sorts by or filters on changes
(``sort_name``, ``organization``, ``title``, ``sort_email``, ``sort_phone``,
``last_touch_at``, ``deleted_at``), whoever writes: the app, the command line,
another process, a trigger (``sort_email`` follows the email rows). Only the
newest ``KEPT`` rows are kept.

Why: a search whose matches sort together deep in the list (a family name, a
company's name with the list sorted by company) had its first page found by
walking the list's index up to them: at 1M contacts 150-470 ms a keystroke.
``prm.core.list_positions`` keeps every contact's position in the list's order,
read when the list loads, and ranks the matches by it (~10 ms). The log tells it,
exactly and cheaply, which contacts moved since; it trusts the positions of no
other contact, and gives them up when the log no longer reaches back that far.

Derived, so not exported (the ``derived_`` prefix). A later revision that rebuilds
``contact`` (batch mode) drops these triggers and must create them again.

Revision ID: 0024_list_changes
Revises: 0023_rhythm_hours
Create Date: 2026-11-30 14:00:00
"""

from alembic import op

revision = "0024_list_changes"
down_revision = "0023_rhythm_hours"
branch_labels = None
depends_on = None

# Rows kept: how many contacts may change between a list's load and a search that
# still uses its positions (prm.core.list_positions.MAX_MOVED is at most this).
KEPT = 4096
# What a list sorts or filters by (prm.core.contact_list.sort_order, _list_where_order).
LISTED = ("sort_name", "organization", "title", "sort_email", "sort_phone", "last_touch_at",
          "deleted_at")  # fmt: skip
EVENTS = ("insert", "update", "delete")


def _log(row: str) -> str:
    # last_insert_rowid() is, inside a trigger, the row the trigger just inserted.
    return (
        f"INSERT INTO derived_list_change (contact_id) VALUES ({row}.id);"
        f" DELETE FROM derived_list_change WHERE seq <= last_insert_rowid() - {KEPT};"
    )


def upgrade() -> None:
    # AUTOINCREMENT: a number is never given twice, even once the rows before are gone.
    op.execute(
        "CREATE TABLE derived_list_change"
        " (seq INTEGER PRIMARY KEY AUTOINCREMENT, contact_id INTEGER NOT NULL)"
    )
    op.execute(
        f"CREATE TRIGGER tr_list_change_insert AFTER INSERT ON contact BEGIN {_log('NEW')} END"
    )
    op.execute(
        f"CREATE TRIGGER tr_list_change_delete AFTER DELETE ON contact BEGIN {_log('OLD')} END"
    )
    moved = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in LISTED)
    op.execute(
        f"CREATE TRIGGER tr_list_change_update AFTER UPDATE OF {', '.join(LISTED)} ON contact"
        f" WHEN {moved} BEGIN {_log('NEW')} END"
    )


def downgrade() -> None:
    for event in EVENTS:
        op.execute(f"DROP TRIGGER tr_list_change_{event}")
    op.execute("DROP TABLE derived_list_change")
