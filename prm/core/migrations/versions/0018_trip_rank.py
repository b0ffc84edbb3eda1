"""A trip plan ranks through an index instead of scoring everyone at the place.

``contact_place`` carries what ranks a person who has no other reason to be
met: their cadence target, whether they were ever contacted, the UTC day of
their last touch (else of their creation) and whether they are live. Triggers
copy them (and the birthday's month * 100 + day, ``ix_contact_place_birthday``)
from ``contact`` whenever a place row is written or those contact
columns change, so every path (a write, an import, a rebuild) keeps them.
``ix_contact_place_rank`` orders the people of one place by target, touched and
day, so the plan reads a few rows per (place, target) instead of all of them.
``rank_owed`` (when the oldest reply still owed to them came in) is kept by
triggers on touches and their participants; ``ix_contact_place_owed`` holds
only the people owed a reply, so the plan finds those at its places without
joining every owed message to its participants (17,000 at 1M: ~70 ms).

At 1M contacts (31,000 in Berlin) the plan scored every one of them in Python.

Revision ID: 0018_trip_rank
Revises: 0017_touch_hours
Create Date: 2026-11-30 06:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_trip_rank"
down_revision = "0017_touch_hours"
branch_labels = None
depends_on = None

COPIED = ("rank_target", "rank_touched", "rank_day", "rank_live", "rank_birthday")
COLUMNS = (*COPIED, "rank_owed")
# What the columns hold, read from a contact row named `c`.
VALUES = (
    "c.cadence_target_days, c.last_touch_at IS NOT NULL,"
    " substr(coalesce(c.last_touch_at, c.created_at), 1, 10), c.deleted_at IS NULL,"
    " CASE WHEN c.birthday_month AND c.birthday_day"
    " THEN c.birthday_month * 100 + c.birthday_day END"
)
TRIGGERS = ("tr_contact_place_rank_insert", "tr_contact_place_rank_update",
            "tr_contact_place_owed_insert", "tr_contact_place_owed_delete",
            "tr_contact_place_owed_move", "tr_contact_place_owed_touch")  # fmt: skip
OWED = (
    "(SELECT min(t.occurred_at) FROM touch_participant p CROSS JOIN touch t ON t.id = p.touch_id"
    " WHERE p.contact_id = contact_place.contact_id AND t.needs_reply = 1"
    " AND t.replied_at IS NULL AND t.deleted_at IS NULL)"
)
IS_OWED = "{0}.needs_reply = 1 AND {0}.replied_at IS NULL AND {0}.deleted_at IS NULL"


def _owed(where: str) -> str:
    return f"UPDATE contact_place SET rank_owed = {OWED} WHERE {where}"


def _set(where: str) -> str:
    return (
        f"UPDATE contact_place SET ({', '.join(COPIED)}) ="
        f" (SELECT {VALUES} FROM contact c WHERE c.id = contact_place.contact_id) WHERE {where}"
    )


def upgrade() -> None:
    op.add_column("contact_place", sa.Column("rank_target", sa.Integer(), nullable=True))
    op.add_column("contact_place", sa.Column("rank_touched", sa.Boolean(), nullable=True))
    op.add_column("contact_place", sa.Column("rank_day", sa.String(), nullable=True))
    op.add_column("contact_place", sa.Column("rank_live", sa.Boolean(), nullable=True))
    op.add_column("contact_place", sa.Column("rank_birthday", sa.Integer(), nullable=True))
    op.add_column("contact_place", sa.Column("rank_owed", sa.DateTime(), nullable=True))
    op.execute(_set("1"))
    op.execute(
        _owed(
            "contact_id IN (SELECT p.contact_id FROM touch t INDEXED BY ix_touch_reply_owed"
            f" CROSS JOIN touch_participant p ON p.touch_id = t.id WHERE {IS_OWED.format('t')})"
        )
    )
    op.execute(
        "CREATE TRIGGER tr_contact_place_rank_insert AFTER INSERT ON contact_place"
        f" BEGIN {_set('contact_id = NEW.contact_id')}; {_owed('contact_id = NEW.contact_id')};"
        " END"
    )
    op.execute(
        "CREATE TRIGGER tr_contact_place_rank_update"
        " AFTER UPDATE OF cadence_target_days, last_touch_at, created_at, deleted_at,"
        " birthday_month, birthday_day ON contact"
        f" BEGIN {_set('contact_id = NEW.id')}; END"
    )
    # A participant added to an owed message, removed, or moved to another contact (a merge).
    op.execute(
        "CREATE TRIGGER tr_contact_place_owed_insert AFTER INSERT ON touch_participant WHEN"
        f" (SELECT {IS_OWED.format('touch')} FROM touch WHERE touch.id = NEW.touch_id)"
        f" BEGIN {_owed('contact_id = NEW.contact_id')}; END"
    )
    op.execute(
        "CREATE TRIGGER tr_contact_place_owed_delete AFTER DELETE ON touch_participant"
        f" BEGIN {_owed('contact_id = OLD.contact_id')}; END"
    )
    op.execute(
        "CREATE TRIGGER tr_contact_place_owed_move"
        " AFTER UPDATE OF touch_id, contact_id ON touch_participant"
        f" BEGIN {_owed('contact_id IN (OLD.contact_id, NEW.contact_id)')}; END"
    )
    # A reply needed, given, undone, a message trashed or restored, its time edited.
    op.execute(
        "CREATE TRIGGER tr_contact_place_owed_touch"
        " AFTER UPDATE OF needs_reply, replied_at, deleted_at, occurred_at ON touch"
        f" WHEN ({IS_OWED.format('OLD')}) OR ({IS_OWED.format('NEW')}) BEGIN"
        f" {_owed('contact_id IN (SELECT contact_id FROM touch_participant WHERE touch_id = NEW.id)')};"
        " END"
    )
    op.execute(
        "CREATE INDEX ix_contact_place_owed ON contact_place (lat, lon, country_code, city,"
        " rank_owed) WHERE rank_owed IS NOT NULL"
    )
    op.execute(
        "CREATE INDEX ix_contact_place_birthday ON contact_place (lat, lon, rank_birthday)"
        " WHERE rank_live = 1 AND rank_birthday IS NOT NULL"
    )
    op.execute(
        "CREATE INDEX ix_contact_place_rank ON contact_place"
        " (lat, lon, rank_target, rank_touched, rank_day, contact_id) WHERE rank_live = 1"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_contact_place_rank")
    op.execute("DROP INDEX ix_contact_place_owed")
    op.execute("DROP INDEX ix_contact_place_birthday")
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    for column in reversed(COLUMNS):
        op.drop_column("contact_place", column)
