"""Baseline: contacts and their typed values, tags, relations, settings.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-11-23 12:12:47.566736
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

# Search index over names, organization, emails, phones, tags and notes; kept in
# step by prm.core.search (rowid = contact.id). Contentless: the text lives in
# the tables already.
FTS_DDL = (
    "CREATE VIRTUAL TABLE contact_fts USING fts5(body, content='', contentless_delete=1, "
    "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"
)


revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("prefix", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("given_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("middle_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("family_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("suffix", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("nickname", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sort_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("organization", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("department", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("birthday_year", sa.Integer(), nullable=True),
        sa.Column("birthday_month", sa.Integer(), nullable=True),
        sa.Column("birthday_day", sa.Integer(), nullable=True),
        sa.Column("anniversary_year", sa.Integer(), nullable=True),
        sa.Column("anniversary_month", sa.Integer(), nullable=True),
        sa.Column("anniversary_day", sa.Integer(), nullable=True),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("preferred_channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("how_we_met", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("referred_by_id", sa.Integer(), nullable=True),
        sa.Column("pref_coffee", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("pref_food", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("pref_dietary", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("pref_culture", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["referred_by_id"], ["contact.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contact_live_sort", ["deleted_at", "sort_name", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_contact_referred_by_id"), ["referred_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_contact_uid"), ["uid"], unique=True)

    op.create_table(
        "setting",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(collation="NOCASE"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "contact_address",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("preferred", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("street", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("locality", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("postal_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("country", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_address", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_address_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "contact_email",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("preferred", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_email", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_email_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_contact_email_value"), ["value"], unique=False)

    op.create_table(
        "contact_interest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_interest", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_interest_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_contact_interest_topic"), ["topic"], unique=False)

    op.create_table(
        "contact_phone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("preferred", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("normalized", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_phone", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_phone_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_contact_phone_normalized"), ["normalized"], unique=False
        )

    op.create_table(
        "contact_photo",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("mime_type", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id"),
    )
    op.create_table(
        "contact_relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_relation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_relation_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_contact_relation_other_id"), ["other_id"], unique=False
        )

    op.create_table(
        "contact_tag",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id", "tag_id"),
    )
    with op.batch_alter_table("contact_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_tag_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "contact_url",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("preferred", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_url", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_url_contact_id"), ["contact_id"], unique=False)

    op.execute(FTS_DDL)


def downgrade() -> None:
    op.execute("DROP TABLE contact_fts")
    with op.batch_alter_table("contact_url", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_url_contact_id"))

    op.drop_table("contact_url")
    with op.batch_alter_table("contact_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_tag_tag_id"))

    op.drop_table("contact_tag")
    with op.batch_alter_table("contact_relation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_relation_other_id"))
        batch_op.drop_index(batch_op.f("ix_contact_relation_contact_id"))

    op.drop_table("contact_relation")
    op.drop_table("contact_photo")
    with op.batch_alter_table("contact_phone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_phone_normalized"))
        batch_op.drop_index(batch_op.f("ix_contact_phone_contact_id"))

    op.drop_table("contact_phone")
    with op.batch_alter_table("contact_interest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_interest_topic"))
        batch_op.drop_index(batch_op.f("ix_contact_interest_contact_id"))

    op.drop_table("contact_interest")
    with op.batch_alter_table("contact_email", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_email_value"))
        batch_op.drop_index(batch_op.f("ix_contact_email_contact_id"))

    op.drop_table("contact_email")
    with op.batch_alter_table("contact_address", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_address_contact_id"))

    op.drop_table("contact_address")
    op.drop_table("tag")
    op.drop_table("setting")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_uid"))
        batch_op.drop_index(batch_op.f("ix_contact_referred_by_id"))
        batch_op.drop_index("ix_contact_live_sort")

    op.drop_table("contact")
