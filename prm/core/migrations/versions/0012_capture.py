"""Capture: sources, proposals (with their people) and ignore rules.

Revision ID: 0012_capture
Revises: 0011_list_sort_keys
Create Date: 2026-11-29 22:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_capture"
down_revision = "0011_list_sort_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "capture_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("location", sa.String(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("folder", sa.String(), nullable=False),
        sa.Column("auto_accept", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("last_run_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "capture_ignore",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "value", name="uq_capture_ignore"),
    )
    op.create_table(
        "capture_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("item_kind", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("direction", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("needs_reply", sa.Boolean(), nullable=False),
        sa.Column("thread", sa.String(), nullable=False),
        sa.Column("calendar", sa.String(), nullable=False),
        sa.Column("sender", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("touch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["capture_source.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["touch_id"], ["touch.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_kind", "key", name="uq_capture_proposal_item"),
    )
    with op.batch_alter_table("capture_proposal", schema=None) as batch_op:
        batch_op.create_index("ix_capture_proposal_status", ["status", "occurred_at"])
        batch_op.create_index(batch_op.f("ix_capture_proposal_source_id"), ["source_id"])
        batch_op.create_index(batch_op.f("ix_capture_proposal_thread"), ["thread"])
    op.create_table(
        "capture_proposal_person",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["proposal_id"], ["capture_proposal.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("proposal_id", "position"),
    )
    with op.batch_alter_table("capture_proposal_person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_capture_proposal_person_contact_id"), ["contact_id"])
        batch_op.create_index(batch_op.f("ix_capture_proposal_person_email"), ["email"])


def downgrade() -> None:
    op.drop_table("capture_proposal_person")
    op.drop_table("capture_proposal")
    op.drop_table("capture_ignore")
    op.drop_table("capture_source")
