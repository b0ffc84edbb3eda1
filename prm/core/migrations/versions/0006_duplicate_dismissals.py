"""Remembered "not a duplicate" answers, so a pair is never suggested again.

Revision ID: 0006_duplicate_dismissals
Revises: 0005_vcard_properties
Create Date: 2026-11-29 20:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_duplicate_dismissals"
down_revision = "0005_vcard_properties"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duplicate_dismissal",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id", "other_id"),
    )
    with op.batch_alter_table("duplicate_dismissal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_duplicate_dismissal_other_id"), ["other_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("duplicate_dismissal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duplicate_dismissal_other_id"))
    op.drop_table("duplicate_dismissal")
