"""Gifts, events, and the article library with its share log.

Revision ID: 0004_gifts_events_articles
Revises: 0003_meetings
Create Date: 2026-11-23 15:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_gifts_events_articles"
down_revision = "0003_meetings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("occasion", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("price", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("where", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reaction", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("touch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["touch_id"], ["touch.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    with op.batch_alter_table("gift", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gift_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_gift_on_date"), ["on_date"], unique=False)

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("start_at", sa.DateTime(), nullable=True),
        sa.Column("end_at", sa.DateTime(), nullable=True),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("location", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("yearly", sa.Boolean(), nullable=False),
        sa.Column("my_status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("touch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["touch_id"], ["touch.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_start_at"), ["start_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_start_date"), ["start_date"], unique=False)

    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_url"), ["url"], unique=False)

    op.create_table(
        "article_topic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(collation="NOCASE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("article_topic", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_topic_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_article_topic_topic"), ["topic"], unique=False)

    op.create_table(
        "article_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("shared_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("response", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("touch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["touch_id"], ["touch.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("article_share", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_share_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(
            "ix_article_share_contact", ["contact_id", "article_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("article_share", schema=None) as batch_op:
        batch_op.drop_index("ix_article_share_contact")
        batch_op.drop_index(batch_op.f("ix_article_share_article_id"))

    op.drop_table("article_share")

    with op.batch_alter_table("article_topic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_topic_topic"))
        batch_op.drop_index(batch_op.f("ix_article_topic_article_id"))

    op.drop_table("article_topic")

    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_url"))

    op.drop_table("article")

    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_start_date"))
        batch_op.drop_index(batch_op.f("ix_event_start_at"))
        batch_op.drop_index(batch_op.f("ix_event_contact_id"))

    op.drop_table("event")

    with op.batch_alter_table("gift", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gift_on_date"))
        batch_op.drop_index(batch_op.f("ix_gift_contact_id"))

    op.drop_table("gift")
