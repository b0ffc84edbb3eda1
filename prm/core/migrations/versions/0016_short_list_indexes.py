"""Reach out's weekly short list walks an index instead of scanning.

- ``contact.referral_level``: how many live people the contact referred, capped
  at 4 (the most the short list's value counts), kept by triggers on every
  insert, delete and change of ``referred_by_id`` / ``deleted_at``.
- ``ix_contact_value``: live contacts by cadence target, referral level and
  anchor: within one (target, level) the most overdue come first and their
  value is bounded exactly, so the short list reads a few rows per walk.
- ``ix_contact_untouched``: the never contacted by target, level and when added.

At 1M contacts the short list read ~8,400 rows (200 ms) and the counts ~56,000
(1.5 s); both are now index walks and index-only counts.

Revision ID: 0016_short_list_indexes
Revises: 0015_travel
Create Date: 2026-11-30 06:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_short_list_indexes"
down_revision = "0015_travel"
branch_labels = None
depends_on = None

LEVEL = (
    "(SELECT min(4, count(*)) FROM contact r"
    " WHERE r.referred_by_id = contact.id AND r.deleted_at IS NULL)"
)
TRIGGERS = ("insert", "update", "delete")


def upgrade() -> None:
    # Plain ADD COLUMN: a batch rebuild of `contact` would drop its expression indexes.
    op.add_column(
        "contact",
        sa.Column("referral_level", sa.Integer(), nullable=False, server_default="0"),
    )
    op.execute(
        f"UPDATE contact SET referral_level = {LEVEL} WHERE id IN"
        " (SELECT referred_by_id FROM contact WHERE referred_by_id IS NOT NULL)"
    )
    op.execute(
        "CREATE TRIGGER tr_contact_referrals_insert AFTER INSERT ON contact"
        f" WHEN NEW.referred_by_id IS NOT NULL BEGIN UPDATE contact SET referral_level = {LEVEL}"
        " WHERE id = NEW.referred_by_id; END"
    )
    op.execute(
        "CREATE TRIGGER tr_contact_referrals_update"
        " AFTER UPDATE OF referred_by_id, deleted_at ON contact"
        " WHEN coalesce(OLD.referred_by_id, NEW.referred_by_id) IS NOT NULL"
        f" BEGIN UPDATE contact SET referral_level = {LEVEL}"
        " WHERE id IN (OLD.referred_by_id, NEW.referred_by_id); END"
    )
    op.execute(
        "CREATE TRIGGER tr_contact_referrals_delete AFTER DELETE ON contact"
        f" WHEN OLD.referred_by_id IS NOT NULL BEGIN UPDATE contact SET referral_level = {LEVEL}"
        " WHERE id = OLD.referred_by_id; END"
    )
    # The anchor expression must read exactly like rhythm_sql.ANCHOR.
    op.execute(
        "CREATE INDEX ix_contact_value ON contact"
        " (cadence_target_days, referral_level, coalesce(last_touch_at, created_at),"
        " snoozed_until) WHERE deleted_at IS NULL"
    )
    op.execute(
        "CREATE INDEX ix_contact_untouched ON contact"
        " (cadence_target_days, referral_level, created_at, snoozed_until)"
        " WHERE last_touch_at IS NULL AND deleted_at IS NULL"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_contact_untouched")
    op.execute("DROP INDEX ix_contact_value")
    for event in TRIGGERS:
        op.execute(f"DROP TRIGGER tr_contact_referrals_{event}")
    op.drop_column("contact", "referral_level")
