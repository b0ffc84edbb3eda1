"""vCard properties PRM does not model, kept verbatim for export.

Revision ID: 0005_vcard_properties
Revises: 0004_gifts_events_articles
Create Date: 2026-11-23 15:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_vcard_properties"
down_revision = "0004_gifts_events_articles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_vcard_property",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("line", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_vcard_property", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_vcard_property_contact_id"), ["contact_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("contact_vcard_property", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_vcard_property_contact_id"))

    op.drop_table("contact_vcard_property")
