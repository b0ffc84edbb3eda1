"""Suggested duplicates kept as derived data, so the Duplicates screen reads them
instead of searching 100,000 contacts (``prm/core/duplicates/candidates.py``).

``derived_dup_candidate``: every suggested pair (lower id first) with its score and
reasons, read best first through ``ix_derived_dup_candidate_order``.
``derived_dup_name``: each live contact's name as compared (nicknames read, tokens
sorted) and a signature of its matching facts, so an edit that changes none of
them costs nothing and "how many bear this name" is an index count.
``derived_dup_key``: each live contact's blocking keys (``e:`` email, ``p:`` phone,
``n:`` name key): whom one changed contact must be compared with.
``derived_dup_dirty``: contacts written since, refreshed before the next read.
``derived_dup_state``: one row once the tables are complete; none means a full
rebuild is due (now, after an import of everything, raw bulk writes).

Not SQLModel tables: derived, never exported, never part of a merge's undo.

Revision ID: 0010_duplicate_candidates
Revises: 0009_reply_owed_index
Create Date: 2026-11-29 22:20:00
"""

from alembic import op

revision = "0010_duplicate_candidates"
down_revision = "0009_reply_owed_index"
branch_labels = None
depends_on = None

TABLES = (
    "derived_dup_candidate",
    "derived_dup_name",
    "derived_dup_key",
    "derived_dup_dirty",
    "derived_dup_state",
)


def upgrade() -> None:
    op.execute(
        "CREATE TABLE derived_dup_candidate (a INTEGER NOT NULL, b INTEGER NOT NULL,"
        " score INTEGER NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID"
    )
    op.execute(
        "CREATE INDEX ix_derived_dup_candidate_order ON derived_dup_candidate (score DESC, a, b)"
    )
    op.execute("CREATE INDEX ix_derived_dup_candidate_b ON derived_dup_candidate (b)")
    op.execute(
        "CREATE TABLE derived_dup_name (contact_id INTEGER PRIMARY KEY, norm TEXT,"
        " signature TEXT NOT NULL)"
    )
    op.execute("CREATE INDEX ix_derived_dup_name_norm ON derived_dup_name (norm)")
    op.execute(
        "CREATE TABLE derived_dup_key (key TEXT NOT NULL, contact_id INTEGER NOT NULL,"
        " PRIMARY KEY (key, contact_id)) WITHOUT ROWID"
    )
    op.execute("CREATE INDEX ix_derived_dup_key_contact ON derived_dup_key (contact_id)")
    op.execute("CREATE TABLE derived_dup_dirty (contact_id INTEGER PRIMARY KEY)")
    op.execute("CREATE TABLE derived_dup_state (id INTEGER PRIMARY KEY, built_at TEXT NOT NULL)")


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TABLE {table}")
