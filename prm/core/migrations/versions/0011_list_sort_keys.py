"""Stored sort keys so the contact list sorted by email, phone, organization or
title answers a keystroke from an index walk that stops after the first page.

``contact.sort_email`` / ``contact.sort_phone`` hold the value the list shows
(the preferred one, else the first listed); triggers on ``contact_email`` and
``contact_phone`` keep them right whoever writes those rows (the editor, an
import, a merge, undo, import-all, raw SQL). One partial index per column and
direction holds the list's exact ORDER BY (``contact_list.sort_order``), blanks
last either way, ties in name order.

The indexes are expression indexes built by hand (``migrate.UNMANAGED_INDEXES``).

Revision ID: 0011_list_sort_keys
Revises: 0010_duplicate_candidates
Create Date: 2026-11-29 22:20:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011_list_sort_keys"
down_revision = "0010_duplicate_candidates"
branch_labels = None
depends_on = None

# (stored column, value table): the first value, as contact_list's reference reads it.
KEYED = (("sort_email", "contact_email"), ("sort_phone", "contact_phone"))
SORT_COLUMNS = ("organization", "title", "sort_email", "sort_phone")


def first_value(table: str, contact: str) -> str:
    return (
        f"coalesce((SELECT v.value FROM {table} v WHERE v.contact_id = {contact}"
        " ORDER BY v.preferred DESC, v.position LIMIT 1), '')"
    )


def index_name(column: str, descending: bool) -> str:
    return f"ix_contact_list_{column}{'_desc' if descending else ''}"


def upgrade() -> None:
    # Plain ADD COLUMN: a batch rebuild of `contact` would drop its expression indexes.
    for column, _table in KEYED:
        op.add_column(
            "contact",
            sa.Column(
                column, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
            ),
        )
    for column, table in KEYED:
        op.execute(f"UPDATE contact SET {column} = {first_value(table, 'contact.id')}")
        refresh = f"UPDATE contact SET {column} = {first_value(table, 'contact.id')}"
        op.execute(
            f"CREATE TRIGGER tr_{table}_insert AFTER INSERT ON {table} BEGIN"
            f" {refresh} WHERE id = NEW.contact_id; END"
        )
        op.execute(
            f"CREATE TRIGGER tr_{table}_delete AFTER DELETE ON {table} BEGIN"
            f" {refresh} WHERE id = OLD.contact_id; END"
        )
        op.execute(
            f"CREATE TRIGGER tr_{table}_update"
            f" AFTER UPDATE OF contact_id, value, preferred, position ON {table} BEGIN"
            f" {refresh} WHERE id IN (OLD.contact_id, NEW.contact_id); END"
        )
    for column in SORT_COLUMNS:
        for descending in (False, True):
            way = " DESC" if descending else ""
            op.execute(
                f"CREATE INDEX {index_name(column, descending)} ON contact"
                f" ({column} = '', {column} COLLATE NOCASE{way}, sort_name, id)"
                " WHERE deleted_at IS NULL"
            )


def downgrade() -> None:
    for column in SORT_COLUMNS:
        for descending in (False, True):
            op.execute(f"DROP INDEX {index_name(column, descending)}")
    for column, table in KEYED:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER tr_{table}_{event}")
        op.drop_column("contact", column)
