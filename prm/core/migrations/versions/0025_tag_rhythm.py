"""Each tag's people in rhythm order: Reach out filtered by a tag walks them alone.

``derived_tag_rhythm`` holds a row per tag of each live contact with a cadence
target: (tag, target, anchor, contact), the anchor being their last touch or else
when they were added (``rhythm_sql.ANCHOR``). Its key is the order Reach out ranks
one target's people in, as ix_contact_rhythm is for everyone. Kept exact by
triggers on ``contact`` (a change of the anchor, the target or ``deleted_at``; a
delete) and on ``contact_tag``.

Why: filtered by a tag few carry, Reach out's first page either walked every
target testing each entry for the tag (a tag on 1 in 200 people: 200 entries read
for each one shown) or read all the tag's people one by one (5,000 at 1M
contacts: 35-50 ms, over the page's 20 ms budget). Walking this table reads the
page's people only.

Derived, so not exported (the ``derived_`` prefix) and rebuilt by import-all. A
later revision that rebuilds ``contact`` or ``contact_tag`` (batch mode) drops these
triggers and must create them again.

Revision ID: 0025_tag_rhythm
Revises: 0024_list_changes
Create Date: 2026-11-30 15:30:00
"""

from alembic import op

revision = "0025_tag_rhythm"
down_revision = "0024_list_changes"
branch_labels = None
depends_on = None

KEY = "tag_id, target, anchor, contact_id"
TRIGGERS = ("contact_update", "contact_delete", "link_insert", "link_update", "link_delete")


def _counted(row: str) -> str:
    return f"({row}.deleted_at IS NULL AND {row}.cadence_target_days IS NOT NULL)"


def _key(tag: str, row: str) -> str:
    return f"{tag}, {row}.cadence_target_days, coalesce({row}.last_touch_at, {row}.created_at), {row}.id"


def _of_contact(row: str) -> str:
    """The rows of contact ``row``, one per tag, if it is counted."""
    return (
        f"SELECT {_key('ct.tag_id', row)} FROM contact_tag ct"
        f" WHERE ct.contact_id = {row}.id AND {_counted(row)}"
    )


def _of_link(link: str) -> str:
    """The row of contact_tag row ``link``, if its contact is counted."""
    return f"SELECT {_key(f'{link}.tag_id', 'c')} FROM contact c WHERE c.id = {link}.contact_id AND {_counted('c')}"


def _add(rows: str) -> str:
    return f"INSERT OR IGNORE INTO derived_tag_rhythm ({KEY}) {rows};"


def _remove(rows: str) -> str:
    return f"DELETE FROM derived_tag_rhythm WHERE ({KEY}) IN ({rows});"


def upgrade() -> None:
    op.execute(
        "CREATE TABLE derived_tag_rhythm (tag_id INTEGER NOT NULL, target INTEGER NOT NULL,"
        f" anchor TEXT NOT NULL, contact_id INTEGER NOT NULL, PRIMARY KEY ({KEY})) WITHOUT ROWID"
    )
    op.execute(
        f"INSERT INTO derived_tag_rhythm ({KEY}) SELECT {_key('ct.tag_id', 'c')}"
        f" FROM contact_tag ct JOIN contact c ON c.id = ct.contact_id WHERE {_counted('c')}"
    )
    # A new contact has no tags yet: its tags are written after it.
    # Before: a contact's tags go with it (ON DELETE CASCADE) once the row is gone,
    # and tr_tag_rhythm_link_delete then finds no contact to remove the rows of.
    op.execute(
        "CREATE TRIGGER tr_tag_rhythm_contact_delete BEFORE DELETE ON contact"
        f" WHEN {_counted('OLD')} BEGIN {_remove(_of_contact('OLD'))} END"
    )
    moved = " OR ".join(
        f"OLD.{c} IS NOT NEW.{c}"
        for c in ("cadence_target_days", "last_touch_at", "created_at", "deleted_at")
    )
    op.execute(
        "CREATE TRIGGER tr_tag_rhythm_contact_update AFTER UPDATE OF last_touch_at, created_at,"
        " cadence_target_days, deleted_at ON contact"
        f" WHEN ({_counted('OLD')} OR {_counted('NEW')}) AND ({moved})"
        f" BEGIN {_remove(_of_contact('OLD'))} {_add(_of_contact('NEW'))} END"
    )
    op.execute(
        "CREATE TRIGGER tr_tag_rhythm_link_insert AFTER INSERT ON contact_tag"
        f" BEGIN {_add(_of_link('NEW'))} END"
    )
    op.execute(
        "CREATE TRIGGER tr_tag_rhythm_link_delete AFTER DELETE ON contact_tag"
        f" BEGIN {_remove(_of_link('OLD'))} END"
    )
    op.execute(
        "CREATE TRIGGER tr_tag_rhythm_link_update AFTER UPDATE ON contact_tag"
        f" BEGIN {_remove(_of_link('OLD'))} {_add(_of_link('NEW'))} END"
    )


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER tr_tag_rhythm_{name}")
    op.execute("DROP TABLE derived_tag_rhythm")
