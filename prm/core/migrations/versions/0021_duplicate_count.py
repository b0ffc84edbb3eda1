"""How many duplicate pairs are stored, kept as they are written.

The Duplicates screen shows the exact number of suggested pairs above its first
page. Counting ``derived_dup_candidate`` read every pair (2.8M at 1M contacts:
~100 ms on SQLCipher, more than the whole page's budget). ``derived_dup_count``
holds that number in one row, kept by triggers on every insert and delete of a
pair (``candidates`` writes pairs with an upsert, so a re-scored pair is an
update and counts once).

Revision ID: 0021_duplicate_count
Revises: 0020_anchor_hours
Create Date: 2026-11-30 07:30:00
"""

from alembic import op

revision = "0021_duplicate_count"
down_revision = "0020_anchor_hours"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE TABLE derived_dup_count (id INTEGER PRIMARY KEY CHECK (id = 0), n INTEGER NOT NULL)"
    )
    op.execute(
        "INSERT INTO derived_dup_count (id, n) SELECT 0, count(*) FROM derived_dup_candidate"
    )
    op.execute(
        "CREATE TRIGGER tr_dup_candidate_insert AFTER INSERT ON derived_dup_candidate"
        " BEGIN UPDATE derived_dup_count SET n = n + 1 WHERE id = 0; END"
    )
    op.execute(
        "CREATE TRIGGER tr_dup_candidate_delete AFTER DELETE ON derived_dup_candidate"
        " BEGIN UPDATE derived_dup_count SET n = n - 1 WHERE id = 0; END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER tr_dup_candidate_delete")
    op.execute("DROP TRIGGER tr_dup_candidate_insert")
    op.execute("DROP TABLE derived_dup_count")
