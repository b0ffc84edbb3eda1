"""An index of the replies owed, oldest first.

``ix_touch_reply_owed`` holds only the touches still waiting for an answer, in
the order the weekly review and Awaiting reply show them, so the oldest few are
read without sorting every owed message (1,750 touch rows at 1M touches: 30 ms
plain, 160 ms SQLCipher) and the count stays inside the index.

A partial index, built by hand (``migrate.UNMANAGED_INDEXES``).

Revision ID: 0009_reply_owed_index
Revises: 0008_review_upcoming_indexes
Create Date: 2026-11-29 22:15:00
"""

from alembic import op

revision = "0009_reply_owed_index"
down_revision = "0008_review_upcoming_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The WHERE must read like review._OWED's touch terms for the planner to use it.
    op.execute(
        "CREATE INDEX ix_touch_reply_owed ON touch (occurred_at, id)"
        " WHERE needs_reply = 1 AND replied_at IS NULL AND deleted_at IS NULL"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_touch_reply_owed")
