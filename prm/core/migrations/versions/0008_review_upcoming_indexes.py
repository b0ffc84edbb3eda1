"""Indexes for the weekly review and Upcoming at 100,000 contacts.

``ix_contact_overdue`` hands over live contacts by their maximum gap and anchor,
so "how many are overdue" is one index range per maximum in use
(``reach_out.overdue_count``) instead of scans of the whole contact table.
``ix_contact_birthday_key`` and ``ix_contact_anniversary_key`` (month*100+day,
live contacts only) let Upcoming read only the contacts whose day falls in the
window (``upcoming._from_contacts``); they also hold what an occurrence shows
(name, uid, year), so the contact rows themselves are never read.

``ix_touch_week`` holds what "done last week" counts (time, direction, deleted,
channel), so the review reads a week of touches from the index alone.

``ix_touch_follow_up_open`` (open follow-ups only, with their summary) is what
the review's follow-ups read before their people.

The contact ones and the last are expression or partial indexes built by hand (``migrate.UNMANAGED_INDEXES``).

Revision ID: 0008_review_upcoming_indexes
Revises: 0007_formatted_name
Create Date: 2026-11-29 21:20:00
"""

from alembic import op

revision = "0008_review_upcoming_indexes"
down_revision = "0007_formatted_name"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_touch_week", "touch", ["occurred_at", "direction", "deleted_at", "channel"])
    op.execute(
        "CREATE INDEX ix_touch_follow_up_open ON touch (follow_up_on, id, summary)"
        " WHERE follow_up_on IS NOT NULL AND follow_up_done = 0 AND deleted_at IS NULL"
    )
    # The anchor expression must read exactly like rhythm_sql.ANCHOR.
    op.execute(
        "CREATE INDEX ix_contact_overdue ON contact"
        " (cadence_max_days, coalesce(last_touch_at, created_at), snoozed_until,"
        " cadence_target_days) WHERE deleted_at IS NULL"
    )
    for field in ("birthday", "anniversary"):
        op.execute(
            f"CREATE INDEX ix_contact_{field}_key ON contact"
            f" (({field}_month * 100 + {field}_day), {field}_year, {field}_month, {field}_day,"
            " display_name, uid) WHERE deleted_at IS NULL"
        )


def downgrade() -> None:
    for name in (
        "ix_touch_follow_up_open",
        "ix_contact_anniversary_key",
        "ix_contact_birthday_key",
        "ix_contact_overdue",
    ):
        op.execute(f"DROP INDEX {name}")
    op.drop_index("ix_touch_week", table_name="touch")
