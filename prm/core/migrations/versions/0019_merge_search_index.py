"""The search index merged into one segment, once.

Stores filled by an import, a first sync or the sample data hold their search
index in many segments, each searched on every lookup; merged, testing a contact
against a typed prefix costs a quarter as much (the first page of "m" at 100k
contacts: 10 -> 2.4 ms). New bulk loads merge it themselves (search.merge_index).

Revision ID: 0019_merge_search_index
Revises: 0018_trip_rank
Create Date: 2026-11-30 07:00:00
"""

from alembic import op

revision = "0019_merge_search_index"
down_revision = "0018_trip_rank"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("INSERT INTO contact_fts(contact_fts) VALUES ('optimize')")


def downgrade() -> None:
    pass  # the same index, merged or not
