"""The formatted name (vCard FN) kept beside the parts; phone keys with extensions.

``contact.formatted_name`` holds the name as the person's address book writes it
when PRM would derive another one from the parts ("" = derive). Phone numbers
with an extension or letters get the key ``validation.normalize_phone`` now
gives ("+14165046429;ext=23"), so an import matches them again.

Revision ID: 0007_formatted_name
Revises: 0006_duplicate_dismissals
Create Date: 2026-11-29 20:30:00
"""

import re

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007_formatted_name"
down_revision = "0006_duplicate_dismissals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch rebuild of `contact` would drop its expression index.
    op.add_column(
        "contact",
        sa.Column(
            "formatted_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
        ),
    )
    from prm.core.validation import normalize_phone

    conn = op.get_bind()
    rows = conn.exec_driver_sql("SELECT id, value FROM contact_phone").fetchall()
    for phone_id, value in rows:
        if re.search(r"[^\d\s+()\-./]", value):  # only what the old rule keyed differently
            conn.exec_driver_sql(
                "UPDATE contact_phone SET normalized = ? WHERE id = ?",
                (normalize_phone(value), phone_id),
            )


def downgrade() -> None:
    op.drop_column("contact", "formatted_name")  # SQLite 3.35+
