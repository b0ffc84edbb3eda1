"""The search index's words, listed, so a long typed word is looked up quickly.

FTS5 answers a prefix longer than its prefix indexes (3 characters) by merging
the lists of every word it begins, in full, on every lookup: "client" (a tag on a
third of the book) cost 48 ms a keystroke at 1M contacts and testing one contact
against it 8 ms. ``derived_search_term`` lists every word the index holds, so a
search spells such a prefix out as the few words it begins and FTS5 reads each
list only where it is needed (search.match_for). Kept by search.index_documents,
through which every writer of the index goes; re-read in full when the index is
merged (search.merge_index).

Revision ID: 0022_search_words
Revises: 0021_duplicate_count
Create Date: 2026-11-30 09:00:00
"""

from alembic import op

revision = "0022_search_words"
down_revision = "0021_duplicate_count"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE derived_search_term (term TEXT PRIMARY KEY) WITHOUT ROWID")
    op.execute(
        "CREATE VIRTUAL TABLE temp.prm_migrate_fts_words USING fts5vocab(main, contact_fts, row)"
    )
    op.execute("INSERT INTO derived_search_term(term) SELECT term FROM temp.prm_migrate_fts_words")
    op.execute("DROP TABLE temp.prm_migrate_fts_words")


def downgrade() -> None:
    op.execute("DROP TABLE derived_search_term")
