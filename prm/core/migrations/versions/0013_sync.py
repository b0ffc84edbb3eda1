"""CardDAV sync: accounts and the cards PRM knows on each.

Revision ID: 0013_sync
Revises: 0012_capture
Create Date: 2026-11-30 00:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_sync"
down_revision = "0012_capture"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("server_url", sa.String(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("book_url", sa.String(), nullable=False),
        sa.Column("book_name", sa.String(), nullable=False),
        sa.Column("sync_token", sa.String(), nullable=False),
        sa.Column("ctag", sa.String(), nullable=False),
        sa.Column("receives_new", sa.Boolean(), nullable=False),
        sa.Column("sync_on_timer", sa.Boolean(), nullable=False),
        sa.Column("first_synced_at", sa.DateTime(), nullable=True),
        sa.Column("last_sync_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=False),
        sa.Column("pending_confirmation", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "sync_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("href", sa.String(), nullable=False),
        sa.Column("etag", sa.String(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("base_card", sa.LargeBinary(), nullable=False),
        sa.Column("local_dirty", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("conflict_card", sa.LargeBinary(), nullable=False),
        sa.Column("conflict_etag", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["sync_account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "href", name="uq_sync_item_href"),
        sa.UniqueConstraint("contact_id"),
    )
    op.create_index(
        "ix_sync_item_dirty",
        "sync_item",
        ["account_id"],
        sqlite_where=sa.text("local_dirty = 1"),
    )


def downgrade() -> None:
    op.drop_index("ix_sync_item_dirty", table_name="sync_item")
    op.drop_table("sync_item")
    op.drop_table("sync_account")
